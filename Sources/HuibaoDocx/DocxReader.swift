public import Foundation
import HuibaoModel
public import HuibaoReport
import ZIPFoundation

/// Reads a Word document as the plain text of a report: the text the `.txt` import would see
/// had the author saved the same document as text.
///
/// What is read (see ``BodyParser``): the paragraphs of the main document part, runs joined,
/// tabs and line breaks kept; Word's automatic numbering written out (`一、`, `（一）`, `1.`, from
/// `word/numbering.xml` and the paragraph styles), so that headings numbered by Word are found
/// like typed ones; tables row by row, cells separated by a tab; tracked changes as if accepted.
/// What is left out, each with an ``ImportNote`` of kind ``ImportNote/Kind/wordDocument``:
/// headers and footers, comments, footnotes and endnotes, deleted revisions.
///
/// ```swift
/// let report = try DocxReader.read(bytes: bytes, source: "报告.docx")
/// let document = try ReportDocument.importing(report, metadata: metadata, replica: replica, wallTime: now)
/// ```
///
/// Word 97–2003 (`.doc`) and WPS (`.wps`) files are converted by LibreOffice first
/// (``read(bytes:source:environment:)``); an encrypted document is refused.
///
/// ## Topics
/// ### Reading
/// - ``read(bytes:source:environment:)``
/// - ``read(docx:source:)``
/// - ``handles(path:)``
public enum DocxReader {
    /// The extensions read as Word documents.
    public static let fileExtensions: Set<String> = ["docx", "doc", "wps", "docm", "dotx", "wpt"]

    /// The largest part Huibao unpacks (a 10,000-character report's body is about 200 KB).
    public static let maximumPartSize = 64 << 20

    /// Whether `path` names a Word document (by its extension, case-insensitively).
    public static func handles(path: String) -> Bool {
        fileExtensions.contains(fileExtension(of: path))
    }

    /// The lowercased extension of `path`, `""` without one.
    static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Reads the bytes of a Word file of any kind Huibao takes: a .docx package, or a .doc or .wps
    /// file (an OLE compound file) converted through LibreOffice.
    ///
    /// The kind is told by the bytes, not the name: a .doc saved under a .docx name is converted,
    /// a .docx under a .doc name read directly.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - source: The file's name, for errors and notes.
    ///   - environment: Where `PATH` is looked up for `soffice`.
    /// - Throws: ``DocxError``: ``DocxError/encrypted(source:)`` for a document with an
    ///   opening password, ``DocxError/converterMissing(source:)`` for a .doc or .wps without
    ///   LibreOffice, ``DocxError/notZip(source:)`` for anything else that is not a package.
    public static func read(
        bytes: [UInt8], source: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DocxError) -> ReportText {
        if bytes.starts(with: oleMagic) {
            if containsUTF16(bytes, "EncryptedPackage") { throw .encrypted(source: source) }
            guard let converter = LegacyConverter(environment: environment) else {
                let ext = fileExtension(of: source)
                throw ext == "doc" || ext == "wps" ? .converterMissing(source: source) : .legacyFormat(source: source)
            }
            let converted = try converter.convertToDocx(bytes, source: source)
            return try read(docx: Data(converted), source: source)
        }
        return try read(docx: Data(bytes), source: source)
    }

    /// The first bytes of an OLE compound file (Word 97–2003, WPS, and encrypted OOXML).
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Whether `bytes` contain `text` in UTF-16LE (how OLE names its streams).
    static func containsUTF16(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Reads a .docx package.
    ///
    /// - Parameters:
    ///   - data: The package's bytes.
    ///   - source: The file's name, for errors and notes.
    /// - Throws: ``DocxError``.
    public static func read(docx data: Data, source: String) throws(DocxError) -> ReportText {
        let package = try DocxPackage(data: data, source: source)
        let main = try package.mainDocumentPart()
        let relationships = try package.relationships(of: main)
        var numbering = ListNumbering()
        if let part = relationships.first(where: { $0.type.hasSuffix("/numbering") })?.target,
            let data = try package.part(part)
        {
            numbering = try ListNumbering(numberingXML: data, part: part, source: source)
        }
        var styles = ParagraphStyles()
        if let part = relationships.first(where: { $0.type.hasSuffix("/styles") })?.target,
            let data = try package.part(part)
        {
            styles = try ParagraphStyles(stylesXML: data, part: part, source: source)
        }
        guard let body = try package.part(main) else { throw .missingPart(source: source, part: main) }
        let parser = BodyParser(numbering: numbering, styles: styles)
        try XMLPart.parse(body, part: main, source: source, with: parser)

        var notes: [ImportNote] = []
        let margins = try marginText(package, relationships, source: source)
        if !margins.isEmpty {
            let shown = margins.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " / ")
            notes.append(
                note(
                    Language.text(
                        "已略去页眉和页脚（不属于报告正文）：\(shown)",
                        "left out the headers and footers (not part of the report): \(shown)")))
        }
        if parser.comments > 0 {
            notes.append(note(Language.text("已略去\(parser.comments)条批注", "left out \(parser.comments) comment(s)")))
        }
        if parser.notes > 0 {
            notes.append(
                note(Language.text("已略去\(parser.notes)处脚注或尾注", "left out \(parser.notes) footnote(s) or endnote(s)")))
        }
        if parser.deletions > 0 {
            notes.append(
                note(
                    Language.text(
                        "已略去\(parser.deletions)处删除的修订，保留插入的修订（按接受全部修订后的文字导入）",
                        "left out \(parser.deletions) deleted revision(s) and kept the inserted ones (imported as if "
                            + "all changes were accepted)")))
        }
        for table in parser.tables {
            let lines = table.count == 1 ? "第\(table.lowerBound)行" : "第\(table.lowerBound)-\(table.upperBound)行"
            notes.append(
                ImportNote(
                    kind: .wordDocument, line: table.lowerBound,
                    message: Language.text(
                        "\(lines)来自表格：每行一行，单元格之间以制表符分隔",
                        "lines \(table.lowerBound)-\(table.upperBound) come from a table: a line per row, cells "
                            + "separated by a tab")))
        }
        let text = parser.text + "\n"
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .empty(source: source)
        }
        var report = ReportText(text: text)
        report.notes = notes + report.notes
        return report
    }

    static func note(_ message: String) -> ImportNote {
        ImportNote(kind: .wordDocument, line: 0, message: message)
    }

    /// The text of the headers and footers that say more than a page number.
    static func marginText(_ package: DocxPackage, _ relationships: [DocxPackage.Relationship], source: String)
        throws(DocxError) -> [String]
    {
        var found: [String] = []
        for relationship in relationships
        where relationship.type.hasSuffix("/header") || relationship.type.hasSuffix("/footer") {
            guard let data = try package.part(relationship.target) else { continue }
            let parser = BodyParser(numbering: ListNumbering(), styles: ParagraphStyles())
            try XMLPart.parse(data, part: relationship.target, source: source, with: parser)
            let text = parser.text.split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty && !isPageNumber($0) }.joined(separator: " ")
            if !text.isEmpty && !found.contains(text) { found.append(text) }
        }
        return found
    }

    /// `— 1 —`, `- 2 -`, `第 3 页 共 9 页`, `3/9`: a footer that only numbers pages.
    static func isPageNumber(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            ("0"..."9").contains(scalar) || " \t—-–/第页共‐".unicodeScalars.contains(scalar)
                || scalar.properties.isWhitespace
        }
    }
}
