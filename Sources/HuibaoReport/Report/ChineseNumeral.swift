import HuibaoModel

/// Chinese numerals as written in reports: 一 … 十, 十一, 二十三, 两, 一百零五, 三千.
enum ChineseNumeral {
    /// The value of a Chinese digit.
    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "零", "〇": 0
        case "一": 1
        case "二", "两": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    /// The value of a Chinese multiplier.
    static func multiplier(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "十": 10
        case "百": 100
        case "千": 1000
        case "万": 10_000
        default: nil
        }
    }

    /// Whether `scalar` can be part of a Chinese numeral.
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        digit(scalar) != nil || multiplier(scalar) != nil
    }

    /// The value of a Chinese numeral, or `nil` if the scalars are not one.
    static func value<S: Collection<Unicode.Scalar>>(_ scalars: S) -> Int? {
        guard !scalars.isEmpty else { return nil }
        var total = 0
        var section = 0
        var pending: Int?
        for scalar in scalars {
            if let d = ChineseNumeral.digit(scalar) {
                if pending != nil && d != 0 { return nil }  // two digits in a row: not a numeral
                pending = d
            } else if let m = multiplier(scalar) {
                if m == 10_000 {
                    total = (total + section + (pending ?? 0)) * m
                    section = 0
                } else {
                    section += (pending ?? 1) * m
                }
                pending = nil
            } else {
                return nil
            }
        }
        return total + section + (pending ?? 0)
    }
}
