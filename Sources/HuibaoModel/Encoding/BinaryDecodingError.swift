/// Why a byte sequence is not a valid Huibao change or document.
///
/// Decoders never trap on bad input: every problem is one of these cases, naming the field
/// being read and the byte offset in the input where it went wrong.
public enum BinaryDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input ended while `needed` more bytes were expected.
    case truncated(field: String, offset: Int, needed: Int)
    /// The input does not start with the expected magic bytes.
    case badMagic(expected: String, offset: Int)
    /// The format version is newer than this build understands, or unknown.
    case unsupportedVersion(found: Int, supported: ClosedRange<Int>)
    /// A length or count field is larger than the data that could follow it.
    case lengthOutOfBounds(field: String, offset: Int, length: UInt64, limit: Int)
    /// A field holds a value that is not allowed there.
    case invalidValue(field: String, offset: Int, reason: String)
    /// Bytes remain after the last field.
    case trailingBytes(field: String, offset: Int, count: Int)
    /// The stored checksum does not match the content: the data is damaged.
    case checksumMismatch(expected: UInt32, actual: UInt32)
    /// The compressed body could not be inflated.
    case compression(reason: String)
    /// The bytes decode, but a change they hold is not valid in its history.
    case invalidChange(index: Int, reason: String)

    public var description: String {
        switch self {
        case .truncated(let field, let offset, let needed):
            "input truncated while reading \(field) at byte \(offset): \(needed) more byte(s) needed"
        case .badMagic(let expected, let offset):
            "not a Huibao \(expected): wrong magic bytes at byte \(offset)"
        case .unsupportedVersion(let found, let supported):
            "format version \(found) is not supported (this build reads \(supported.lowerBound)..."
                + "\(supported.upperBound)); upgrade huibao to read it"
        case .lengthOutOfBounds(let field, let offset, let length, let limit):
            "\(field) at byte \(offset) is \(length), more than the \(limit) the input allows"
        case .invalidValue(let field, let offset, let reason):
            "invalid \(field) at byte \(offset): \(reason)"
        case .trailingBytes(let field, let offset, let count):
            "\(count) unexpected byte(s) after \(field) at byte \(offset)"
        case .checksumMismatch(let expected, let actual):
            "checksum mismatch (stored \(expected), computed \(actual)): the data is damaged"
        case .compression(let reason):
            "compressed body is damaged: \(reason)"
        case .invalidChange(let index, let reason):
            "change #\(index) is not valid: \(reason)"
        }
    }
}
