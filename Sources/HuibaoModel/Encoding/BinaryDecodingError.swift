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
            Language.text(
                "读取 \(field) 时输入在第\(offset)字节处中断：还需要\(needed)字节",
                "input truncated while reading \(field) at byte \(offset): \(needed) more byte(s) needed")
        case .badMagic(let expected, let offset):
            Language.text(
                "不是 Huibao \(expected)：第\(offset)字节处的标识字节不符",
                "not a Huibao \(expected): wrong magic bytes at byte \(offset)")
        case .unsupportedVersion(let found, let supported):
            Language.text(
                "不支持格式版本\(found)（本程序可读取\(supported.lowerBound)...\(supported.upperBound)）；请升级 huibao",
                "format version \(found) is not supported (this build reads \(supported.lowerBound)..."
                    + "\(supported.upperBound)); upgrade huibao to read it")
        case .lengthOutOfBounds(let field, let offset, let length, let limit):
            Language.text(
                "第\(offset)字节处的 \(field) 为\(length)，超过了输入允许的\(limit)",
                "\(field) at byte \(offset) is \(length), more than the \(limit) the input allows")
        case .invalidValue(let field, let offset, let reason):
            Language.text(
                "第\(offset)字节处的 \(field) 无效：\(reason)", "invalid \(field) at byte \(offset): \(reason)")
        case .trailingBytes(let field, let offset, let count):
            Language.text(
                "\(field) 之后（第\(offset)字节处）有\(count)个多余字节",
                "\(count) unexpected byte(s) after \(field) at byte \(offset)")
        case .checksumMismatch(let expected, let actual):
            Language.text(
                "校验和不符（存储值\(expected)，计算值\(actual)）：数据已损坏",
                "checksum mismatch (stored \(expected), computed \(actual)): the data is damaged")
        case .compression(let reason):
            Language.text("压缩内容已损坏：\(reason)", "compressed body is damaged: \(reason)")
        case .invalidChange(let index, let reason):
            Language.text("第\(index)个修改无效：\(reason)", "change #\(index) is not valid: \(reason)")
        }
    }
}
