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
            "\(source): cannot read the text: \(reason) at byte \(offset); save the file as UTF-8 or GB18030"
        case .empty(let source):
            "\(source): the file is empty"
        case .reservedCharacter(let source, let line):
            "\(source): line \(line) contains the private-use character U+E000, which Huibao reserves; remove it"
        case .nulCharacter(let source, let line):
            "\(source): line \(line) contains a NUL character (byte 0): is it a text file? If it was saved as "
                + "UTF-16 without a byte-order mark, save it again as UTF-8"
        }
    }
}
