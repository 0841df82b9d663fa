import HuibaoTestSupport
import Testing

@testable import HuibaoModel

@Suite("Byte coding")
struct ByteCodingTests {
    @Test("the content column's UTF-8 decoder accepts and decodes exactly what the standard library does")
    func contentScalarsMatchTheStandardLibrary() {
        var rng = SeededGenerator(seed: 8)
        // Edge bytes of every UTF-8 form, so random strings hit overlongs, surrogates, values
        // above U+10FFFF and cut-off sequences often.
        let alphabet: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
            0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        var samples: [[UInt8]] = [Array("汇报 𠀀 text".utf8), [], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
        for _ in 0..<50_000 {
            samples.append(
                (0..<Int.random(in: 1...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 })
        }
        for bytes in samples {
            let expected = String(validating: bytes, as: UTF8.self).map { $0.unicodeScalars.map(\.value) }
            #expect(DocumentBodyDecoder.scalars(of: bytes[...]) == expected, "\(bytes)")
        }
    }

    @Test("varints and zigzag varints round-trip across the whole range")
    func varintRoundTrip() throws {
        var rng = SeededGenerator(seed: 5)
        var values: [UInt64] = [0, 1, 127, 128, 255, 16_383, 16_384, UInt64(Int64.max), UInt64.max]
        for _ in 0..<10_000 { values.append(rng.next() >> UInt64.random(in: 0..<64, using: &rng)) }
        var writer = ByteWriter()
        for value in values {
            writer.writeVarint(value)
            writer.writeSignedVarint(Int64(bitPattern: value))
        }
        var reader = ByteReader(writer.bytes)
        for value in values {
            #expect(try reader.readVarint("v") == value)
            #expect(try reader.readSignedVarint("s") == Int64(bitPattern: value))
        }
        #expect(reader.isAtEnd)
    }

    @Test("varints that overflow, have redundant bytes or are cut off are refused")
    func malformedVarints() {
        var tooLong = ByteReader([UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(throws: BinaryDecodingError.self) { try tooLong.readVarint("v") }
        var redundant = ByteReader([0x80, 0x00])
        #expect(
            throws: BinaryDecodingError.invalidValue(field: "v", offset: 0, reason: "varint has a redundant zero byte")
        ) {
            try redundant.readVarint("v")
        }
        var truncated = ByteReader([0x80, 0x80])
        #expect(throws: BinaryDecodingError.truncated(field: "v", offset: 2, needed: 1)) {
            try truncated.readVarint("v")
        }
    }

    @Test("a length larger than the remaining input is refused before allocating")
    func oversizedLength() {
        var reader = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x41])
        #expect(throws: BinaryDecodingError.lengthOutOfBounds(field: "s", offset: 0, length: 0xFFFF_FFFF, limit: 1)) {
            try reader.readString("s")
        }
    }

    @Test("DEFLATE round-trips and detects damage")
    func deflateRoundTrip() throws {
        let input = Array(String(repeating: "党风廉政建设汇报 ", count: 500).utf8)
        let packed = Deflate.compress(input)
        #expect(packed.count < input.count / 10)
        #expect(try Deflate.decompress(packed[...], expectedSize: input.count) == input)
        #expect(throws: BinaryDecodingError.self) {
            try Deflate.decompress(packed.dropLast(3), expectedSize: input.count)
        }
        #expect(throws: BinaryDecodingError.self) { try Deflate.decompress(packed[...], expectedSize: input.count - 1) }
    }
}
