import HuibaoModel

#if canImport(Glibc)
    import Glibc
#endif

/// Character set conversion through the C library's iconv (glibc ships GB18030).
package enum Iconv {
    /// Converts `bytes` from the character set `source` to `target`, or returns `nil` if the
    /// bytes are not valid in `source` or iconv is unavailable.
    ///
    /// - Parameter growth: how many output bytes one input byte can need at most.
    package static func convert(_ bytes: [UInt8], from source: String, to target: String, growth: Int = 2) -> [UInt8]? {
        #if canImport(Glibc)
            let converter = iconv_open(target, source)
            guard converter != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(converter) }
            var input = bytes.map { CChar(bitPattern: $0) }
            var output = [CChar](repeating: 0, count: bytes.count * growth + 16)
            let written: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    var inputPointer = inputBuffer.baseAddress
                    var inputLeft = inputBuffer.count
                    var outputPointer = outputBuffer.baseAddress
                    var outputLeft = outputBuffer.count
                    let result = iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                    return result != -1 && inputLeft == 0 ? outputBuffer.count - outputLeft : nil
                }
            }
            return written.map { output[..<$0].map { UInt8(bitPattern: $0) } }
        #else
            return nil
        #endif
    }
}
