import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The numbering that paragraph styles carry (`word/styles.xml`): Word's built-in headings are
/// often numbered through their style (`标题 1` with `一、`), not through the paragraph.
struct ParagraphStyles: Sendable {
    /// A style's own numbering and the style it is based on.
    struct Style: Sendable {
        var numID: Int?
        var level: Int?
        var basedOn: String?
    }

    /// The paragraph styles by `w:styleId`.
    var styles: [String: Style] = [:]
    /// The default paragraph style (`w:default="1"`), used by paragraphs that name none.
    var defaultStyle: String?

    init() {}

    /// Reads `word/styles.xml`.
    ///
    /// - Throws: ``DocxError/malformedXML(source:part:line:reason:)``.
    init(stylesXML data: Data, part: String, source: String) throws(DocxError) {
        let parser = StylesParser()
        try XMLPart.parse(data, part: part, source: source, with: parser)
        self = parser.styles
    }

    /// The numbering (`numId`, `ilvl`) a paragraph of `style` gets from it and the styles it is
    /// based on; `nil` when none of them is numbered.
    func numbering(of style: String?) -> (numID: Int, level: Int?)? {
        var current = style ?? defaultStyle
        var seen = 0
        while let name = current, let found = styles[name], seen < 16 {
            if let numID = found.numID { return (numID, found.level) }
            current = found.basedOn
            seen += 1
        }
        return nil
    }
}

/// The SAX delegate that reads paragraph styles' `w:numPr` and `w:basedOn`.
///
/// Safe as a class: it lives for one synchronous parse and is not shared.
private final class StylesParser: XMLPartParser {
    var styles = ParagraphStyles()
    var current: (id: String, style: ParagraphStyles.Style)?
    /// Inside `w:pPrChange`: the properties before a tracked change, not the current ones.
    var changeDepth = 0

    override func start(_ elementName: String, _ attributes: [String: String]) {
        switch elementName {
        case "w:style":
            guard XMLPart.attribute("type", in: attributes) == "paragraph",
                let id = XMLPart.attribute("styleId", in: attributes)
            else { return }
            current = (id, ParagraphStyles.Style())
            if XMLPart.attribute("default", in: attributes).map({ $0 == "1" || $0 == "true" }) == true {
                styles.defaultStyle = id
            }
        case "w:pPrChange":
            changeDepth += 1
        case "w:basedOn":
            current?.style.basedOn = XMLPart.attribute("val", in: attributes)
        case "w:numId" where changeDepth == 0:
            current?.style.numID = XMLPart.integer("val", in: attributes)
        case "w:ilvl" where changeDepth == 0:
            current?.style.level = XMLPart.integer("val", in: attributes)
        default:
            break
        }
    }

    override func end(_ elementName: String) {
        switch elementName {
        case "w:style":
            if let current { styles.styles[current.id] = current.style }
            current = nil
        case "w:pPrChange":
            changeDepth -= 1
        default:
            break
        }
    }
}
