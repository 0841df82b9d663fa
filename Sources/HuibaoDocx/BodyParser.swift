import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SAX delegate that reads the text of a WordprocessingML part (the document body, a
/// header or a footer) as the lines a reader sees.
///
/// - A paragraph is a line: its runs joined, `w:tab` a tab, `w:br` and `w:cr` a line break (a
///   page or column break none), its automatic number (``ListNumbering``) in front.
/// - Tracked changes as if accepted: deleted text (`w:del`, `w:moveFrom`) is left out and
///   counted, inserted text (`w:ins`, `w:moveTo`) kept; a deleted paragraph mark joins the
///   paragraph to the next; a deleted table row is left out.
/// - A table row is a line, its cells separated by a tab (a cell's paragraphs joined).
/// - Text boxes follow the paragraph that anchors them; `mc:Fallback` (a copy for old readers),
///   field instructions, hidden text, and DrawingML text are left out. Comment and note
///   references are counted (their text is in other parts).
///
/// Safe as a class: it lives for one synchronous parse and is not shared.
final class BodyParser: XMLPartParser {
    /// One paragraph being read.
    struct Paragraph {
        var text = ""
        var style: String?
        var numID: Int?
        var level: Int?
        var markDeleted = false
    }

    /// One table being read.
    struct Table {
        var rows: [String] = []
        var cells: [String] = []
        var cell: [String] = []
        var rowDeleted = false
    }

    var numbering: ListNumbering
    let styles: ParagraphStyles
    /// The lines read so far.
    private(set) var lines: [String] = []
    /// The first and last line of each top-level table.
    private(set) var tables: [ClosedRange<Int>] = []
    /// How many deletions (`w:del`, `w:moveFrom`) with text were left out.
    private(set) var deletions = 0
    /// How many comment, footnote and endnote references were met.
    private(set) var comments = 0
    private(set) var notes = 0
    /// How many paragraphs got a number from automatic numbering.
    private(set) var numbered = 0

    /// The number of lines in ``lines``, counting line breaks inside paragraphs.
    private var physicalLines = 0
    private var paragraphs: [Paragraph] = []
    private var tableStack: [Table] = []
    /// Lines of text boxes, placed after the paragraph or table that holds them.
    private var textBoxLines: [String] = []
    private var textBoxDepth = 0
    /// Text of paragraphs whose mark was deleted, joined to the next paragraph.
    private var carried = ""
    /// Depth inside an ignored element (deleted text, fallback content, field instruction).
    private var skipDepth = 0
    private var skippedHasText = false
    private var inParagraphProperties = 0
    private var inRunProperties = false
    private var inTableRowProperties = false
    private var inRun = false
    private var runHidden = false
    private var inText = false

    init(numbering: ListNumbering, styles: ParagraphStyles) {
        self.numbering = numbering
        self.styles = styles
    }

    /// Elements whose content is left out.
    private static let skipped: Set<String> = [
        "w:del", "w:moveFrom", "mc:Fallback", "w:instrText", "w:delText", "w:delInstrText", "w:pPrChange",
        "w:rPrChange", "w:tblPrChange", "w:trPrChange", "w:tcPrChange", "w:sectPrChange", "w:numberingChange",
    ]

    override func start(_ elementName: String, _ attributes: [String: String]) {
        if skipDepth > 0 {
            skipDepth += 1
            if elementName == "w:delText" || elementName == "w:t" { skippedHasText = true }
            return
        }
        switch elementName {
        case "w:p":
            paragraphs.append(Paragraph())
        case "w:pPr":
            inParagraphProperties += 1
        case "w:rPr":
            inRunProperties = true
        case "w:pStyle" where inParagraphProperties > 0:
            if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].style = XMLPart.attribute("val", in: attributes) }
        case "w:numId" where inParagraphProperties > 0:
            if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].numID = XMLPart.integer("val", in: attributes) }
        case "w:ilvl" where inParagraphProperties > 0:
            if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].level = XMLPart.integer("val", in: attributes) }
        case "w:del", "w:moveFrom":
            if inParagraphProperties > 0 && inRunProperties {
                // The paragraph mark is deleted: the paragraph joins the next.
                if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].markDeleted = true }
            } else if inTableRowProperties {
                if !tableStack.isEmpty { tableStack[tableStack.count - 1].rowDeleted = true }
            } else if !inRunProperties {
                skipDepth = 1
                skippedHasText = false
            }
        case "w:vanish" where inRun && inRunProperties:
            runHidden = XMLPart.isOn(attributes)
        case "w:r":
            inRun = true
            runHidden = false
        case "w:t":
            inText = inRun && !runHidden
        case "w:tab", "w:ptab":
            if inRun && !runHidden && inParagraphProperties == 0 { append("\t") }
        case "w:br":
            let kind = XMLPart.attribute("type", in: attributes)
            if inRun && !runHidden && kind != "page" && kind != "column" { append("\n") }
        case "w:cr":
            if inRun && !runHidden { append("\n") }
        case "w:noBreakHyphen":
            if inRun && !runHidden { append("-") }
        case "w:sym":
            // Symbol-font characters are private-use code points: layout, not text.
            if inRun && !runHidden,
                let code = XMLPart.attribute("char", in: attributes).flatMap({ UInt32($0, radix: 16) }),
                !(0xE000...0xF8FF).contains(code), let scalar = Unicode.Scalar(code)
            {
                append(String(scalar))
            }
        case "w:commentReference":
            comments += 1
        case "w:footnoteReference", "w:endnoteReference":
            notes += 1
        case "w:tbl":
            tableStack.append(Table())
        case "w:trPr":
            inTableRowProperties = true
        case "w:tr":
            if !tableStack.isEmpty {
                tableStack[tableStack.count - 1].cells = []
                tableStack[tableStack.count - 1].rowDeleted = false
            }
        case "w:tc":
            if !tableStack.isEmpty { tableStack[tableStack.count - 1].cell = [] }
        case "w:txbxContent":
            textBoxDepth += 1
        default:
            if Self.skipped.contains(elementName) {
                skipDepth = 1
                skippedHasText = false
            }
        }
    }

    override func end(_ elementName: String) {
        if skipDepth > 0 {
            skipDepth -= 1
            if skipDepth == 0 && skippedHasText && (elementName == "w:del" || elementName == "w:moveFrom") {
                deletions += 1
            }
            return
        }
        switch elementName {
        case "w:t":
            inText = false
        case "w:r":
            inRun = false
            runHidden = false
        case "w:rPr":
            inRunProperties = false
        case "w:pPr":
            inParagraphProperties -= 1
        case "w:trPr":
            inTableRowProperties = false
        case "w:p":
            endParagraph()
        case "w:tc":
            guard !tableStack.isEmpty else { return }
            let cell = tableStack[tableStack.count - 1].cell.joined()
            tableStack[tableStack.count - 1].cells.append(cell)
        case "w:tr":
            guard !tableStack.isEmpty else { return }
            let table = tableStack[tableStack.count - 1]
            if !table.rowDeleted { tableStack[tableStack.count - 1].rows.append(table.cells.joined(separator: "\t")) }
        case "w:tbl":
            guard let table = tableStack.popLast() else { return }
            if !tableStack.isEmpty {
                // A table in a cell: its rows are part of the cell's text.
                tableStack[tableStack.count - 1].cell.append(table.rows.joined(separator: " "))
            } else if textBoxDepth > 0 {
                textBoxLines.append(contentsOf: table.rows)
            } else {
                if !table.rows.isEmpty {
                    let first = physicalLines + 1
                    tables.append(first...(first + table.rows.count - 1))
                }
                lines.append(contentsOf: table.rows)
                physicalLines += table.rows.count
                flushTextBoxes()
            }
        case "w:txbxContent":
            textBoxDepth -= 1
        default:
            break
        }
    }

    override func text(_ string: String) {
        if inText && skipDepth == 0 { append(string) }
    }

    private func append(_ text: String) {
        guard !paragraphs.isEmpty else { return }
        paragraphs[paragraphs.count - 1].text += text
    }

    private func endParagraph() {
        guard let paragraph = paragraphs.popLast() else { return }
        if paragraph.markDeleted && tableStack.isEmpty && textBoxDepth == 0 {
            carried += paragraph.text
            return
        }
        var label = ""
        let fromStyle = styles.numbering(of: paragraph.style)
        if let numID = paragraph.numID ?? fromStyle?.numID,
            let found = numbering.label(numID: numID, level: paragraph.level ?? fromStyle?.level ?? 0)
        {
            label = found
            numbered += 1
        }
        var line = label + paragraph.text
        if tableStack.isEmpty && textBoxDepth == 0 {
            line = label + carried + paragraph.text
            carried = ""
        }
        if textBoxDepth > 0 {
            textBoxLines.append(line)
        } else if !tableStack.isEmpty {
            tableStack[tableStack.count - 1].cell.append(line.replacingOccurrences(of: "\n", with: " "))
        } else {
            lines.append(line)
            physicalLines += 1 + line.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            if paragraphs.isEmpty { flushTextBoxes() }
        }
    }

    private func flushTextBoxes() {
        lines.append(contentsOf: textBoxLines)
        for line in textBoxLines {
            physicalLines += 1 + line.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
        textBoxLines = []
    }

    /// The lines of the part, a paragraph's line breaks splitting it into several lines.
    var text: String {
        (lines + (carried.isEmpty ? [] : [carried])).joined(separator: "\n")
    }
}
