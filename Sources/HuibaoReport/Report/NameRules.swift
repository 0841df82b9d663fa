public import HuibaoModel

/// What a unit's name, a period and a kind of report may be: they name reports
/// (`unit/period/kind`) in commands, file names and HQ's tables, so each must read as one clear
/// word.
public enum NameRules {
    /// Why `name` cannot be a unit's name (or, with `what`, a kind's), or `nil` if it can: not
    /// empty or only spaces, no space at either end, no line break, tab or other control
    /// character, no `/` (it separates unit, period and kind), at most 100 characters.
    public static func problem(withName name: String, what: String = Language.text("单位名称", "a unit's name"))
        -> String?
    {
        if name.trimmingSpaces.isEmpty { return Language.text("\(what)不能为空", "\(what) must not be empty") }
        if name.trimmingSpaces != name {
            return Language.text(
                "\(what)开头和结尾不能有空格：“\(name)”", "\(what) must not begin or end with a space: \"\(name)\"")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return Language.text(
                "\(what)不能包含换行符、制表符或其他控制字符",
                "\(what) must not contain a line break, tab or other control character")
        }
        if name.contains("/") {
            return Language.text(
                "\(what)不能包含“/”（它用于分隔单位、报告期和类型）：\(name)",
                "\(what) must not contain \"/\" (it separates unit, period and kind): \(name)")
        }
        if name.count > 100 {
            return Language.text("\(what)不能超过100个字符", "\(what) must be at most 100 characters")
        }
        return nil
    }

    /// Why `period` is not a period, or `nil`: a year (`2023`), a half (`2023H1`, `2023H2`), a
    /// quarter (`2023Q1`…`2023Q4`) or a month (`2023-01`…`2023-12`).
    public static func problem(withPeriod period: String) -> String? {
        let scalars = Array(period.unicodeScalars)
        let isDigit: (Unicode.Scalar) -> Bool = { $0.value >= 0x30 && $0.value <= 0x39 }
        let wellFormed: Bool
        if scalars.count >= 4, scalars.prefix(4).allSatisfy(isDigit) {
            let rest = String(String.UnicodeScalarView(scalars.dropFirst(4)))
            let halves = ["", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]
            let months = (1...12).map { $0 < 10 ? "-0\($0)" : "-\($0)" }
            wellFormed = halves.contains(rest) || months.contains(rest)
        } else {
            wellFormed = false
        }
        return wellFormed
            ? nil
            : Language.text(
                "报告期须为年份（2023）、半年（2023H1）、季度（2023Q2）或月份（2023-06），而不是“\(period)”",
                "the period must be a year (2023), a half (2023H1), a quarter (2023Q2) or a month (2023-06), not \"\(period)\""
            )
    }

    /// The period a person wrote the Chinese way, in the form reports are named by:
    /// `2024年上半年` → `2024H1`, `2024年第二季度` (or `二季度`, `2季度`) → `2024Q2`, `2024年6月` →
    /// `2024-06`, `2024年` or `2024年度` → `2024`; anything else unchanged (checked by
    /// ``problem(withPeriod:)``).
    public static func canonicalPeriod(_ text: String) -> String {
        let trimmed = String(text.trimmingSpaces)
        let scalars = Array(trimmed.unicodeScalars)
        guard scalars.count > 5, scalars.prefix(4).allSatisfy({ ("0"..."9").contains($0) }), scalars[4] == "年" else {
            return trimmed
        }
        let year = String(String.UnicodeScalarView(scalars.prefix(4)))
        var rest = String(String.UnicodeScalarView(scalars.dropFirst(5)))
        if rest == "度" { return year }
        if rest == "上半年" { return year + "H1" }
        if rest == "下半年" { return year + "H2" }
        if rest.hasSuffix("季度") {
            rest = String(rest.dropLast(2))
            if rest.hasPrefix("第") { rest.removeFirst() }
            let quarters = ["1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4]
            return quarters[rest].map { "\(year)Q\($0)" } ?? trimmed
        }
        if rest.hasSuffix("月"), let month = Int(rest.dropLast()), (1...12).contains(month) {
            return month < 10 ? "\(year)-0\(month)" : "\(year)-\(month)"
        }
        return trimmed
    }

    /// A period as people read it: `2024H1` → 2024年上半年, `2024Q2` → 2024年第二季度, `2024-06` →
    /// 2024年6月, `2024` → 2024年度; anything else as it is.
    public static func displayPeriod(_ period: String) -> String {
        let scalars = Array(period.unicodeScalars)
        guard scalars.count >= 4, scalars.prefix(4).allSatisfy({ ("0"..."9").contains($0) }) else { return period }
        let year = String(String.UnicodeScalarView(scalars.prefix(4)))
        let rest = String(String.UnicodeScalarView(scalars.dropFirst(4)))
        switch rest {
        case "": return "\(year)年度"
        case "H1": return "\(year)年上半年"
        case "H2": return "\(year)年下半年"
        case "Q1", "Q2", "Q3", "Q4":
            let numeral = ["一", "二", "三", "四"][Int(String(rest.dropFirst()))! - 1]
            return "\(year)年第\(numeral)季度"
        default:
            if rest.hasPrefix("-"), let month = Int(rest.dropFirst()), (1...12).contains(month) {
                return "\(year)年\(month)月"
            }
            return period
        }
    }
}
