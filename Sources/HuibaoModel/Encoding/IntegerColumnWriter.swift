/// One integer column of a document body being written: plain varints (document formats 1 and
/// 2) or run-length encoded (format 3, see ``RunLengthWriter``). ``IntegerColumn`` reads both.
package struct IntegerColumnWriter {
    private var plain = ByteWriter()
    private var runs = RunLengthWriter()
    /// Whether the column is run-length encoded.
    package let runLength: Bool

    /// An empty column in one of the two encodings.
    package init(runLength: Bool) {
        self.runLength = runLength
    }

    /// Appends an unsigned value.
    package mutating func append(_ value: UInt64) {
        if runLength { runs.append(value) } else { plain.writeVarint(value) }
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
    package var bytes: [UInt8] { runLength ? runs.bytes : plain.bytes }
}
