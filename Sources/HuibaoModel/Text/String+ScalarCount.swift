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
