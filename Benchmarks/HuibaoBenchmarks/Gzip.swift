import CHuibaoZlib

/// Reads gzip files for the trace benchmark.
enum Gzip {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Inflates a whole gzip (or zlib) stream.
    static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard huibao_inflate_init_gzip(&stream) == Z_OK else { throw Failure(description: "zlib could not start") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw Failure(description: "not a valid gzip stream (zlib status \(status))")
                }
                output.append(contentsOf: chunk[0..<produced])
            } while status != Z_STREAM_END
        }
        return output
    }
}
