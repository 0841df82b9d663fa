/// One operation of a change, addressed by operation ids so that it means the same on every replica.
public enum Operation: Hashable, Sendable {
    /// Inserts `text` into the body between the character `after` and the character `before`,
    /// as they were next to each other when the author inserted it (`nil` means the start or the
    /// end of the text). The characters get the consecutive ids of the operation.
    case insertText(after: OpID?, before: OpID?, text: String)
    /// Deletes `count` characters whose ids are `start.counter ..< start.counter + count` of
    /// `start.replica`.
    case deleteText(start: OpID, count: Int)
    /// Writes `value` to the register `key`, overwriting the entries `overwrites` (sorted, no duplicates).
    case setRegister(key: String, value: RegisterValue, overwrites: [OpID])

    /// How many operation ids the operation consumes.
    public var width: Int {
        switch self {
        case .insertText(_, _, let text): text.scalarCount
        case .deleteText(_, let count): count
        case .setRegister: 1
        }
    }
}
