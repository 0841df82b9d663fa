/// A strict reader over a byte buffer: every read checks bounds and throws a
/// ``BinaryDecodingError`` naming the field and the offset instead of trapping.
package struct ByteReader: Sendable {
    /// The whole input.
    package let bytes: [UInt8]
    /// The offset of the next byte to read.
    package private(set) var offset: Int
    /// One past the last byte this reader may read.
    package let end: Int
    /// Where this buffer sits in the outermost input, for error offsets.
    package let base: Int

    /// Creates a reader over `bytes[range]`; offsets in errors are `base` plus the position.
    package init(_ bytes: [UInt8], range: Range<Int>? = nil, base: Int = 0) {
        self.bytes = bytes
        let range = range ?? 0..<bytes.count
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.base = base
    }

    /// The number of bytes left.
    package var remaining: Int { end - offset }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { offset == end }

    /// The offset of the next byte in the outermost input.
    @inline(__always)
    package var position: Int { base + offset }

    /// Reads one byte.
    package mutating func readByte(_ field: String) throws(BinaryDecodingError) -> UInt8 {
        guard offset < end else { throw .truncated(field: field, offset: position, needed: 1) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads `count` raw bytes.
    package mutating func readBytes(_ count: Int, _ field: String) throws(BinaryDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: field, offset: position, needed: count)
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes that fits 64 bits.
    @inline(__always)
    package mutating func readVarint(_ field: String) throws(BinaryDecodingError) -> UInt64 {
        // Most values of a document body take one byte.
        if offset < end {
            let byte = bytes[offset]
            if byte < 0x80 {
                offset += 1
                return UInt64(byte)
            }
        }
        return try readMultibyteVarint(field)
    }

    /// ``readVarint(_:)`` past its one-byte case, with every check.
    @inline(never)
    private mutating func readMultibyteVarint(_ field: String) throws(BinaryDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard offset < end else { throw .truncated(field: field, offset: position, needed: 1) }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 {
                throw .invalidValue(field: field, offset: start, reason: "varint does not fit 64 bits")
            }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    throw .invalidValue(field: field, offset: start, reason: "varint has a redundant zero byte")
                }
                return result
            }
            shift += 7
        }
    }

    /// Reads a varint that must be at most `limit`, as an `Int`.
    package mutating func readCount(_ field: String, max limit: Int) throws(BinaryDecodingError) -> Int {
        let start = position
        let value = try readVarint(field)
        guard value <= UInt64(limit) else {
            throw .lengthOutOfBounds(field: field, offset: start, length: value, limit: limit)
        }
        return Int(value)
    }

    /// Reads a zigzag varint.
    package mutating func readSignedVarint(_ field: String) throws(BinaryDecodingError) -> Int64 {
        let raw = try readVarint(field)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a 64-bit little-endian word.
    package mutating func readUInt64(_ field: String) throws(BinaryDecodingError) -> UInt64 {
        let raw = try readBytes(8, field)
        var value: UInt64 = 0
        for (i, byte) in raw.enumerated() {
            value |= UInt64(byte) << UInt64(8 * i)
        }
        return value
    }

    /// Reads a change hash: 32 bytes, without building an array on the way.
    package mutating func readChangeHash(_ field: String) throws(BinaryDecodingError) -> ChangeHash {
        guard remaining >= 32 else { throw .truncated(field: field, offset: position, needed: 32 - remaining) }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for index in 0..<32 {
            let byte = UInt64(bytes[offset + index])
            switch index >> 3 {
            case 0: words.0 = words.0 << 8 | byte
            case 1: words.1 = words.1 << 8 | byte
            case 2: words.2 = words.2 << 8 | byte
            default: words.3 = words.3 << 8 | byte
            }
        }
        offset += 32
        return ChangeHash(words: words)
    }

    /// Reads a varint length that must fit in the bytes after it.
    package mutating func readLength(_ field: String) throws(BinaryDecodingError) -> Int {
        let start = position
        let value = try readVarint(field)
        guard value <= UInt64(remaining) else {
            throw .lengthOutOfBounds(field: field, offset: start, length: value, limit: remaining)
        }
        return Int(value)
    }

    /// Reads a length-prefixed UTF-8 string, refusing invalid UTF-8.
    package mutating func readString(_ field: String) throws(BinaryDecodingError) -> String {
        let start = position
        let count = try readLength(field)
        let raw = try readBytes(count, field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .invalidValue(field: field, offset: start, reason: "not valid UTF-8")
        }
        return text
    }

    /// Reads a length-prefixed block and returns a reader over it.
    package mutating func readBlock(_ field: String) throws(BinaryDecodingError) -> ByteReader {
        let count = try readLength(field)
        let start = offset
        offset += count
        return ByteReader(bytes, range: start..<start + count, base: base)
    }

    /// Throws unless every byte has been read.
    package func expectEnd(_ field: String) throws(BinaryDecodingError) {
        guard isAtEnd else { throw .trailingBytes(field: field, offset: position, count: remaining) }
    }
}
