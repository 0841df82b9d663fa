import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Word documents: damaged, encrypted and hostile input")
struct DocxHostileInputTests {
    /// Reads `bytes` and returns the error, requiring one.
    static func error(_ bytes: [UInt8], source: String = "坏文件.docx") throws -> DocxError {
        do {
            _ = try DocxReader.read(bytes: bytes, source: source, environment: ["PATH": "/nonexistent"])
        } catch {
            return error
        }
        Issue.record("read without an error")
        throw CancellationError()
    }

    /// An error's message, one line naming the file, in both languages.
    static func checkMessage(_ error: DocxError, source: String = "坏文件.docx") {
        for language in Language.allCases {
            let message = Language.$current.withValue(language) { error.description }
            #expect(!message.contains("\n"), "\(message)")
            #expect(message.hasPrefix(source), "\(message)")
        }
    }

    @Test("a file that is not a zip, or random bytes, is 'not a valid Word document', in one line naming the file")
    func notZip() throws {
        var generator = SeededGenerator(seed: 15)
        for length in [0, 1, 3, 100, 5000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let error = try Self.error(bytes)
            #expect(error == .notZip(source: "坏文件.docx"))
            Self.checkMessage(error)
        }
        let text = try Self.error(Samples.bytes("report-000.txt"))
        #expect(text == .notZip(source: "坏文件.docx"))
        #expect(text.description.contains("不是有效的 Word 文档"))
    }

    @Test("an encrypted document (made with msoffcrypto-tool) is refused: remove the password and save again")
    func encrypted() throws {
        let error = try Self.error(DocxFixtures.bytes("encrypted.docx"))
        #expect(error == .encrypted(source: "坏文件.docx"))
        Self.checkMessage(error)
        #expect(error.description.contains("加密"))
    }

    @Test("a .doc without LibreOffice on the PATH says to install it or save as .docx")
    func docWithoutConverter() throws {
        let error = try Self.error(DocxFixtures.bytes("table-revisions.doc"), source: "旧报告.doc")
        #expect(error == .converterMissing(source: "旧报告.doc"))
        Self.checkMessage(error, source: "旧报告.doc")
        #expect(error.description.contains("LibreOffice"))
        #expect(error.description.contains(".docx"))
        // The same bytes under a .docx name: an old Word file renamed.
        #expect(try Self.error(DocxFixtures.bytes("table-revisions.doc")) == .legacyFormat(source: "坏文件.docx"))
    }

    @Test("a zip without word/document.xml, and a document that is not XML, are damaged files")
    func missingAndMalformedParts() throws {
        let empty = try DocxFixtures.zip([("readme.txt", Data("hello".utf8))])
        let missing = try Self.error(empty)
        #expect(missing == .missingPart(source: "坏文件.docx", part: "word/document.xml"))
        Self.checkMessage(missing)
        let broken = try DocxFixtures.zip([("word/document.xml", Data("<w:document><w:body><w:p>".utf8))])
        let malformed = try Self.error(broken)
        guard case .malformedXML(_, let part, _, _) = malformed else {
            Issue.record("\(malformed)")
            return
        }
        #expect(part == "word/document.xml")
        Self.checkMessage(malformed)
        let blank = try DocxFixtures.package(body: "<w:p><w:r><w:t>  </w:t></w:r></w:p>")
        #expect(try Self.error(blank) == .empty(source: "坏文件.docx"))
    }

    @Test("every truncation of a real document throws a DocxError or reads; none crashes")
    func truncations() throws {
        let bytes = try DocxFixtures.bytes("table-revisions.docx")
        var failures = 0
        for length in stride(from: 0, to: bytes.count, by: 97) {
            do {
                _ = try DocxReader.read(
                    bytes: Array(bytes[..<length]), source: "t.docx", environment: ["PATH": "/nonexistent"])
            } catch {
                failures += 1
                Self.checkMessage(error, source: "t.docx")
            }
        }
        // Without the central directory at the end, no prefix is a zip.
        #expect(failures == (bytes.count + 96) / 97)
    }

    @Test("seeded bit flips in a real document throw a DocxError (checksums catch damaged parts) or read; none crashes")
    func bitFlips() throws {
        let original = try DocxFixtures.bytes("report-001.docx")
        var generator = SeededGenerator(seed: 9704)
        var damagedParts = 0
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            }
            do {
                _ = try DocxReader.read(bytes: bytes, source: "f.docx", environment: ["PATH": "/nonexistent"])
            } catch {
                if case .damagedPart = error { damagedParts += 1 }
                Self.checkMessage(error, source: "f.docx")
            }
        }
        #expect(damagedParts > 0)
    }

    /// Found by the bit-flip test: ZIPFoundation's in-memory archive traps when an entry's local
    /// header lies past the end of the file (Fixtures/crash-offset-past-end.docx, see README.md).
    @Test("an entry whose offset points past the end of the file is an error, not a crash")
    func offsetPastEnd() throws {
        let error = try Self.error(DocxFixtures.bytes("crash-offset-past-end.docx"))
        // The file-backed archive cannot read the entry's local header: the part is missing.
        #expect(error == .missingPart(source: "坏文件.docx", part: "word/document.xml"))
        #expect(error.description.contains("可能已损坏"))
        Self.checkMessage(error)
    }

    @Test("a part larger than the limit is refused before it is unpacked")
    func sizeLimit() throws {
        // 65 MiB of one repeated paragraph compresses to well under 1 MiB.
        let paragraph = "<w:p><w:r><w:t>开展廉政约谈3次。</w:t></w:r></w:p>"
        let count = (DocxReader.maximumPartSize / paragraph.utf8.count) + 10
        let xml = "<w:document><w:body>" + String(repeating: paragraph, count: count) + "</w:body></w:document>"
        let bomb = try DocxFixtures.zip([("word/document.xml", Data(xml.utf8))])
        #expect(bomb.count < 4 << 20)
        guard case .damagedPart(_, let part, _) = try Self.error(bomb) else {
            Issue.record("expected a damaged part")
            return
        }
        #expect(part == "word/document.xml")
    }
}
