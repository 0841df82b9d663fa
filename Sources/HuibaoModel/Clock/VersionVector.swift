/// For each replica, how many of its changes a document holds (the highest `seq`).
///
/// Changes of one replica apply in `seq` order, so this summarises exactly which changes are
/// present and is what a sync round sends to say "I have these".
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    /// The highest applied `seq` per replica; replicas with none are absent.
    public private(set) var entries: [ReplicaID: UInt64] = [:]

    /// Creates an empty version vector.
    public init() {}

    /// Creates a version vector from its entries (zero entries are dropped).
    public init(_ entries: [ReplicaID: UInt64]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    /// The highest `seq` of `replica`'s changes, or 0.
    public subscript(replica: ReplicaID) -> UInt64 {
        get { entries[replica] ?? 0 }
        set { entries[replica] = newValue == 0 ? nil : newValue }
    }

    /// Whether this vector holds every change `other` holds.
    public func includes(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// The entry-wise maximum of the two vectors.
    public func merging(_ other: VersionVector) -> VersionVector {
        VersionVector(entries.merging(other.entries, uniquingKeysWith: max))
    }

    /// `{replica: seq, ...}` sorted by replica.
    public var description: String {
        "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }
}
