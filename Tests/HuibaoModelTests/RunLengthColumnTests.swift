import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The run-length integer columns of document format 3.
@Suite("Run-length columns")
struct RunLengthColumnTests {
    /// Reads `count` values back from a run-length column.
    static func read(_ bytes: [UInt8], count: Int) throws(BinaryDecodingError) -> [UInt64] {
        var column = IntegerColumn(ByteReader(bytes), runLength: true)
        var values: [UInt64] = []
        for _ in 0..<count { values.append(try column.next("value")) }
        try column.expectEnd("column")
        return values
    }

    @Test("random columns with runs, literals and large values round-trip")
    func roundTrip() throws {
        var rng = SeededGenerator(seed: 31)
        for round in 0..<300 {
            var values: [UInt64] = []
            for _ in 0..<Int.random(in: 0..<200, using: &rng) {
                let value: UInt64 =
                    round % 3 == 0
                    ? rng.next() >> UInt64.random(in: 0..<64, using: &rng) : UInt64.random(in: 0..<4, using: &rng)
                values.append(contentsOf: repeatElement(value, count: Int.random(in: 1...5, using: &rng)))
            }
            var writer = RunLengthWriter()
            for value in values { writer.append(value) }
            #expect(writer.count == values.count)
            #expect(try Self.read(writer.bytes, count: values.count) == values)
        }
    }

    @Test("a repeated value costs a header and the value, however long the run")
    func runsAreShort() throws {
        var writer = RunLengthWriter()
        for _ in 0..<100_000 { writer.appendSigned(-2) }
        writer.append(7)
        writer.append(9)
        // A run of 100,000 (3-byte header) of zigzag(-2) = 3, then a literal group of two (header -2 = 3).
        #expect(writer.bytes == [0xC0, 0x9A, 0x0C, 3, 3, 7, 9])
        var column = IntegerColumn(ByteReader(writer.bytes), runLength: true)
        #expect(try column.nextSigned("v") == -2)
        #expect(column.repeatsLeft == 99_999)
    }

    @Test("zero and oversized headers, cut-off groups and unread values are refused")
    func malformedColumns() {
        // A zero header.
        #expect(throws: BinaryDecodingError.self) { try Self.read([0, 5], count: 1) }
        // A literal group of three with two values.
        #expect(throws: BinaryDecodingError.self) { try Self.read([5, 1, 2], count: 3) }
        // A run whose value is missing.
        #expect(throws: BinaryDecodingError.self) { try Self.read([4], count: 1) }
        // A run of two read once: the column is not at its end.
        #expect(throws: BinaryDecodingError.self) { try Self.read([4, 9], count: 1) }
        // A run count beyond 2^31 (never allocated, refused on sight).
        #expect(throws: BinaryDecodingError.self) { try Self.read([0x80, 0x80, 0x80, 0x80, 0x10, 1], count: 1) }
    }

    @Test("plain columns of formats 1 and 2 read as varints")
    func plainColumns() throws {
        var writer = IntegerColumnWriter(runLength: false)
        for value in [3, 3, 3, 300] { writer.append(value) }
        #expect(writer.bytes == [3, 3, 3, 0xAC, 0x02])
        var column = IntegerColumn(ByteReader(writer.bytes), runLength: false)
        for value: UInt64 in [3, 3, 3, 300] { #expect(try column.next("v") == value) }
        try column.expectEnd("column")
    }
}
