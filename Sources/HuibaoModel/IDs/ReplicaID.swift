/// The identity of one installation of the client: a random 64-bit number.
///
/// A unit (an organisation) can have several replicas, for example two clerks on two machines.
/// Replica ids order the concurrent insertions of the text CRDT, so they must never be reused.
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw 64-bit value.
    public var rawValue: UInt64

    /// Creates a replica id from its raw value.
    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Creates a new random replica id using the system's secure generator.
    public static func random() -> ReplicaID {
        var generator = SystemRandomNumberGenerator()
        return ReplicaID(generator.next())
    }

    /// Creates a replica id from 16 hexadecimal digits, or returns `nil` if `text` is not one.
    public init?(hex text: String) {
        guard text.utf8.count == 16, let value = UInt64(text, radix: 16) else { return nil }
        self.rawValue = value
    }

    /// The id as 16 lowercase hexadecimal digits.
    public var description: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        Hex.append(rawValue, digits: 16, to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
