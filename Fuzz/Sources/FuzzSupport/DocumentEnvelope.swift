public import HuibaoModel

/// Wraps bytes as the body of an uncompressed document with a valid checksum (the envelope of
/// `EncodingFormat.md`), so the fuzzer reaches the body decoder instead of failing the checksum.
public enum DocumentEnvelope {
    public static func wrap(body: [UInt8]) -> [UInt8] {
        var bytes = Array("HBDOC".utf8) + [Document.formatVersion, 0]
        varint(UInt64(body.count), into: &bytes)
        varint(UInt64(body.count), into: &bytes)
        bytes += body
        let crc = crc32(body)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        return bytes
    }

    /// The body of an uncompressed document's encoding (the inverse of ``wrap(body:)``).
    public static func body(of encoded: [UInt8]) -> [UInt8] {
        var offset = 7
        for _ in 0..<2 {
            while offset < encoded.count && encoded[offset] & 0x80 != 0 { offset += 1 }
            offset += 1
        }
        return Array(encoded[min(offset, encoded.count)..<max(offset, encoded.count - 4)])
    }

    static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// CRC-32 (IEEE, reflected), as zlib computes it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
