/// Lowercase hexadecimal digits of ids, written without intermediate strings: hashes and
/// replica ids are printed by the hundred thousand in HQ's reports.
enum Hex {
    static let alphabet: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the low `digits` hexadecimal digits of `value`, most significant first.
    static func append(_ value: UInt64, digits: Int, to out: inout [UInt8]) {
        for index in stride(from: digits - 1, through: 0, by: -1) {
            out.append(alphabet[Int(truncatingIfNeeded: (value >> UInt64(4 * index)) & 0xf)])
        }
    }
}
