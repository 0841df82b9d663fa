extension String {
    /// The number of Unicode scalars, counted on the UTF-8 bytes (faster than
    /// `unicodeScalars.count`, which decodes each scalar).
    var scalarCount: Int {
        var copy = self
        return copy.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }
}

extension String {
    /// Whether the UTF-8 form holds `byte`: a scan of the string's own bytes (iterating
    /// `utf8` costs a call per byte). ASCII bytes stand only for themselves in UTF-8, so this
    /// finds ASCII characters.
    package func containsUTF8Byte(_ byte: UInt8) -> Bool {
        var copy = self
        return copy.withUTF8 { $0.contains(byte) }
    }

    /// Whether a line of the text starts with `prefix` (UTF-8 bytes): a byte scan, where a
    /// `String` search compares characters.
    package func hasLine(startingWith prefix: [UInt8]) -> Bool {
        guard let first = prefix.first else { return true }
        var copy = self
        return copy.withUTF8 { bytes in
            var lineStart = true
            for index in bytes.indices {
                let byte = bytes[index]
                if lineStart, byte == first, bytes[index...].starts(with: prefix) { return true }
                lineStart = byte == UInt8(ascii: "\n")
            }
            return false
        }
    }
}

extension String {
    /// Whether this string's UTF-8 bytes come before `other`'s in byte order (a prefix first):
    /// compared on the strings' own bytes, where `utf8.lexicographicallyPrecedes` iterates the
    /// views a call per byte (sorting 18,000 metric keys took 30 ms).
    package func utf8Precedes(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { left in
            right.withUTF8 { right in
                for index in 0..<min(left.count, right.count) where left[index] != right[index] {
                    return left[index] < right[index]
                }
                return left.count < right.count
            }
        }
    }
}

extension String {
    /// Appends the value of every Unicode scalar to `values` (a fast path for ASCII text).
    func appendScalarValues(to values: inout [UInt32]) {
        var copy = self
        let ascii: Bool = copy.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            for byte in bytes { values.append(UInt32(byte)) }
            return true
        }
        if !ascii {
            for scalar in unicodeScalars { values.append(scalar.value) }
        }
    }
}

extension String {
    /// A string of the given scalars, built through UTF-8 (much faster than appending to a
    /// `String.UnicodeScalarView` one scalar at a time). Contiguous scalars (an array or a slice
    /// of one) are counted and then written straight into the string's storage.
    package init<Scalars: Sequence<Unicode.Scalar>>(scalars: Scalars) {
        if let string = scalars.withContiguousStorageIfAvailable(String.init(contiguousScalars:)) {
            self = string
            return
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.underestimatedCount * 3)
        for scalar in scalars { UTF8.encode(scalar) { utf8.append($0) } }
        self.init(decoding: utf8, as: UTF8.self)
    }

    /// A string of the scalars in `scalars`: their UTF-8 length first, then the bytes.
    private init(contiguousScalars scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        var byteCount = 0
        for scalar in scalars {
            let value = scalar.value
            byteCount &+= 1 &+ (value >= 0x80 ? 1 : 0) &+ (value >= 0x800 ? 1 : 0) &+ (value >= 0x1_0000 ? 1 : 0)
        }
        self.init(unsafeUninitializedCapacity: byteCount) { buffer in
            var offset = 0
            for scalar in scalars {
                let value = scalar.value
                if value < 0x80 {
                    buffer[offset] = UInt8(truncatingIfNeeded: value)
                    offset &+= 1
                } else {
                    UTF8.encode(scalar) { byte in
                        buffer[offset] = byte
                        offset &+= 1
                    }
                }
            }
            return offset
        }
    }
}
