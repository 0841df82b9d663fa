/// Chinese numerals as written in reports: 一 … 十, 十一, 二十三, 两, 一百零五, 三千.
enum ChineseNumeral {
    static let digits: [Unicode.Scalar: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let multipliers: [Unicode.Scalar: Int] = ["十": 10, "百": 100, "千": 1000, "万": 10_000]

    /// Whether `scalar` can be part of a Chinese numeral.
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        digits[scalar] != nil || multipliers[scalar] != nil
    }

    /// The value of a Chinese numeral, or `nil` if the scalars are not one.
    static func value<S: Collection<Unicode.Scalar>>(_ scalars: S) -> Int? {
        guard !scalars.isEmpty else { return nil }
        var total = 0
        var section = 0
        var digit: Int?
        for scalar in scalars {
            if let d = digits[scalar] {
                if digit != nil && d != 0 { return nil }  // two digits in a row: not a numeral
                digit = d
            } else if let m = multipliers[scalar] {
                if m == 10_000 {
                    total = (total + section + (digit ?? 0)) * m
                    section = 0
                } else {
                    section += (digit ?? 1) * m
                }
                digit = nil
            } else {
                return nil
            }
        }
        return total + section + (digit ?? 0)
    }
}
