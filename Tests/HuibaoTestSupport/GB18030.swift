#if canImport(Glibc)
    import Glibc
#endif

/// Encodes text as GB18030 through the C library's iconv, to make test inputs.
public enum GB18030 {
    /// The GB18030 bytes of `text`, or `nil` where iconv is unavailable.
    public static func encode(_ text: String) -> [UInt8]? {
        #if canImport(Glibc)
            let converter = iconv_open("GB18030", "UTF-8")
            guard converter != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(converter) }
            var input = Array(text.utf8).map { CChar(bitPattern: $0) }
            var output = [CChar](repeating: 0, count: input.count * 2 + 16)
            let written: Int? = input.withUnsafeMutableBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    var sourcePointer = source.baseAddress
                    var sourceLeft = source.count
                    var targetPointer = target.baseAddress
                    var targetLeft = target.count
                    guard iconv(converter, &sourcePointer, &sourceLeft, &targetPointer, &targetLeft) != -1 else {
                        return nil
                    }
                    return target.count - targetLeft
                }
            }
            guard let written else { return nil }
            return output[..<written].map { UInt8(bitPattern: $0) }
        #else
            return nil
        #endif
    }
}
