/// Why a document operation was refused. Nothing of a refused call is applied.
public enum DocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A local edit named a position outside the text.
    case positionOutOfBounds(position: Int, count: Int, textLength: Int)
    /// A change is not valid against the history it claims to follow.
    case invalidChange(hash: ChangeHash, author: ReplicaID, seq: UInt64, reason: String)

    /// The change at fault, if one is.
    public var change: ChangeHash? {
        if case .invalidChange(let hash, _, _, _) = self { return hash }
        return nil
    }

    public var description: String {
        switch self {
        case .positionOutOfBounds(let position, let count, let length):
            "edit of \(count) character(s) at position \(position) is outside the text (length \(length))"
        case .invalidChange(let hash, let author, let seq, let reason):
            "change \(hash.shortDescription) (seq \(seq) of replica \(author)) refused: \(reason)"
        }
    }
}
