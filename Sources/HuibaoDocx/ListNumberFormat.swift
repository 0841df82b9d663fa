/// How a level of Word's automatic numbering writes its number (`w:numFmt`).
///
/// The Chinese formats are the ones units' documents use for 一、 and （一） (Word writes
/// `chineseCounting`, `chineseCountingThousand`, `ideographDigital`; LibreOffice writes
/// `taiwaneseCountingThousand`); formats Huibao does not know are written as decimal digits,
/// as Word does for a value out of a format's range.
package enum ListNumberFormat: Hashable, Sendable {
    /// `1 2 3`.
    case decimal
    /// `01 02 … 10`.
    case decimalZero
    /// Full-width digits `１ ２ ３`.
    case decimalFullWidth
    /// `① ② ③` (up to 20).
    case decimalEnclosedCircle
    /// `⒈ ⒉ ⒊` (up to 20).
    case decimalEnclosedFullstop
    /// `⑴ ⑵ ⑶` (up to 20).
    case decimalEnclosedParen
    /// `一 二 … 十 十一 … 一百零一`: Chinese counting.
    case chineseCounting
    /// `一 二 … 十 十一 … 百一`: Japanese counting (no 零, no 一 before 百 and 千).
    case japaneseCounting
    /// `一 二 … 一〇 一一`: one ideograph per digit.
    case ideographDigital
    /// `壹 贰 … 壹拾`: the simplified financial numerals.
    case chineseLegalSimplified
    /// `壹 貳 … 壹拾`: the traditional financial numerals.
    case ideographLegalTraditional
    /// `甲 乙 丙 丁 …` (the ten heavenly stems).
    case ideographTraditional
    /// `子 丑 寅 卯 …` (the twelve earthly branches).
    case ideographZodiac
    /// `a b … z aa`.
    case lowerLetter
    /// `A B … Z AA`.
    case upperLetter
    /// `i ii iii`.
    case lowerRoman
    /// `I II III`.
    case upperRoman
    /// A bullet: no number (the bullet character is layout, not text).
    case bullet
    /// No number.
    case none

    /// The format a `w:numFmt` value names; unknown values are decimal.
    package init(ooxml value: String) {
        switch value {
        case "decimalZero": self = .decimalZero
        case "decimalFullWidth", "decimalFullWidth2": self = .decimalFullWidth
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese": self = .decimalEnclosedCircle
        case "decimalEnclosedFullstop": self = .decimalEnclosedFullstop
        case "decimalEnclosedParen": self = .decimalEnclosedParen
        case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand":
            self = .chineseCounting
        case "japaneseCounting": self = .japaneseCounting
        case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand": self = .ideographDigital
        case "chineseLegalSimplified": self = .chineseLegalSimplified
        case "ideographLegalTraditional": self = .ideographLegalTraditional
        case "ideographTraditional": self = .ideographTraditional
        case "ideographZodiac", "ideographZodiacTraditional": self = .ideographZodiac
        case "lowerLetter": self = .lowerLetter
        case "upperLetter": self = .upperLetter
        case "lowerRoman": self = .lowerRoman
        case "upperRoman": self = .upperRoman
        case "bullet": self = .bullet
        case "none": self = .none
        default: self = .decimal
        }
    }

    /// `number` written in this format (numbers below 1 and above a format's range are decimal).
    package func format(_ number: Int) -> String {
        switch self {
        case .decimal: return String(number)
        case .decimalZero: return number >= 0 && number < 10 ? "0\(number)" : String(number)
        case .decimalFullWidth:
            return String(String.UnicodeScalarView(String(number).unicodeScalars.map { Self.fullWidth($0) }))
        case .decimalEnclosedCircle: return Self.enclosed(number, first: 0x2460)
        case .decimalEnclosedFullstop: return Self.enclosed(number, first: 0x2488)
        case .decimalEnclosedParen: return Self.enclosed(number, first: 0x2474)
        case .chineseCounting: return Self.counting(number, digits: Self.chineseDigits, japanese: false)
        case .japaneseCounting: return Self.counting(number, digits: Self.chineseDigits, japanese: true)
        case .ideographDigital:
            guard number >= 0 else { return String(number) }
            return String(String(number).map { Self.ideographDigits[Int(String($0)) ?? 0] }.joined())
        case .chineseLegalSimplified: return Self.legal(number, digits: Self.legalSimplified)
        case .ideographLegalTraditional: return Self.legal(number, digits: Self.legalTraditional)
        case .ideographTraditional: return Self.cycle(number, Self.heavenlyStems)
        case .ideographZodiac: return Self.cycle(number, Self.earthlyBranches)
        case .lowerLetter: return Self.letters(number, upper: false)
        case .upperLetter: return Self.letters(number, upper: true)
        case .lowerRoman: return Self.roman(number).lowercased()
        case .upperRoman: return Self.roman(number)
        case .bullet, .none: return ""
        }
    }

    static let chineseDigits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    static let ideographDigits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    static let legalSimplified = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    static let legalTraditional = ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"]
    static let heavenlyStems = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
    static let earthlyBranches = ["子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"]

    static func fullWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("0"..."9").contains(scalar) ? Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar : scalar
    }

    /// ①–⑳ and their kin: 20 consecutive code points from `first`.
    static func enclosed(_ number: Int, first: UInt32) -> String {
        guard (1...20).contains(number), let scalar = Unicode.Scalar(first + UInt32(number - 1)) else {
            return String(number)
        }
        return String(scalar)
    }

    /// 一 … 十 十一 … 二十 … 一百零一 … 九千九百九十九; Japanese counting leaves out 零 and the
    /// 一 before 百 and 千.
    static func counting(_ number: Int, digits: [String], japanese: Bool) -> String {
        // 十 not 一十 at the start (十一), and in Japanese 百 and 千 too.
        spelled(number, digits: digits, units: ["", "十", "百", "千"], writesZero: !japanese) { place in
            place == 1 || (japanese && place > 1)
        }
    }

    /// 壹 … 玖 壹拾 壹拾壹 … 贰拾 … 壹佰零壹.
    static func legal(_ number: Int, digits: [String]) -> String {
        spelled(number, digits: digits, units: ["", "拾", "佰", "仟"], writesZero: true) { _ in false }
    }

    /// `number` (1…9999, else in Arabic digits) spelled with `digits` and place `units`: a run of
    /// zeros inside is one `digits[0]` when `writesZero`; a leading 1 at a place for which
    /// `dropsLeadingOne` holds is left out.
    static func spelled(
        _ number: Int, digits: [String], units: [String], writesZero: Bool, dropsLeadingOne: (Int) -> Bool
    ) -> String {
        guard (1...9999).contains(number) else { return String(number) }
        let places = String(number).compactMap { Int(String($0)) }
        var out = ""
        var pendingZero = false
        for (index, digit) in places.enumerated() {
            let place = places.count - 1 - index
            if digit == 0 {
                pendingZero = !out.isEmpty
                continue
            }
            if pendingZero && writesZero { out += digits[0] }
            pendingZero = false
            let dropOne = digit == 1 && out.isEmpty && dropsLeadingOne(place)
            out += (dropOne ? "" : digits[digit]) + units[place]
        }
        return out
    }

    static func cycle(_ number: Int, _ names: [String]) -> String {
        guard number >= 1 else { return String(number) }
        return names[(number - 1) % names.count]
    }

    /// a … z, aa … zz, aaa (Word repeats the letter).
    static func letters(_ number: Int, upper: Bool) -> String {
        guard number >= 1 else { return String(number) }
        let letter = Unicode.Scalar(UInt32((number - 1) % 26) + (upper ? 65 : 97)).map(String.init) ?? ""
        return String(repeating: letter, count: (number - 1) / 26 + 1)
    }

    static func roman(_ number: Int) -> String {
        guard (1...3999).contains(number) else { return String(number) }
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = number
        var out = ""
        for (value, symbol) in table {
            while rest >= value {
                out += symbol
                rest -= value
            }
        }
        return out
    }
}
