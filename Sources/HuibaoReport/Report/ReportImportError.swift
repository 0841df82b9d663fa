import HuibaoModel

/// Why a report file could not be imported. Nothing is imported when one of these is thrown.
public enum ReportImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are neither UTF-8 nor GB18030; `offset` is the first byte that is not valid UTF-8.
    case undecodable(source: String, offset: Int, reason: String)
    /// The file holds no text.
    case empty(source: String)
    /// The text contains U+E000, which Huibao reserves to anchor metrics in the text.
    case reservedCharacter(source: String, line: Int)
    /// The text contains a NUL character: not a text file, or UTF-16 without a byte-order mark.
    case nulCharacter(source: String, line: Int)

    public var description: String {
        switch self {
        case .undecodable(let source, let offset, let reason):
            Language.text(
                "\(source)：无法读取文本：第\(offset)字节处\(Self.chineseReason(reason))；请将文件另存为 UTF-8 或 GB18030 编码",
                "\(source): cannot read the text: \(reason) at byte \(offset); save the file as UTF-8 or GB18030")
        case .empty(let source):
            Language.text("\(source)：文件为空", "\(source): the file is empty")
        case .reservedCharacter(let source, let line):
            Language.text(
                "\(source)：第\(line)行含有 Huibao 保留的私用字符 U+E000，请删除",
                "\(source): line \(line) contains the private-use character U+E000, which Huibao reserves; remove it")
        case .nulCharacter(let source, let line):
            Language.text(
                "\(source)：第\(line)行含有 NUL 字符（字节0）：这是文本文件吗？如果它是不带字节顺序标记的 UTF-16 文件，请另存为 UTF-8",
                "\(source): line \(line) contains a NUL character (byte 0): is it a text file? If it was saved as "
                    + "UTF-16 without a byte-order mark, save it again as UTF-8")
        }
    }

    /// The reason ``ReportText`` gives for bytes that are neither UTF-8 nor GB18030 (kept in
    /// English in the error's value, so that errors compare equal in any language).
    static let notUTF8NorGB18030 = "invalid UTF-8 and invalid GB18030"

    /// A decoding reason in Chinese, when it is one we know.
    static func chineseReason(_ reason: String) -> String {
        reason == notUTF8NorGB18030 ? "既不是有效的 UTF-8，也不是有效的 GB18030" : reason
    }
}
