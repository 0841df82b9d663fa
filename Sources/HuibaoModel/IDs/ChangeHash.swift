/// The SHA-256 of a change's canonical encoding: the change's identity.
///
/// Because a change names the hashes of the changes it was made on, the history is a hash chain:
/// a damaged or forged change does not verify.
public struct ChangeHash: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the digest, as four big-endian words so that comparison is byte order.
    package var words: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a hash from exactly 32 bytes, or returns `nil` for any other length.
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == 32 else { return nil }
        // Contiguous bytes (arrays, slices, stored blobs) are read in place: a store reads one
        // hash per logged change.
        if let words = bytes.withContiguousStorageIfAvailable(ChangeHash.words(of:)) {
            self.words = words
            return
        }
        self.words = ChangeHash.words(of: Array(bytes))
    }

    /// The four big-endian words of 32 bytes.
    private static func words(of bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
        func word(_ start: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in start..<start + 8 { value = value << 8 | UInt64(bytes[index]) }
            return value
        }
        return (word(0), word(8), word(16), word(24))
    }

    /// The four big-endian words of 32 bytes.
    private static func words(of bytes: [UInt8]) -> (UInt64, UInt64, UInt64, UInt64) {
        bytes.withUnsafeBufferPointer { words(of: $0) }
    }

    /// Creates a hash from 64 hexadecimal digits, or returns `nil` if `hex` is not one.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: utf8[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(bytes: bytes)
    }

    /// The 32 bytes of the digest.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return out
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var description: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(64)
        appendDescription(to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    /// Appends ``description``'s UTF-8 (64 hexadecimal digits) to `out`, without a string in
    /// between.
    package func appendDescription(to out: inout [UInt8]) {
        for word in [words.0, words.1, words.2, words.3] { Hex.append(word, digits: 16, to: &out) }
    }

    /// Appends ``shortDescription``'s UTF-8 to `out`, without a string in between (a history
    /// listing writes one per change).
    package func appendShortDescription(to out: inout [UInt8]) {
        Hex.append(words.0 >> 16, digits: 12, to: &out)
    }

    /// The first 12 hexadecimal digits, enough to name a change to a person.
    public var shortDescription: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(12)
        Hex.append(words.0 >> 16, digits: 12, to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    public static func == (lhs: ChangeHash, rhs: ChangeHash) -> Bool {
        lhs.words == rhs.words
    }

    public static func < (lhs: ChangeHash, rhs: ChangeHash) -> Bool {
        lhs.words < rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        // The words are uniformly distributed digest bits: one is plenty for hash tables.
        hasher.combine(words.0)
    }
}
