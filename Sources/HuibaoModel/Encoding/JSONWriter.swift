/// Writes JSON text into bytes directly, for documents of many small values where
/// `JSONEncoder`'s per-value cost dominates.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []

    /// A writer expecting about `capacity` bytes.
    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends JSON text as it is.
    @_disfavoredOverload
    package mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends a string literal, escaped as RFC 8259 requires (control characters, quote and
    /// backslash; the short forms where JSON has them, as `JSONEncoder` writes them).
    package mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most strings need no escaping: copy them whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 { escape(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends one byte of a string's UTF-8, escaped if JSON needs it.
    private mutating func escape(_ byte: UInt8) {
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): short = byte
        case UInt8(ascii: "\n"): short = UInt8(ascii: "n")
        case UInt8(ascii: "\r"): short = UInt8(ascii: "r")
        case UInt8(ascii: "\t"): short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            return bytes.append(contentsOf: [
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                hex[Int(byte & 0xf)],
            ])
        default: return bytes.append(byte)
        }
        bytes.append(contentsOf: [UInt8(ascii: "\\"), short])
    }

    /// Appends a small literal (punctuation, keys) as it is.
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends an integer's decimal digits, without an intermediate string.
    package mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            return int64Magnitude(value.magnitude)
        }
        int64Magnitude(UInt(value))
    }

    /// Appends a change hash as a string literal of its 64 hexadecimal digits.
    package mutating func string(_ hash: ChangeHash) {
        bytes.append(UInt8(ascii: "\""))
        hash.appendDescription(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an unsigned integer's decimal digits.
    package mutating func int(_ value: UInt64) {
        int64Magnitude(UInt(value))
    }

    private mutating func int64Magnitude(_ value: UInt) {
        if value >= 10 { int64Magnitude(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Appends a number (integers without a fraction), or `null`; not-a-number and infinities,
    /// which JSON lacks, as `null` too.
    package mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return raw("null") }
        if value.rounded() == value && abs(value) < 1e15 { return int(Int(value)) }
        raw(String(value))
    }

    /// Appends `[`, each element by `element`, commas, `]`.
    package mutating func array<Element>(_ elements: [Element], _ element: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
