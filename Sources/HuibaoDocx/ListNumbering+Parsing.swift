import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

extension ListNumbering {
    /// Reads `word/numbering.xml`.
    ///
    /// - Throws: ``DocxError/malformedXML(source:part:line:reason:)``.
    init(numberingXML data: Data, part: String, source: String) throws(DocxError) {
        let parser = NumberingParser()
        try XMLPart.parse(data, part: part, source: source, with: parser)
        self = parser.numbering
    }
}

/// The SAX delegate that reads `w:abstractNum` and `w:num` elements.
///
/// Safe as a class: it lives for one synchronous parse and is not shared.
private final class NumberingParser: XMLPartParser {
    var numbering = ListNumbering()
    /// The abstract definition being read.
    var abstractID: Int?
    /// The instance being read.
    var instance: ListNumbering.Instance?
    /// The level being read (in an abstract definition or an override), and its index.
    var level: ListNumbering.Level?
    var levelIndex = 0
    /// The level of the `w:lvlOverride` being read.
    var overrideIndex: Int?

    override func start(_ elementName: String, _ attributes: [String: String]) {
        switch elementName {
        case "w:abstractNum":
            abstractID = XMLPart.integer("abstractNumId", in: attributes)
        case "w:num":
            if let id = XMLPart.integer("numId", in: attributes) {
                instance = ListNumbering.Instance(abstract: -1, id: id)
            }
        case "w:abstractNumId":
            if let value = XMLPart.integer("val", in: attributes) { instance?.abstract = value }
        case "w:lvlOverride":
            overrideIndex = XMLPart.integer("ilvl", in: attributes)
        case "w:startOverride":
            if let index = overrideIndex, let value = XMLPart.integer("val", in: attributes) {
                instance?.startOverrides[index] = value
            }
        case "w:lvl":
            level = ListNumbering.Level()
            levelIndex = XMLPart.integer("ilvl", in: attributes) ?? overrideIndex ?? 0
        case "w:start":
            if let value = XMLPart.integer("val", in: attributes) { level?.start = value }
        case "w:numFmt":
            // Word 2010 may put the format in mc:AlternateContent; the plain element is the fallback.
            if let value = XMLPart.attribute("val", in: attributes) { level?.format = ListNumberFormat(ooxml: value) }
        case "w:lvlText":
            level?.text = XMLPart.attribute("val", in: attributes) ?? ""
        case "w:lvlRestart":
            level?.restart = XMLPart.integer("val", in: attributes)
        case "w:isLgl":
            level?.legal = XMLPart.isOn(attributes)
        case "w:suff":
            level?.suffix = XMLPart.attribute("val", in: attributes) ?? "tab"
        default:
            break
        }
    }

    override func end(_ elementName: String) {
        switch elementName {
        case "w:lvl":
            guard let level else { return }
            if instance != nil {
                instance?.levelOverrides[levelIndex] = level
            } else if let abstractID {
                numbering.abstracts[abstractID, default: [:]][levelIndex] = level
            }
            self.level = nil
        case "w:lvlOverride":
            overrideIndex = nil
        case "w:abstractNum":
            abstractID = nil
        case "w:num":
            if let instance, instance.abstract >= 0 { numbering.instances[instance.id] = instance }
            instance = nil
        default:
            break
        }
    }
}
