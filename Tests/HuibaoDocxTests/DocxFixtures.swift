import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import Testing
import ZIPFoundation

/// The Word fixtures (made by LibreOffice, see Fixtures/README.md) and packages made in tests.
enum DocxFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func read(_ name: String) throws -> ReportText {
        try DocxReader.read(bytes: bytes(name), source: name)
    }

    /// The entries of a zip, by path.
    static func entries(_ bytes: [UInt8]) throws -> [String: Data] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var out: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out[entry.path] = data
        }
        return out
    }

    /// A zip of `entries` (as a word processor's package is, deflated).
    static func zip(_ entries: [(String, Data)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<(Int(position) + size)) }
        }
        return [UInt8](try #require(archive.data))
    }

    /// A copy of a package with text replaced in `word/document.xml`, each replacement required
    /// to match exactly once (as a person's edit in Word changes one run).
    static func edited(_ bytes: [UInt8], _ replacements: [(String, String)]) throws -> [UInt8] {
        var entries = try entries(bytes)
        var xml = String(decoding: try #require(entries["word/document.xml"]), as: UTF8.self)
        for (old, new) in replacements {
            try #require(xml.components(separatedBy: old).count == 2, "\(old) occurs once")
            xml = xml.replacingOccurrences(of: old, with: new)
        }
        entries["word/document.xml"] = Data(xml.utf8)
        return try zip(entries.sorted { $0.key < $1.key })
    }

    static let main = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    /// A minimal package: `body` is the inside of `w:body`; numbering and styles parts when given.
    static func package(body: String, numbering: String? = nil, styles: String? = nil) throws -> [UInt8] {
        var relationships = ""
        var overrides = ""
        var entries: [(String, Data)] = [
            (
                "word/document.xml",
                Data("<?xml version=\"1.0\"?><w:document \(main)><w:body>\(body)</w:body></w:document>".utf8)
            )
        ]
        if let numbering {
            relationships +=
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
            overrides += "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/xml\"/>"
            entries.append(("word/numbering.xml", Data("<w:numbering \(main)>\(numbering)</w:numbering>".utf8)))
        }
        if let styles {
            relationships +=
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"/word/styles.xml\"/>"
            entries.append(("word/styles.xml", Data("<w:styles \(main)>\(styles)</w:styles>".utf8)))
        }
        entries += [
            (
                "[Content_Types].xml",
                Data(
                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\(overrides)</Types>"
                        .utf8)
            ),
            (
                "_rels/.rels",
                Data(
                    ("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")
                        .utf8)
            ),
            (
                "word/_rels/document.xml.rels",
                Data(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relationships)</Relationships>"
                        .utf8)
            ),
        ]
        return try zip(entries)
    }

    /// A paragraph of runs, numbered when `numID` is given.
    static func paragraph(_ text: String, numID: Int? = nil, level: Int = 0, style: String? = nil) -> String {
        var properties = style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? ""
        if let numID { properties += "<w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"\(numID)\"/></w:numPr>" }
        return "<w:p><w:pPr>\(properties)</w:pPr><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    /// An abstract list definition `id` with levels (format, text) and a list instance `id` of it.
    static func list(_ id: Int, _ levels: [(String, String)], restart: [Int: Int] = [:]) -> String {
        var out = "<w:abstractNum w:abstractNumId=\"\(id)\">"
        for (index, (format, text)) in levels.enumerated() {
            out += "<w:lvl w:ilvl=\"\(index)\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(format)\"/>"
            if let value = restart[index] { out += "<w:lvlRestart w:val=\"\(value)\"/>" }
            out += "<w:lvlText w:val=\"\(text)\"/></w:lvl>"
        }
        return out + "</w:abstractNum>"
    }

    static func instance(_ numID: Int, of abstract: Int, startOverride: (level: Int, start: Int)? = nil) -> String {
        var out = "<w:num w:numId=\"\(numID)\"><w:abstractNumId w:val=\"\(abstract)\"/>"
        if let startOverride {
            out +=
                "<w:lvlOverride w:ilvl=\"\(startOverride.level)\"><w:startOverride w:val=\"\(startOverride.start)\"/>"
            out += "</w:lvlOverride>"
        }
        return out + "</w:num>"
    }
}
