import Foundation
import HuibaoModel
import HuibaoReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The base of the SAX delegates: counts open elements (so that a part cut short is refused) and
/// hands elements and text to ``start(_:_:)``, ``end(_:)`` and ``text(_:)``.
///
/// Safe as a class: each instance lives for one synchronous parse and is not shared.
class XMLPartParser: NSObject, XMLParserDelegate {
    /// Elements started and not ended.
    private(set) var openElements = 0
    /// Whether any element was seen.
    private(set) var sawElement = false

    /// An element starts (qualified name, attributes by qualified name).
    func start(_ name: String, _ attributes: [String: String]) {}
    /// An element ends.
    func end(_ name: String) {}
    /// Character data.
    func text(_ string: String) {}

    final func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        openElements += 1
        sawElement = true
        start(elementName, attributeDict)
    }

    final func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        openElements -= 1
        end(elementName)
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }
}

/// Runs a SAX parser over one part of a package and turns its failure into ``DocxError``.
enum XMLPart {
    /// Parses `data` with `delegate`.
    ///
    /// External entities are not resolved (the parser's default): a document cannot make Huibao
    /// read another file.
    ///
    /// - Throws: ``DocxError/malformedXML(source:part:line:reason:)``.
    static func parse(_ data: Data, part: String, source: String, with delegate: XMLPartParser) throws(DocxError) {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse() else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "parse error"
            throw .malformedXML(source: source, part: part, line: max(1, parser.lineNumber), reason: reason)
        }
        // FoundationXML accepts a document that stops in the middle: count the open elements.
        guard delegate.openElements == 0, delegate.sawElement else {
            throw .malformedXML(
                source: source, part: part, line: max(1, parser.lineNumber),
                reason: Language.text("文件在元素中间结束", "the part ends inside an element"))
        }
    }

    /// An attribute of a WordprocessingML element: `w:val` (or `val` where a producer left out
    /// the prefix).
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        attributes["w:" + name] ?? attributes[name]
    }

    /// An integer attribute.
    static func integer(_ name: String, in attributes: [String: String]) -> Int? {
        attribute(name, in: attributes).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// A toggle property (`<w:vanish/>`, `<w:del w:val="false"/>`): on unless `w:val` says off.
    static func isOn(_ attributes: [String: String]) -> Bool {
        switch attribute("val", in: attributes) {
        case "0", "false", "off": false
        default: true
        }
    }
}
