/// Writes a column of unsigned integers run-length encoded: repeated values once with their
/// count, other values as literal groups.
///
/// The column is a sequence of groups, each an svarint header: `n > 0` is a run of `n` copies
/// of the varint that follows, `n < 0` a literal group of `−n` varints (no two neighbours
/// equal). Signed values are written zigzag-encoded (``appendSigned(_:)``). This is the column
/// encoding of automerge's RLE columns without nulls; see `EncodingFormat.md`.
///
/// ```swift
/// var column = RunLengthWriter()
/// for value in [1, 1, 1, 5, 7] { column.append(UInt64(value)) }
/// column.bytes   // [3, 1, 3 (−2 zigzag), 5, 7]: a run of three 1s, then the literals 5, 7
/// ```
package struct RunLengthWriter {
    private var output = ByteWriter()
    /// Values of the literal group being collected (its last one may start a run).
    private var literals: [UInt64] = []
    /// The value repeated by the current run, and how often.
    private var run: (value: UInt64, count: Int)?
    /// How many values were appended.
    package private(set) var count = 0

    /// An empty column.
    package init() {}

    /// Appends one value.
    package mutating func append(_ value: UInt64) {
        count += 1
        if let current = run {
            if current.value == value {
                run?.count += 1
                return
            }
            flushRun()
        }
        if let last = literals.last, last == value {
            literals.removeLast()
            flushLiterals()
            run = (value, 2)
            return
        }
        literals.append(value)
    }

    /// Appends a non-negative `Int`.
    package mutating func append(_ value: Int) {
        precondition(value >= 0, "negative value in an unsigned column")
        append(UInt64(value))
    }

    /// Appends a signed value, zigzag-encoded.
    package mutating func appendSigned(_ value: Int64) {
        append(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The encoded column.
    package var bytes: [UInt8] {
        var copy = self
        copy.flushRun()
        copy.flushLiterals()
        return copy.output.bytes
    }

    private mutating func flushRun() {
        guard let current = run else { return }
        output.writeSignedVarint(Int64(current.count))
        output.writeVarint(current.value)
        run = nil
    }

    private mutating func flushLiterals() {
        guard !literals.isEmpty else { return }
        output.writeSignedVarint(-Int64(literals.count))
        for value in literals { output.writeVarint(value) }
        literals.removeAll(keepingCapacity: true)
    }
}
