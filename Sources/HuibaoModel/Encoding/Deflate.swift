import CHuibaoZlib

/// Raw DEFLATE compression and CRC-32 through the system zlib.
package enum Deflate {
    /// Compresses `input` at zlib's level 6, its default.
    package static func compress(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard huibao_deflate_init(&stream, 6) == Z_OK else { preconditionFailure("zlib deflateInit failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let produced: Int = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate with a deflateBound buffer did not finish")
                return target.count - Int(stream.avail_out)
            }
        }
        output.removeLast(output.count - produced)
        return output
    }

    /// Inflates `input`, which must produce exactly `expectedSize` bytes.
    ///
    /// - Throws: ``BinaryDecodingError/compression(reason:)`` if the stream is damaged, ends early,
    ///   or produces a different size.
    package static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int) throws(BinaryDecodingError) -> [UInt8]
    {
        var stream = z_stream()
        guard huibao_inflate_init(&stream) == Z_OK else { throw .compression(reason: "zlib could not start") }
        defer { inflateEnd(&stream) }
        // One spare byte detects a stream that inflates to more than announced.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let (status, produced, unused) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status = inflate(&stream, Z_FINISH)
                return (status, target.count - Int(stream.avail_out), Int(stream.avail_in))
            }
        }
        guard status == Z_STREAM_END else {
            throw .compression(
                reason: status == Z_BUF_ERROR ? "stream ends early or is longer than announced" : "zlib error \(status)"
            )
        }
        guard produced == expectedSize else {
            throw .compression(reason: "inflated to \(produced) bytes, announced \(expectedSize)")
        }
        guard unused == 0 else { throw .compression(reason: "\(unused) byte(s) after the end of the stream") }
        output.removeLast()
        return output
    }

    /// The CRC-32 (as in zlib and PNG) of `bytes`.
    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CHuibaoZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }
}
