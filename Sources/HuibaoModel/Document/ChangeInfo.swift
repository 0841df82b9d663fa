/// What a document keeps of every applied change without its operations or hash: enough to
/// name who made an operation, when, and in which causal place, while the history itself stays
/// encoded (``Document/changeInfo(at:)``).
package struct ChangeInfo: Hashable, Sendable {
    /// The replica that made the change.
    package var author: ReplicaID
    /// Its sequence number among the author's changes (1, 2, …).
    package var seq: UInt64
    /// The counter of its first operation id.
    package var startCounter: UInt64
    /// Its Lamport time.
    package var lamport: UInt64
    /// When it was made, milliseconds since 1970.
    package var wallTime: Int64
    /// Whether it was made on nothing (a first version of the document).
    package var isRoot: Bool

    /// The metadata of `change`.
    package init(_ change: Change) {
        self.init(
            author: change.author, seq: change.seq, startCounter: change.startCounter, lamport: change.lamport,
            wallTime: change.wallTime, isRoot: change.dependencies.isEmpty)
    }

    /// Metadata from its fields.
    package init(author: ReplicaID, seq: UInt64, startCounter: UInt64, lamport: UInt64, wallTime: Int64, isRoot: Bool) {
        self.author = author
        self.seq = seq
        self.startCounter = startCounter
        self.lamport = lamport
        self.wallTime = wallTime
        self.isRoot = isRoot
    }
}
