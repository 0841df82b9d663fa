#if canImport(FoundationXML)
    import FoundationXML
#endif
import Foundation

/// Runs a SAX parser over one part of a package and turns its failure into ``DocxError``.
enum XMLPart {
    /// Parses `data` with `delegate`.
    ///
    /// External entities are not resolved (the parser's default): a document cannot make Huibao
    /// read another file.
    ///
    /// - Throws: ``DocxError/malformedXML(source:part:line:reason:)``.
    static func parse(_ data: Data, part: String, source: String, with delegate: some XMLParserDelegate)
        throws(DocxError)
    {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse() else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "parse error"
            throw .malformedXML(source: source, part: part, line: max(1, parser.lineNumber), reason: reason)
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
