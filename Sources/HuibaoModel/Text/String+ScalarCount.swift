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
    /// `String.UnicodeScalarView` one scalar at a time).
    package init<Scalars: Sequence<Unicode.Scalar>>(scalars: Scalars) {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.underestimatedCount * 3)
        for scalar in scalars { UTF8.encode(scalar) { utf8.append($0) } }
        self.init(decoding: utf8, as: UTF8.self)
    }
}
