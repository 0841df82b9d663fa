import HuibaoModel

/// Something import changed or noticed, with the line it concerns (1-based, in the imported text).
public struct ImportNote: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What kind of change or finding.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A byte-order mark was removed.
        case removedByteOrderMark
        /// CRLF or CR line endings were turned into LF.
        case normalizedLineEndings
        /// The file was GB18030 and was converted to UTF-8.
        case convertedFromGB18030
        /// The file was UTF-16 with a byte-order mark (Windows Notepad's "Unicode") and was
        /// converted to UTF-8.
        case convertedFromUTF16
        /// A copy-paste junk marker such as `##paidbegin##` was removed.
        case strippedJunk
        /// A numbering mistake in the structure (the text is kept as written).
        case numbering
        /// Something of a Word document that is not part of the report's text was left out
        /// (headers and footers, comments, footnotes, deleted revisions), or laid out as text
        /// (tables read row by row).
        case wordDocument
    }

    /// The kind.
    public var kind: Kind
    /// The line (1-based), or 0 when the note is about the whole file.
    public var line: Int
    /// A sentence for a person.
    public var message: String

    /// Creates a note.
    public init(kind: Kind, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }

    /// `line N: message`, or the message alone for whole-file notes.
    public var description: String {
        line > 0 ? Language.text("第\(line)行：\(message)", "line \(line): \(message)") : message
    }
}
