/// The identity of one operation element: the replica that made it and a per-replica counter.
///
/// Every operation consumes a contiguous range of counters: an insertion of `n` Unicode scalars
/// consumes `n` (one per character, so each character has its own id), a deletion of `n`
/// characters consumes `n`, and a register write consumes one. Counters of a replica start at 0
/// and have no gaps.
public struct OpID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The replica that created the operation.
    public var replica: ReplicaID
    /// The position of the element in the replica's own sequence of operation elements.
    public var counter: UInt64

    /// Creates an operation id.
    public init(replica: ReplicaID, counter: UInt64) {
        self.replica = replica
        self.counter = counter
    }

    /// `counter@replica`, for example `12@00000000000000ff`.
    public var description: String { "\(counter)@\(replica)" }

    /// Parses ``description``; `nil` if `text` is not of that form.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let counter = UInt64(parts[0]), let replica = ReplicaID(hex: String(parts[1])) else {
            return nil
        }
        self.init(replica: replica, counter: counter)
    }

    public static func < (lhs: OpID, rhs: OpID) -> Bool {
        (lhs.replica, lhs.counter) < (rhs.replica, rhs.counter)
    }
}
