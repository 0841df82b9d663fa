/// Reads a column of integers, either plain varints (document formats 1 and 2) or run-length
/// encoded (format 3, see ``RunLengthWriter``), one value at a time.
///
/// Every read checks bounds and throws a ``BinaryDecodingError``; a run's count is never used
/// to allocate, only counted down, so a huge count costs nothing until values are asked for.
package struct IntegerColumn: Sendable {
    /// The column's bytes.
    package private(set) var reader: ByteReader
    /// Whether the column is run-length encoded.
    package let runLength: Bool
    /// Values left in the current group.
    private var left = 0
    /// Whether the current group is a literal group (else a run of `value`).
    private var literal = false
    /// The value of the current run.
    private var value: UInt64 = 0

    /// A reader over a column block.
    package init(_ reader: ByteReader, runLength: Bool) {
        self.reader = reader
        self.runLength = runLength
    }

    /// The offset of the next group or value in the outermost input, for errors.
    @inline(__always)
    package var position: Int { reader.position }

    /// The sum of the values left, each counted as at most `limit` and the sum capped at
    /// `limit`, or `nil` if the column is malformed: a hint for reserving memory, read from a
    /// copy (a run adds its value times its count without reading each copy).
    package func sumHint(limit: Int) -> Int? {
        var column = self
        var total = 0
        while column.left > 0 || !column.reader.isAtEnd {
            guard let value = try? column.next("") else { return nil }
            let copies = 1 + column.repeatsLeft
            column.skip(copies - 1)
            let (product, overflow) = Int(min(value, UInt64(limit))).multipliedReportingOverflow(by: copies)
            guard !overflow else { return limit }
            total = min(limit, total + product)
        }
        return total
    }

    /// Reads the next value.
    @inline(__always)
    package mutating func next(_ field: String) throws(BinaryDecodingError) -> UInt64 {
        guard runLength else { return try reader.readVarint(field) }
        if left == 0 { try startGroup(field) }
        left -= 1
        return literal ? try reader.readVarint(field) : value
    }

    /// Reads the next value as a count of at most `limit`.
    @inline(__always)
    package mutating func nextCount(_ field: String, max limit: Int) throws(BinaryDecodingError) -> Int {
        let start = position
        let raw = try next(field)
        guard raw <= UInt64(limit) else {
            throw .lengthOutOfBounds(field: field, offset: start, length: raw, limit: limit)
        }
        return Int(raw)
    }

    /// Reads the next value as a zigzag-encoded signed integer.
    @inline(__always)
    package mutating func nextSigned(_ field: String) throws(BinaryDecodingError) -> Int64 {
        let raw = try next(field)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// How many more copies of the value just read follow in its run (0 for plain columns and
    /// literal groups), so that a reader can take a run at once with ``skip(_:)``.
    package var repeatsLeft: Int { runLength && !literal ? left : 0 }

    /// Skips `count` values of the current run (at most ``repeatsLeft``).
    package mutating func skip(_ count: Int) {
        precondition(count <= repeatsLeft, "skipping past the run")
        left -= count
    }

    private mutating func startGroup(_ field: String) throws(BinaryDecodingError) {
        let start = reader.position
        let header = try reader.readSignedVarint(field)
        guard header != 0, header != Int64.min, header.magnitude <= UInt64(Int32.max) else {
            throw .invalidValue(field: field, offset: start, reason: "run header \(header) out of range")
        }
        if header > 0 {
            literal = false
            left = Int(header)
            value = try reader.readVarint(field)
        } else {
            literal = true
            left = Int(-header)
        }
    }

    /// Throws unless every value and byte has been read.
    package func expectEnd(_ field: String) throws(BinaryDecodingError) {
        guard left == 0 else {
            throw .trailingBytes(field: field, offset: reader.position, count: max(reader.remaining, 1))
        }
        try reader.expectEnd(field)
    }
}
