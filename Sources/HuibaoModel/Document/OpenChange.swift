/// The local change being built: its header and its operations in LV form.
struct OpenChange: Sendable {
    /// One pending operation, addressed by LVs.
    enum PendingOperation: Sendable {
        /// Characters `lv ..< lv + length` inserted between `left` and `right`.
        case insert(lv: Int32, length: Int32, left: Int32, right: Int32)
        /// Ids `lv ..< lv + length` deleting the characters `target ..< target + length`.
        case delete(lv: Int32, length: Int32, target: Int32)
        /// A register write with id `lv`.
        case register(lv: Int32, key: String, value: RegisterValue, overwrites: [OpID])
    }

    var seq: UInt64
    var startCounter: UInt64
    var lvStart: Int32
    var lamport: UInt64
    var dependencies: [ChangeHash]
    var operations: [PendingOperation] = []
}
