/// An append-only byte buffer with the primitives of Huibao's binary formats.
///
/// Unsigned integers are LEB128 varints, signed ones are zigzag-mapped first, strings are a
/// varint byte length followed by UTF-8. See `EncodingFormat.md` for the formats built on it.
package struct ByteWriter: Sendable {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    package init() {}

    /// Creates an empty writer with room for `capacity` bytes.
    package init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    package mutating func writeByte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends raw bytes.
    package mutating func writeBytes<Bytes: Sequence<UInt8>>(_ values: Bytes) {
        bytes.append(contentsOf: values)
    }

    /// Appends an unsigned LEB128 varint (1 to 10 bytes).
    package mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends a non-negative `Int` as a varint.
    package mutating func writeVarint(_ value: Int) {
        precondition(value >= 0, "negative value written as unsigned varint")
        writeVarint(UInt64(value))
    }

    /// Appends a signed integer as a zigzag varint (small magnitudes take few bytes).
    package mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a 64-bit little-endian word.
    package mutating func writeUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Appends a change hash's 32 bytes.
    package mutating func writeChangeHash(_ hash: ChangeHash) {
        for word in [hash.words.0, hash.words.1, hash.words.2, hash.words.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
    }

    /// Appends a string as a varint byte length and its UTF-8.
    package mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends a block: a varint byte length followed by the bytes.
    package mutating func writeBlock(_ block: [UInt8]) {
        writeVarint(block.count)
        bytes.append(contentsOf: block)
    }
}
