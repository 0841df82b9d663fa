import Foundation
import ZIPFoundation

/// Writes an ``OfficialDocument`` as a .docx package in the GB/T 9704-2012 layout
/// (``OfficialLayout``).
///
/// The package is the minimal one Word, WPS and LibreOffice open: `[Content_Types].xml`,
/// `_rels/.rels`, `docProps/core.xml` and `app.xml`, `word/document.xml` with its
/// relationships, `styles.xml` (the paragraph styles 标题 Title, 正文 Normal, Heading 1, Heading 2,
/// Note, TableText, Footer), `settings.xml`, `fontTable.xml` (the standard's fonts, with common
/// substitutes), and the page-number footers `footer1.xml` (odd pages) and `footer2.xml` (even).
/// Fonts are set for East Asian text (`w:eastAsia`) and Latin text alike, so the fonts installed
/// on the reader's machine apply.
///
/// The output is deterministic: the same document gives the same bytes (fixed zip timestamps,
/// no creation date), so tests can compare it.
///
/// ```swift
/// let bytes = try DocxWriter.write(OfficialDocument(snapshot: report.snapshot()), title: "2023H1 党风廉政")
/// ```
public enum DocxWriter {
    /// The zip entries' timestamp: 1980-01-01 00:00:00 UTC, the earliest a zip can hold.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)

    /// The .docx bytes of `document`.
    ///
    /// - Parameters:
    ///   - document: What to write.
    ///   - title: The document's title in its properties (`docProps/core.xml`); the first title
    ///     paragraph when `nil`.
    /// - Throws: ``DocxError/cannotWrite(part:reason:)`` if the zip library refuses an entry.
    public static func write(_ document: OfficialDocument, title: String? = nil) throws(DocxError) -> [UInt8] {
        let shownTitle =
            title
            ?? document.blocks.lazy.compactMap { block -> String? in
                guard case .paragraph(let paragraph) = block, paragraph.role == .title else { return nil }
                return paragraph.text
            }.first ?? ""
        let parts: [(String, String)] = [
            ("[Content_Types].xml", DocxParts.contentTypes),
            ("_rels/.rels", DocxParts.packageRelationships),
            ("docProps/core.xml", DocxParts.coreProperties(title: shownTitle)),
            ("docProps/app.xml", DocxParts.appProperties),
            ("word/document.xml", documentXML(document)),
            ("word/_rels/document.xml.rels", DocxParts.documentRelationships),
            ("word/styles.xml", DocxParts.styles),
            ("word/settings.xml", DocxParts.settings),
            ("word/fontTable.xml", DocxParts.fontTable),
            ("word/footer1.xml", DocxParts.footer(odd: true)),
            ("word/footer2.xml", DocxParts.footer(odd: false)),
        ]
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw .cannotWrite(part: "zip", reason: String(describing: error))
        }
        for (path, text) in parts {
            let data = Data(text.utf8)
            do {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: timestamp,
                    permissions: 0o644, compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            } catch {
                throw .cannotWrite(part: path, reason: String(describing: error))
            }
        }
        guard let data = archive.data else { throw .cannotWrite(part: "zip", reason: "no archive data") }
        return [UInt8](data)
    }

    /// `word/document.xml`: the blocks, then the section with the page setup.
    static func documentXML(_ document: OfficialDocument) -> String {
        var out = DocxParts.xmlDeclaration
        out += "<w:document \(DocxParts.namespaces)><w:body>"
        // Two tables in a row would merge, and a body may not end in a table: an empty
        // paragraph goes between and after them.
        var afterTable = false
        for block in document.blocks {
            switch block {
            case .paragraph(let paragraph):
                appendParagraph(paragraph, to: &out)
                afterTable = false
            case .table(let table):
                if afterTable { out += "<w:p/>" }
                appendTable(table, to: &out)
                afterTable = true
            }
        }
        if afterTable { out += "<w:p/>" }
        let layout = OfficialLayout.self
        out += "<w:sectPr>"
        out += "<w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"even\" r:id=\"rId5\"/>"
        out += "<w:pgSz w:w=\"\(layout.pageWidth)\" w:h=\"\(layout.pageHeight)\"/>"
        out += "<w:pgMar w:top=\"\(layout.marginTop)\" w:right=\"\(layout.marginRight)\" "
        out += "w:bottom=\"\(layout.marginBottom)\" w:left=\"\(layout.marginLeft)\" w:header=\"851\" "
        out += "w:footer=\"\(layout.footerDistance)\" w:gutter=\"0\"/>"
        out += "<w:pgNumType w:fmt=\"decimal\" w:start=\"1\"/>"
        out += "<w:docGrid w:type=\"lines\" w:linePitch=\"\(layout.linePitch)\"/>"
        out += "</w:sectPr></w:body></w:document>"
        return out
    }

    /// The style id of each role (defined in `styles.xml`).
    static func styleID(_ role: OfficialDocument.Role) -> String {
        switch role {
        case .title: "Title"
        case .body: "Normal"
        case .heading1: "Heading1"
        case .heading2: "Heading2"
        case .note: "Note"
        }
    }

    static func appendParagraph(_ paragraph: OfficialDocument.Paragraph, to out: inout String) {
        out += "<w:p>"
        if paragraph.role != .body { out += "<w:pPr><w:pStyle w:val=\"\(styleID(paragraph.role))\"/></w:pPr>" }
        for run in paragraph.runs { appendRun(run, to: &out) }
        out += "</w:p>"
    }

    /// A run; tabs become `w:tab`, characters XML cannot hold are left out.
    static func appendRun(_ run: OfficialDocument.Run, to out: inout String) {
        guard !run.text.isEmpty else { return }
        out += "<w:r>"
        switch run.mark {
        case .plain: break
        case .heading2: out += "<w:rPr>\(DocxParts.fonts(OfficialLayout.heading2Font))</w:rPr>"
        case .strong: out += "<w:rPr><w:b/><w:bCs/></w:rPr>"
        case .conflict:
            out += "<w:rPr><w:b/><w:bCs/><w:color w:val=\"C00000\"/><w:highlight w:val=\"yellow\"/></w:rPr>"
        case .missing: out += "<w:rPr><w:color w:val=\"C00000\"/><w:highlight w:val=\"yellow\"/></w:rPr>"
        }
        var pending = ""
        func flush() {
            guard !pending.isEmpty else { return }
            out += "<w:t xml:space=\"preserve\">"
            out += pending
            out += "</w:t>"
            pending = ""
        }
        for scalar in run.text.unicodeScalars {
            switch scalar {
            case "\t":
                flush()
                out += "<w:tab/>"
            case "\n", "\r":
                flush()
                out += "<w:br/>"
            default: DocxParts.appendEscaped(scalar, to: &pending)
            }
        }
        flush()
        out += "</w:r>"
    }

    static func appendTable(_ table: OfficialDocument.Table, to out: inout String) {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return }
        let weights =
            table.widths.count == columns ? table.widths.map { max(1, $0) } : Array(repeating: 1, count: columns)
        let total = weights.reduce(0, +)
        let widths = weights.map { OfficialLayout.typeAreaWidth * $0 / total }
        out +=
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"HuibaoTable\"/><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/>"
        out += "<w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
        for width in widths { out += "<w:gridCol w:w=\"\(width)\"/>" }
        out += "</w:tblGrid>"
        func cell(_ runs: [OfficialDocument.Run], width: Int, alignment: String) {
            out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
            out += "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"\(alignment)\"/></w:pPr>"
            for run in runs { appendRun(run, to: &out) }
            out += "</w:p></w:tc>"
        }
        if !table.header.isEmpty {
            out += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
            for column in 0..<columns {
                let text = column < table.header.count ? table.header[column] : ""
                cell([OfficialDocument.Run(text, .strong)], width: widths[column], alignment: "center")
            }
            out += "</w:tr>"
        }
        for row in table.rows {
            out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for column in 0..<columns {
                let value = column < row.count ? row[column] : OfficialDocument.Table.Cell("")
                cell(value.runs, width: widths[column], alignment: value.numeric ? "right" : "left")
            }
            out += "</w:tr>"
        }
        out += "</w:tbl>"
    }
}
