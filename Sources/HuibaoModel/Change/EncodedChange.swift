/// A change as it is stored and sent: its canonical bytes and its hash, decoded only when
/// someone needs its fields.
///
/// A workspace sends its unacknowledged changes as the bytes it stored (their hashes stored
/// beside them), without decoding, re-encoding or hashing them again; the receiving side decodes
/// them once (``init(decoding:)``) and keeps the decoded change.
public struct EncodedChange: Hashable, Sendable {
    /// The change's hash: the SHA-256 of ``bytes``.
    public let hash: ChangeHash
    /// The canonical encoding (``Change/encoded``).
    public let bytes: [UInt8]
    /// The decoded change, when this value was made from one or by decoding (boxed: a store
    /// reads back a long log tail as values without it, which stay small).
    private let value: Decoded?

    /// A decoded change, boxed.
    private indirect enum Decoded: Sendable {
        case change(Change)
    }

    /// The encoded form of `change`.
    public init(_ change: Change) {
        hash = change.hash
        bytes = change.encoded
        value = .change(change)
    }

    /// Decodes and verifies `bytes` (see ``Change/init(decoding:)``), keeping the result.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        self.init(try Change(decoding: bytes))
    }

    /// Bytes and hash read back from a store that verified them when it stored them: nothing
    /// is decoded or hashed. ``decoded()`` verifies them if it is ever called.
    package init(stored bytes: [UInt8], hash: ChangeHash) {
        self.hash = hash
        self.bytes = bytes
        value = nil
    }

    /// The change: the kept one, or the bytes decoded and checked against ``hash``.
    public func decoded() throws(BinaryDecodingError) -> Change {
        if case .change(let change) = value { return change }
        let change = try Change(decoding: bytes)
        guard change.hash == hash else {
            throw .invalidValue(field: "change", offset: 0, reason: "its bytes do not have the stored hash \(hash)")
        }
        return change
    }

    public static func == (a: EncodedChange, b: EncodedChange) -> Bool { a.hash == b.hash && a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
