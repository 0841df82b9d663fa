import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The parts of an Open Packaging Conventions zip (a .docx), read in memory, each checked
/// against its checksum and a size limit before it is parsed.
struct DocxPackage {
    /// A package relationship (`_rels/*.rels`).
    struct Relationship: Hashable, Sendable {
        var type: String
        /// The target as a path inside the package (`word/numbering.xml`).
        var target: String
    }

    let archive: Archive
    let source: String

    /// Opens the zip.
    ///
    /// The bytes go through a temporary file, removed at once (the archive keeps it open):
    /// ZIPFoundation's in-memory archives trap on an entry whose offsets point past the end
    /// (seen with bit-flipped documents), its file-backed archives throw.
    ///
    /// - Throws: ``DocxError/notZip(source:)``.
    init(data: Data, source: String) throws(DocxError) {
        self.source = source
        guard data.starts(with: [0x50, 0x4B]) else { throw .notZip(source: source) }
        guard let path = Self.temporaryFile(holding: data) else {
            throw .damagedPart(source: source, part: "zip", reason: "cannot write a temporary file")
        }
        defer { unlink(path) }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .notZip(source: source)
        }
    }

    /// A new private temporary file (`mkstemp`) holding `data`, or `nil`. Plain POSIX calls:
    /// Foundation's `Data.write(to:)` and `FileManager.removeItem(at:)` take milliseconds each
    /// on Linux, more than reading the whole document.
    static func temporaryFile(holding data: Data) -> String? {
        var template = Array((NSTemporaryDirectory() + "/huibao-docx-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else { return nil }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return buffer.isEmpty }
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, base + offset, buffer.count - offset)
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard written else {
            unlink(path)
            return nil
        }
        return path
    }

    /// The bytes of `path`, `nil` when the package has no such part.
    ///
    /// - Throws: ``DocxError/damagedPart(source:part:reason:)`` for a part that does not unpack,
    ///   fails its checksum or is larger than ``DocxReader/maximumPartSize``.
    func part(_ path: String) throws(DocxError) -> Data? {
        guard let entry = archive[path] ?? archive[path.hasPrefix("/") ? String(path.dropFirst()) : "/" + path] else {
            return nil
        }
        let limit = DocxReader.maximumPartSize
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw .damagedPart(source: source, part: path, reason: "\(entry.uncompressedSize) > \(limit) bytes")
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw SizeLimit() }
                data.append(chunk)
            }
        } catch is SizeLimit {
            throw .damagedPart(source: source, part: path, reason: "> \(limit) bytes")
        } catch {
            throw .damagedPart(source: source, part: path, reason: String(describing: error))
        }
        guard checksum == entry.checksum else {
            throw .damagedPart(source: source, part: path, reason: "CRC32")
        }
        return data
    }

    private struct SizeLimit: Error {}

    /// The main document part, as `_rels/.rels` names it (`word/document.xml`).
    ///
    /// - Throws: ``DocxError/missingPart(source:part:)`` when the package has no document.
    func mainDocumentPart() throws(DocxError) -> String {
        let named = try relationships(ofPackage: "_rels/.rels", base: "").first {
            $0.type.hasSuffix("/officeDocument")
        }?.target
        for candidate in [named, "word/document.xml"].compactMap({ $0 }) where archive[candidate] != nil {
            return candidate
        }
        throw .missingPart(source: source, part: named ?? "word/document.xml")
    }

    /// The relationships of `part` (`word/_rels/document.xml.rels` for `word/document.xml`).
    func relationships(of part: String) throws(DocxError) -> [Relationship] {
        let folder = part.split(separator: "/").dropLast().joined(separator: "/")
        let name = part.split(separator: "/").last.map(String.init) ?? part
        let rels = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        return try relationships(ofPackage: rels, base: folder)
    }

    private func relationships(ofPackage rels: String, base: String) throws(DocxError) -> [Relationship] {
        guard let data = try part(rels) else { return [] }
        let parser = RelationshipsParser()
        try XMLPart.parse(data, part: rels, source: source, with: parser)
        return parser.relationships.compactMap { type, target, external in
            external ? nil : Relationship(type: type, target: Self.resolve(target, base: base))
        }
    }

    /// `target` relative to `base` as a package path: `numbering.xml` in `word` is
    /// `word/numbering.xml`, `/word/x.xml` is `word/x.xml`, `../a.xml` goes up.
    static func resolve(_ target: String, base: String) -> String {
        var components = target.hasPrefix("/") ? [] : base.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}

/// The SAX delegate of a `.rels` part.
///
/// Safe as a class: it lives for one synchronous parse and is not shared.
private final class RelationshipsParser: XMLPartParser {
    var relationships: [(type: String, target: String, external: Bool)] = []

    override func start(_ elementName: String, _ attributes: [String: String]) {
        guard elementName == "Relationship" || elementName.hasSuffix(":Relationship"),
            let type = attributes["Type"], let target = attributes["Target"]
        else { return }
        relationships.append((type, target, attributes["TargetMode"] == "External"))
    }
}
