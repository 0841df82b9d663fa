/// The unit of history and of sync: a group of operations one replica made in one step.
///
/// A change names its author, its place in the author's sequence (`seq`, from 1), the operation
/// id counter of its first operation, its Lamport time, the wall-clock time it was made, and the
/// hashes of the changes it was made on (the document's heads at that moment). Its identity is
/// the SHA-256 of its canonical encoding (see `EncodingFormat.md`), so the history is a hash chain.
///
/// `Change` values are immutable; create them with ``init(author:seq:startCounter:lamport:wallTime:dependencies:operations:)``
/// or decode them with ``init(decoding:)``. ``Document`` creates them for local edits.
///
/// ## Topics
/// - ``hash``
/// - ``encoded``
/// - ``operations``
public struct Change: Hashable, Sendable, CustomStringConvertible {
    /// The replica that made the change.
    public let author: ReplicaID
    /// The change's position in its author's history, starting at 1.
    public let seq: UInt64
    /// The operation id counter of the first operation; later operations follow without gaps.
    public let startCounter: UInt64
    /// The Lamport time: one more than the largest Lamport time among the dependencies.
    public let lamport: UInt64
    /// Milliseconds since 1970-01-01 UTC when the change was made (informative, not trusted).
    public let wallTime: Int64
    /// The hashes of the changes this one was made on, sorted ascending.
    public let dependencies: [ChangeHash]
    /// The operations, in the order of their ids.
    public let operations: [Operation]
    /// The canonical encoding: the exact bytes that are hashed, stored and sent.
    public let encoded: [UInt8]
    /// The SHA-256 of ``encoded``.
    public let hash: ChangeHash

    /// Creates a change, computing its canonical encoding and hash.
    ///
    /// - Precondition: `seq` and `lamport` are at least 1, `dependencies` has no duplicates, and
    ///   every operation consumes at least one id. These are checked by ``Document`` for local
    ///   changes; remote changes come through ``init(decoding:)``, which throws instead.
    public init(
        author: ReplicaID,
        seq: UInt64,
        startCounter: UInt64,
        lamport: UInt64,
        wallTime: Int64,
        dependencies: [ChangeHash],
        operations: [Operation]
    ) {
        precondition(seq >= 1 && lamport >= 1, "seq and lamport start at 1")
        let fields = ChangeFields(
            author: author, seq: seq, startCounter: startCounter, lamport: lamport, wallTime: wallTime,
            dependencies: dependencies.sorted(), operations: operations)
        self.init(validated: fields, encoded: Change.encode(fields))
    }

    /// Internal memberwise initializer used by the decoder once it has checked everything.
    ///
    /// - Parameter hash: the SHA-256 of `encoded` if the caller knows it (computed otherwise).
    init(validated fields: ChangeFields, encoded: [UInt8], hash: ChangeHash? = nil) {
        author = fields.author
        seq = fields.seq
        startCounter = fields.startCounter
        lamport = fields.lamport
        wallTime = fields.wallTime
        dependencies = fields.dependencies
        operations = fields.operations
        self.encoded = encoded
        self.hash = hash ?? ChangeHash.sha256(of: encoded)
    }

    /// How many operation ids the change consumes in total.
    public var width: Int { operations.reduce(0) { $0 + $1.width } }

    /// `seq@author #hash`, for logs.
    public var description: String {
        "change \(seq)@\(author) \(hash.shortDescription) (\(operations.count) op(s))"
    }

    public static func == (lhs: Change, rhs: Change) -> Bool {
        lhs.hash == rhs.hash
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}

/// The decoded fields of a change, before it is wrapped in a ``Change``.
struct ChangeFields {
    var author: ReplicaID
    var seq: UInt64
    var startCounter: UInt64
    var lamport: UInt64
    var wallTime: Int64
    var dependencies: [ChangeHash]
    var operations: [Operation]
}
