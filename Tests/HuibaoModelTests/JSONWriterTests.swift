import Foundation
import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The direct JSON writer behind `huibao log --json` and HQ's compact consolidation: its output
/// must read back as what it wrote, and strings must be escaped as `JSONEncoder` escapes them
/// (the log's output is compared byte for byte with the encoder's).
@Suite("JSON writer")
struct JSONWriterTests {
    @Test("strings with control characters, quotes, backslashes and Chinese are escaped as JSONEncoder escapes them")
    func stringsLikeJSONEncoder() throws {
        var rng = SeededGenerator(seed: 21)
        let pieces = [
            "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}", "汇报", "a", " ", "😀",
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0..<12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            var writer = JSONWriter()
            writer.string(text)
            #expect(writer.bytes == [UInt8](try encoder.encode(text)), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("numbers, hashes and arrays read back as written")
    func valuesReadBack() throws {
        let hash = ChangeHash.sha256(of: [1, 2, 3])
        var writer = JSONWriter()
        writer.array([Int.min + 1, -1, 0, 9, 10, Int.max]) { $0.int($1) }
        writer.raw(" ")
        writer.int(UInt64(Int.max) + 1)
        writer.raw(" ")
        writer.string(hash)
        let parts = String(decoding: writer.bytes, as: UTF8.self).split(separator: " ")
        #expect(
            try JSONDecoder().decode([Int].self, from: Data(parts[0].utf8)) == [Int.min + 1, -1, 0, 9, 10, Int.max])
        #expect(parts[1] == "9223372036854775808")
        #expect(try JSONDecoder().decode(String.self, from: Data(parts[2].utf8)) == hash.description)
    }
}
