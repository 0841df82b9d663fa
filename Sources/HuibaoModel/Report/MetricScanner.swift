/// Finds the metrics in a report's text: numbers (or placeholders) followed by a counting unit.
///
/// Rules, from `REPORTS.md` and the sample reports:
/// - values: Arabic digits (half- or full-width, with decimals), placeholders `*` `**` `***`
///   `X` `XX`, and Chinese numerals with an event unit (`一堂`, `两次`); an optional `余`/`多`
///   marks an approximation; one space may separate value and unit;
/// - units: 次 人 人次 名 件 起 篇 份 场 场次 个 条 期 堂 批次 轮 项 家 户 所 % 万元 元, and `个` + unit
///   (`12个场次`);
/// - not metrics: years and dates (年 月 日 are not units), ordinals (`第一`), anything inside
///   `“”` or `《》` (names, slogans, document titles), point markers (`一是`), Chinese numerals
///   with measure words that form fixed phrases (`四个意识`, `八项规定`), `二次全会`-style
///   ordinals, and digits glued to Latin letters (`G20`).
enum MetricScanner {
    /// Units, longest first so that `人次` wins over `人`.
    static let units: [[Unicode.Scalar]] = [
        "个场次", "人次", "场次", "批次", "万元", "次", "人", "名", "件", "起", "篇", "份", "场", "个", "条", "期", "堂", "轮",
        "项", "家", "户", "所", "%", "％", "元",
    ].map { Array($0.unicodeScalars) }
    /// Units after which the counted noun follows and belongs in the label.
    static let measureWords: Set<String> = ["个", "项", "条", "件", "份", "篇", "名", "家", "户", "所", "批次", "期", "堂", "场"]
    /// Units a Chinese numeral may count (measure words like 个 and 项 mostly form fixed phrases).
    static let chineseNumeralUnits: Set<String> = ["次", "人次", "场次", "名", "篇", "份", "期", "堂", "批次", "轮", "场"]
    /// Words at the edge of a clause that are not part of the label.
    static let leadingFillers = ["共计", "累计", "其中", "共"]
    static let trailingFillers = ["共计", "累计", "合计", "超过", "共", "达", "约", "近", "逾"]
    static let clauseDelimiters: Set<Unicode.Scalar> = Set("。；，、：,;:！？!?“”\"\n".unicodeScalars)
    static let placeholderScalars: Set<Unicode.Scalar> = ["*", "＊", "X", "Ｘ"]

    /// A metric found in text.
    struct Candidate {
        var range: Range<Int>
        var raw: String
        var value: Double?
        var approximate: Bool
        var unit: String
        var label: String
    }

    /// Every metric in `scalars`, in order.
    static func scan(_ scalars: [Unicode.Scalar]) -> [Candidate] {
        var found: [Candidate] = []
        var quoteDepth = 0
        var index = 0
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            switch scalar {
            case "“", "《", "「": quoteDepth += 1
            case "”", "》", "」": quoteDepth = max(0, quoteDepth - 1)
            case "\n": quoteDepth = 0
            default: break
            }
            guard quoteDepth == 0, let token = valueToken(in: scalars, at: index) else {
                index += 1
                continue
            }
            if let candidate = candidate(in: scalars, value: token.range, kind: token.kind) {
                found.append(candidate)
            }
            index = token.range.upperBound
        }
        return found
    }

    enum ValueKind { case arabic, placeholder, chinese, conflict }

    /// The value token starting at `index`, if a value starts there.
    static func valueToken(in scalars: [Unicode.Scalar], at index: Int) -> (range: Range<Int>, kind: ValueKind)? {
        let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
        let scalar = scalars[index]
        if scalar == "{" {
            // A conflict as rendered: {3|5}; each alternative must be a value.
            guard let close = scalars[index...].prefix(64).firstIndex(of: "}"), close > index + 1 else { return nil }
            let alternatives = scalars[(index + 1)..<close].split(separator: "|")
            guard alternatives.count > 1,
                alternatives.allSatisfy({ MetricValue.isValid(String(scalars: $0)) })
            else { return nil }
            return (index..<close + 1, .conflict)
        }
        if isDigit(scalar) {
            if let previous,
                isDigit(previous) || previous.properties.isAlphabetic && previous.isASCII
                    || previous == "." || previous == "．"
            {
                return nil
            }
            var end = index
            while end < scalars.count && isDigit(scalars[end]) { end += 1 }
            if end + 1 < scalars.count, scalars[end] == "." || scalars[end] == "．", isDigit(scalars[end + 1]) {
                end += 1
                while end < scalars.count && isDigit(scalars[end]) { end += 1 }
            }
            if end < scalars.count, scalars[end].isASCII, scalars[end].properties.isAlphabetic { return nil }
            return (index..<end, .arabic)
        }
        if placeholderScalars.contains(scalar) {
            if let previous,
                placeholderScalars.contains(previous) || previous.isASCII && previous.properties.isAlphabetic
            {
                return nil
            }
            var end = index
            while end < scalars.count && end - index < 3 && scalars[end] == scalar { end += 1 }
            if end < scalars.count, placeholderScalars.contains(scalars[end]) { return nil }
            return (index..<end, .placeholder)
        }
        if ChineseNumeral.isNumeral(scalar) {
            if let previous, ChineseNumeral.isNumeral(previous) || previous == "第" { return nil }
            var end = index
            while end < scalars.count && ChineseNumeral.isNumeral(scalars[end]) { end += 1 }
            guard ChineseNumeral.value(scalars[index..<end]) != nil else { return nil }
            return (index..<end, .chinese)
        }
        return nil
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("０"..."９").contains(scalar)
    }

    /// The unit (and approximation marker) after a value, if there is one.
    static func unit(in scalars: [Unicode.Scalar], after end: Int) -> (unit: String, approximate: Bool, end: Int)? {
        var position = end
        var approximate = false
        if position < scalars.count, scalars[position] == "余" || scalars[position] == "多" {
            approximate = true
            position += 1
        }
        if position < scalars.count, scalars[position] == " " || scalars[position] == "\u{3000}" { position += 1 }
        for unit in units where position + unit.count <= scalars.count {
            if scalars[position..<position + unit.count].elementsEqual(unit) {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: unit)
                return (String(text), approximate, position + unit.count)
            }
        }
        return nil
    }

    /// The metric whose value occupies `range`, or `nil` if no counting unit follows it.
    static func candidate(in scalars: [Unicode.Scalar], value range: Range<Int>, kind: ValueKind) -> Candidate? {
        guard let (unit, approximate, unitEnd) = unit(in: scalars, after: range.upperBound) else { return nil }
        var raw = String.UnicodeScalarView()
        raw.append(contentsOf: scalars[range])
        let next: Unicode.Scalar? = unitEnd < scalars.count ? scalars[unitEnd] : nil
        let value: Double?
        switch kind {
        case .arabic:
            var ascii = String.UnicodeScalarView()
            for scalar in scalars[range] {
                switch scalar {
                case "０"..."９": ascii.append(Unicode.Scalar(scalar.value - 0xFEE0).unsafelyUnwrapped)
                case "．": ascii.append(".")
                default: ascii.append(scalar)
                }
            }
            value = Double(String(ascii))
        case .placeholder, .conflict:
            value = nil
        case .chinese:
            // A lone 一 is nearly always an article ("接受了一次洗礼", "上了一堂课"), not a count.
            guard chineseNumeralUnits.contains(unit), next != "是", next != "全", String(raw) != "一" else { return nil }
            value = ChineseNumeral.value(scalars[range]).map(Double.init)
        }
        return Candidate(
            range: range, raw: String(raw), value: value, approximate: approximate, unit: unit,
            label: label(in: scalars, value: range, unit: unit, unitEnd: unitEnd))
    }

    /// The label of a metric: the clause before its value, plus the counted noun after a measure word.
    static func label(in scalars: [Unicode.Scalar], value range: Range<Int>, unit: String, unitEnd: Int) -> String {
        var start = range.lowerBound
        while start > 0 && !clauseDelimiters.contains(scalars[start - 1]) && range.lowerBound - start < 20 {
            start -= 1
        }
        var before = String(scalars: scalars[start..<range.lowerBound])
        before = before.trimmingWhitespace()
        // A point marker (一是, 首先) starts the clause but is not part of the label.
        let head = Array(before.unicodeScalars.prefix(3))
        if let marker = head.firstIndex(of: "是"), marker > 0, head[..<marker].allSatisfy(ChineseNumeral.isNumeral) {
            before = String(scalars: before.unicodeScalars.dropFirst(marker + 1))
        } else if before.hasPrefix("首先") || before.hasPrefix("其次") {
            before.removeFirst(2)
        }
        for filler in leadingFillers where before.hasPrefix(filler) {
            before.removeFirst(filler.count)
            break
        }
        for filler in trailingFillers where before.hasSuffix(filler) {
            before.removeLast(filler.count)
            break
        }
        guard measureWords.contains(unit) else { return before }
        var end = unitEnd
        while end < scalars.count && !clauseDelimiters.contains(scalars[end]) && end - unitEnd < 5 { end += 1 }
        return before + String(scalars: scalars[unitEnd..<end]).trimmingWhitespace()
    }
}

extension String {
    /// The string without leading and trailing whitespace (ASCII and full-width).
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars: scalars)
    }
}
