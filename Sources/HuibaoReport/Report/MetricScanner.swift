import HuibaoModel

/// Finds the metrics in a report's text: numbers (or placeholders) followed by a counting unit.
///
/// Rules, from `REPORTS.md`, the sample reports and labelled reports of the same genre
/// (`Tests/HuibaoReportTests/Fixtures/metrics`):
/// - values: Arabic digits (half- or full-width, with decimals), placeholders `*` `**` `***`
///   `X` `XX`, and Chinese numerals with an event unit (`一堂`, `两次`, `八成`); an optional
///   `余`/`多` marks an approximation; one space may separate value and unit; `万` between value
///   and unit is part of the unit (`1.2万份` is 1.2 of `万份`, as `万元` is);
/// - units: see ``units`` (次 人 人次 名 件 起 篇 份 场 场次 个 条 期 堂 批次 批 轮 项 家 户 所 % 成
///   个百分点 万元 元 …), and `个` + unit (`12个场次`);
/// - not metrics: years and dates (年 月 日 are not units), ordinals (`第一`), anything inside
///   `“”` or `《》` (names, slogans, document titles), point markers (`一是`), Chinese numerals
///   with measure words that form fixed phrases (`四个意识`, `八项规定`), `二次全会`-style
///   ordinals, and digits glued to Latin letters (`G20`);
/// - table cells holding only a value (a row's cells separated by tabs): named by their row and
///   column (``tableCell(in:value:)``).
///
/// Labels (``label(in:value:unit:unitEnd:)``) are the thing counted in the sentence's own words:
/// the action before the value, without time phrases, point markers, list numbers (`1.`, `（1）`,
/// `①`), fillers or another metric of the same clause, plus the counted noun after a measure word (`新建3个党员活动室` →
/// 新建党员活动室); the action after the value when nothing names it before (`先后6次召开党组会` →
/// 召开党组会); the noun after `的` (`组建了一支20人的…队伍` → 组建…队伍); and the names of a
/// parallel list (`研究生、本科、专科分别是1人、34人、26人` → 研究生, 本科, 专科).
enum MetricScanner {
    /// Units, longest first so that `人次` wins over `人`.
    static let units: [[Unicode.Scalar]] = [
        "个百分点", "个场次", "人次", "户次", "场次", "批次", "万元", "亿元", "学时", "课时", "小时", "公里", "千米", "次", "人",
        "名", "件", "起", "篇", "份", "场", "个", "条", "期", "堂", "轮", "项", "家", "户", "所", "批", "本", "册", "张",
        "块", "处", "套", "台", "辆", "支", "座", "幅", "亩", "吨", "成", "%", "％", "元",
    ].map { Array($0.unicodeScalars) }
    /// Units after which the counted noun follows and belongs in the label.
    static let measureWords: Set<String> = [
        "个", "项", "条", "件", "份", "篇", "名", "家", "户", "所", "批次", "批", "期", "堂", "场", "本", "册", "张", "块",
        "处", "套", "台", "辆", "支", "座", "幅", "个场次", "场次",
    ]
    /// Units a Chinese numeral may count (measure words like 个 and 项 mostly form fixed phrases).
    static let chineseNumeralUnits: Set<String> = [
        "次", "人次", "场次", "名", "篇", "份", "期", "堂", "批次", "批", "轮", "场", "成", "个百分点",
    ]
    /// Units that count how often something was done: a value with nothing before it takes the
    /// action after it as its label (`先后6次召开党组会`).
    static let frequencyUnits: Set<String> = ["次", "轮", "场", "场次", "批", "批次", "期", "堂"]
    /// Words at the start of a clause that are not part of the label (point markers, time
    /// phrases, fillers), longest first within each group; removed repeatedly.
    static let leadingFillers = [
        "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "首先", "其次", "再次", "最后", "同时",
        "此外", "另外", "今年以来", "年初以来", "今年上半年", "今年下半年", "本年度", "今年", "本年", "全年", "上半年",
        "下半年", "年内", "截至目前", "截至", "目前", "近年来", "期间", "其间", "以来", "共计", "累计", "合计", "总计", "其中",
        "先后", "共", "已", "还", "并", "又", "均", "全部", "等", "虽然", "但是", "但仍有", "但", "仍有", "计划", "拟", "力争",
    ]
    /// Words at the end of the text before a value that are not part of the label.
    static let trailingFillers = [
        "不少于", "不低于", "至少", "共计", "累计", "合计", "总计", "超过", "达到", "高达", "多达", "分别", "先后", "共", "达",
        "约", "近", "逾", "了", "为", "是", "的",
    ]
    static let clauseDelimiters: ScalarSet = "。；，、：,;:！？!?\n"
    static let placeholderScalars: ScalarSet = "*＊XＸ"
    /// What introduces the values of a parallel list (`研究生、本科分别是1人、34人`).
    static let listMarkers = ["分别是", "分别为", "分别达到", "分别达", "依次为", "分别"]
    /// What separates the names of a parallel list.
    static let listSeparators: ScalarSet = "、和及与"

    /// A metric found in text.
    struct Candidate {
        var range: Range<Int>
        var raw: String
        var value: Double?
        var approximate: Bool
        var unit: String
        var label: String
        /// Where the unit ends.
        var unitEnd: Int
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
                index = candidate.unitEnd
            } else {
                index = token.range.upperBound
            }
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

    /// The unit (and approximation marker) after a value, if there is one. `万` before a unit
    /// other than 元 is part of it (`1.2万份` counts in 万份).
    static func unit(in scalars: [Unicode.Scalar], after end: Int) -> (unit: String, approximate: Bool, end: Int)? {
        var position = end
        var approximate = false
        if position < scalars.count, scalars[position] == "余" || scalars[position] == "多" {
            approximate = true
            position += 1
        }
        if position < scalars.count, scalars[position] == " " || scalars[position] == "\u{3000}" { position += 1 }
        var prefix = ""
        if position + 1 < scalars.count, scalars[position] == "万", scalars[position + 1] != "元" {
            prefix = "万"
            position += 1
            if !approximate, position < scalars.count, scalars[position] == "余" || scalars[position] == "多" {
                approximate = true
                position += 1
            }
        }
        for unit in units where position + unit.count <= scalars.count {
            if scalars[position..<position + unit.count].elementsEqual(unit) {
                return (prefix + String(scalars: unit[...]), approximate, position + unit.count)
            }
        }
        return nil
    }

    /// The metric whose value occupies `range`, or `nil` if no counting unit follows it.
    static func candidate(in scalars: [Unicode.Scalar], value range: Range<Int>, kind: ValueKind) -> Candidate? {
        guard let (unit, approximate, unitEnd) = unit(in: scalars, after: range.upperBound) else {
            // A table cell holding only a number: its row and column name it.
            guard kind != .chinese, let cell = tableCell(in: scalars, value: range) else { return nil }
            return Candidate(
                range: range, raw: String(scalars: scalars[range]), value: arabicValue(scalars[range]),
                approximate: false, unit: cell.unit, label: cell.label, unitEnd: range.upperBound)
        }
        var raw = String.UnicodeScalarView()
        raw.append(contentsOf: scalars[range])
        let next: Unicode.Scalar? = unitEnd < scalars.count ? scalars[unitEnd] : nil
        let value: Double?
        switch kind {
        case .arabic:
            value = arabicValue(scalars[range])
        case .placeholder, .conflict:
            value = nil
        case .chinese:
            guard countsWithChineseNumeral(raw: scalars[range], unit: unit, next: next) else { return nil }
            value = ChineseNumeral.value(scalars[range]).map(Double.init)
        }
        return Candidate(
            range: range, raw: String(raw), value: value, approximate: approximate, unit: unit,
            label: label(in: scalars, value: range, unit: unit, unitEnd: unitEnd), unitEnd: unitEnd)
    }

    /// The value of Arabic digits (full-width ones too), or `nil` for a placeholder or conflict.
    static func arabicValue(_ digits: ArraySlice<Unicode.Scalar>) -> Double? {
        var ascii = String.UnicodeScalarView()
        for scalar in digits {
            switch scalar {
            case "０"..."９": ascii.append(Unicode.Scalar(scalar.value - 0xFEE0).unsafelyUnwrapped)
            case "．": ascii.append(".")
            default: ascii.append(scalar)
            }
        }
        return Double(String(ascii))
    }

    /// Whether a Chinese numeral with this unit counts something: not a lone 一 (nearly always an
    /// article: "接受了一次洗礼", "上了一堂课"), not a bare 万/千/百, not a point marker (`一是`) or a
    /// fixed phrase with a measure word (`八项规定`).
    static func countsWithChineseNumeral(raw: ArraySlice<Unicode.Scalar>, unit: String, next: Unicode.Scalar?) -> Bool {
        guard let first = raw.first, chineseNumeralUnits.contains(unit), next != "是", next != "全" else { return false }
        return !(raw.count == 1 && first == "一") && !["万", "千", "百"].contains(first)
    }

    /// The label of a metric (see the type's documentation).
    static func label(in scalars: [Unicode.Scalar], value range: Range<Int>, unit: String, unitEnd: Int) -> String {
        if let listed = listLabel(in: scalars, value: range, unitEnd: unitEnd) { return listed }
        // The clause before the value; a 、 ends it only where a metric precedes it
        // (`处分党员2人、政务处分1人`), not in a list of things counted together
        // (`发送警示短信、微信*人次`).
        var start = range.lowerBound
        while start > 0 && !clauseDelimiters.contains(scalars[start - 1]) && range.lowerBound - start < 24 {
            start -= 1
        }
        if start > 0, scalars[start - 1] == "、", !startsWithAction(scalars[start..<range.lowerBound]) {
            start -= 1
            while start > 0 && (!clauseDelimiters.contains(scalars[start - 1]) || scalars[start - 1] == "、")
                && range.lowerBound - start < 24
            {
                start -= 1
            }
        }
        // Another metric earlier in the clause ends the label (`立案3起处分5人` → 处分), so that
        // filling in its placeholder never changes this label.
        start = max(start, endOfLastMetric(in: scalars, from: start, to: range.lowerBound))
        while start < range.lowerBound && scalars[start] == "、" { start += 1 }
        let rawBefore = String(scalars: scalars[start..<range.lowerBound]).trimmingWhitespace()
        var before = cleanedBefore(rawBefore)
        // `分两批`, `有3人`: no label of its own; a preposition (`对12个单位`) is kept.
        if before.unicodeScalars.count == 1 && !"对向为给与".contains(before) { before = "" }
        let after = withoutInnerFillers(counted(in: scalars, after: unitEnd))
        let bareUnit = unit.hasPrefix("万") ? String(unit.dropFirst()) : unit
        // `局党组先后4次召开党组会`: who acted comes before the count, what was done after it.
        if frequencyUnits.contains(bareUnit), !after.isEmpty,
            rawBefore.hasSuffix("先后") || rawBefore.hasSuffix("多次") || subjectEndings.contains(where: before.hasSuffix)
        {
            return firstAction(of: after)
        }
        if after.hasPrefix("的") {
            // `20人的纪检监察干部队伍`: the noun after 的 is what was counted or formed.
            return before + after.dropFirst()
        }
        if before.isEmpty { return frequencyUnits.contains(bareUnit) ? firstAction(of: after) : after }
        guard measureWords.contains(bareUnit) else { return before }
        return before + after
    }

    /// How the name of who acted ends (`局党组`, `镇党委`, `公司`).
    static let subjectEndings = [
        "党组", "党委", "党总支", "支部", "班子", "领导", "书记", "局", "委", "公司", "单位", "中心", "我们", "集团", "政府", "部门",
        "成员", "同志", "负责人", "组长", "委员", "主任", "局长",
    ]

    /// Words that end the counted noun after a value (`2份信件信访目前均已办结` → 信件信访).
    static let afterStops = ["目前", "均", "已", "全部", "都", "正在", "并", "进行", "共", "累计", "其中", "分别", "同比"]

    /// The words after a unit, up to the end of the clause, the next value or a stop word.
    static func counted(in scalars: [Unicode.Scalar], after unitEnd: Int) -> String {
        var end = unitEnd
        while end < scalars.count && !clauseDelimiters.contains(scalars[end]) && end - unitEnd < 16 {
            if end > unitEnd, valueToken(in: scalars, at: end) != nil { break }
            end += 1
        }
        let after = Array(
            withoutPlaceholders(String(scalars: scalars[unitEnd..<end])).trimmingWhitespace().unicodeScalars)
        var cut = after.count
        for stop in afterStops {
            let word = Array(stop.unicodeScalars)
            if let found = (1..<max(1, after.count)).first(where: { after[$0...].starts(with: word) }) {
                cut = min(cut, found)
            }
        }
        var counted = after[..<cut]
        for lead in ["以上", "以下", "左右"] where counted.starts(with: lead.unicodeScalars) {
            counted = counted.dropFirst(lead.unicodeScalars.count)
        }
        return String(scalars: counted)
    }

    /// Verbs that start an action of its own: a clause after 、 that starts with one is not
    /// the tail of a list of things (`建成阵地、组织开展8期专题活动`).
    static let actions: [[Unicode.Scalar]] = [
        "开展", "组织", "召开", "举办", "举行", "建立", "建成", "制定", "修订", "完善", "发放", "查处", "立案", "处分", "约谈",
        "督促", "完成", "新建", "新增", "走访", "查阅", "发现", "收到", "受理", "办结", "参加", "参与", "培训", "发表", "编印",
        "印发", "下发", "签订", "整改", "推动", "落实", "实施", "设立", "成立", "组建", "提出", "排查", "检查", "督查", "学习",
        "征求", "发送", "慰问", "帮扶", "投入", "拨付", "筹集", "化解", "处置", "讲授", "撰写", "报送", "通报", "谈话", "深入",
        "听取", "研究", "专题研究", "部署", "召集", "主持", "带队", "赴", "到", "前往",
    ].map { Array($0.unicodeScalars) }

    static func startsWithAction(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        let trimmed = text.drop { placeholderScalars.contains($0) || $0 == " " }
        return actions.contains { trimmed.starts(with: $0) }
    }

    /// What a meeting or visit was for, after what was done: `召开党组会专题研究…` → 召开党组会 (the
    /// meeting is what happened that many times, not the study at it).
    static let purposes: [[Unicode.Scalar]] = ["专题研究", "研究", "听取", "审议", "传达", "部署", "推进", "解决"].map {
        Array($0.unicodeScalars)
    }

    /// `text` up to where a purpose starts (see ``purposes``).
    static func firstAction(of text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 3 else { return text }
        for index in 3..<scalars.count where purposes.contains(where: { scalars[index...].starts(with: $0) }) {
            return String(scalars: scalars[..<index])
        }
        return text
    }

    /// The end of the last metric (value and unit) in `from..<to`, or `from` if there is none.
    static func endOfLastMetric(in scalars: [Unicode.Scalar], from: Int, to: Int) -> Int {
        var last = from
        var index = from
        while index < to {
            if let token = valueToken(in: scalars, at: index), token.range.upperBound <= to,
                let found = unit(in: scalars, after: token.range.upperBound), found.end <= to,
                token.kind != .chinese
                    || countsWithChineseNumeral(
                        raw: scalars[token.range], unit: found.unit,
                        next: found.end < scalars.count ? scalars[found.end] : nil)
            {
                last = found.end
                index = found.end
            } else {
                index += 1
            }
        }
        return last
    }

    /// The text before a value without point markers, time phrases, fillers, placeholders and a
    /// trailing `一支`-style article.
    static func cleanedBefore(_ text: String) -> String {
        var before = withoutInnerFillers(withoutPlaceholders(text).trimmingWhitespace())
        var changed = true
        while changed && !before.isEmpty {
            changed = false
            // A year or date at the start: 2023年, 2023, 3月21日, 3月份.
            let scalars = Array(before.unicodeScalars)
            var digits = 0
            while digits < scalars.count && isDigit(scalars[digits]) { digits += 1 }
            if digits > 0 {
                var cut = digits
                if cut < scalars.count, "年月日号".unicodeScalars.contains(scalars[cut]) { cut += 1 }
                if cut < scalars.count, scalars[cut] == "份" || scalars[cut] == "度" { cut += 1 }
                if digits >= 4 || cut > digits {
                    before = String(scalars: scalars[cut...])
                    changed = true
                    continue
                }
            }
            if let enumerator = leadingEnumerator(of: scalars) {
                before = String(scalars: scalars[enumerator...]).trimmingWhitespace()
                changed = true
                continue
            }
            for filler in leadingFillers where before.hasPrefix(filler) {
                before.removeFirst(filler.count)
                changed = true
                break
            }
        }
        changed = true
        while changed && !before.isEmpty {
            changed = false
            let scalars = Array(before.unicodeScalars)
            // `一支`, `一批`, `这个`: an article before the value.
            if scalars.count >= 2, scalars[scalars.count - 2] == "一" || scalars[scalars.count - 2] == "这",
                units.contains(where: { $0 == [scalars[scalars.count - 1]] })
            {
                before = String(scalars: scalars.dropLast(2))
                changed = true
                continue
            }
            for filler in trailingFillers where before.hasSuffix(filler) {
                before.removeLast(filler.count)
                changed = true
                break
            }
        }
        return before
    }

    /// Where the text after a list item's number starts (`1.`, `2、`, `3）`, `（1）`, `(2)`,
    /// `①`), or `nil` if `scalars` does not start with one.
    static func leadingEnumerator(of scalars: [Unicode.Scalar]) -> Int? {
        guard let first = scalars.first else { return nil }
        if ("\u{2460}"..."\u{2473}").contains(first) { return 1 }  // ① … ⑳
        var position = 0
        let bracketed = first == "（" || first == "("
        if bracketed { position += 1 }
        let digitsStart = position
        while position < scalars.count, isDigit(scalars[position]) || ChineseNumeral.isNumeral(scalars[position]) {
            position += 1
        }
        guard position > digitsStart, position - digitsStart <= 3, position < scalars.count else { return nil }
        let mark = scalars[position]
        if bracketed { return mark == "）" || mark == ")" ? position + 1 : nil }
        // `1.` but not `1.5`; Chinese numerals only with 、 (`一、`), as in numbered points.
        let arabic = scalars[digitsStart..<position].allSatisfy(isDigit)
        switch mark {
        case ".", "．":
            guard arabic, position + 1 >= scalars.count || !isDigit(scalars[position + 1]) else { return nil }
            return position + 1
        case "、": return position + 1
        case "）", ")": return arabic ? position + 1 : nil
        default: return nil
        }
    }

    /// `text` without fillers inside it: 共, 已, 均 before an action (`各党支部共召开` → 各党支部召开),
    /// 了 after one (`开展了常规巡察` → 开展常规巡察).
    static func withoutInnerFillers(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        var index = 1
        while index < scalars.count {
            let rest = scalars[(index + 1)...]
            if "共已均".unicodeScalars.contains(scalars[index]), startsWithAction(rest) {
                scalars.remove(at: index)
                continue
            }
            if scalars[index] == "了",
                actions.contains(where: { scalars[..<index].reversed().starts(with: $0.reversed()) })
            {
                scalars.remove(at: index)
                continue
            }
            index += 1
        }
        return String(scalars: scalars[...])
    }

    /// `text` without placeholder characters (`*单位` → 单位).
    static func withoutPlaceholders(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.lazy.filter { !placeholderScalars.contains($0) })
        return String(kept)
    }

    /// The label of a value in a parallel list (`研究生、本科、专科分别是1人、34人、26人`), if it is one.
    static func listLabel(in scalars: [Unicode.Scalar], value range: Range<Int>, unitEnd: Int) -> String? {
        // The list's values: neighbours joined by 、 (value, unit, nothing else).
        func metricEnd(at index: Int) -> Int? {
            guard let token = valueToken(in: scalars, at: index) else { return nil }
            return unit(in: scalars, after: token.range.upperBound)?.end
        }
        var starts = [range.lowerBound]
        var next = unitEnd
        while next < scalars.count, scalars[next] == "、", let end = metricEnd(at: next + 1) {
            starts.append(next + 1)
            next = end
        }
        var first = range.lowerBound
        var position = 0
        while first >= 2, scalars[first - 1] == "、" {
            // A value and unit ending just before the 、.
            var candidateStart = first - 2
            var found: Int?
            while candidateStart >= 0 && first - 1 - candidateStart <= 12 {
                if metricEnd(at: candidateStart) == first - 1,
                    candidateStart == 0 || valueToken(in: scalars, at: candidateStart - 1) == nil
                {
                    found = candidateStart
                    break
                }
                candidateStart -= 1
            }
            guard let found else { break }
            first = found
            position += 1
            starts.insert(found, at: 0)
        }
        guard starts.count >= 2 else { return nil }
        // The marker before the first value, and the names before the marker.
        var start = first
        while start > 0 && !"。；，：,;:！？!?\n".unicodeScalars.contains(scalars[start - 1]) && first - start < 60 {
            start -= 1
        }
        let lead = String(scalars: scalars[start..<first]).trimmingWhitespace()
        // `公务接待费、会议费分别较上年下降12.3%、8.6%`: the names end where 分别 starts.
        let leadScalars = Array(lead.unicodeScalars)
        let marker = Array("分别".unicodeScalars)
        guard
            let at = (0..<max(0, leadScalars.count - 1)).last(where: { leadScalars[$0...].starts(with: marker) })
                ?? listMarkers.first(where: { lead.hasSuffix($0) }).map({ leadScalars.count - $0.unicodeScalars.count })
        else { return nil }
        var names = leadScalars[..<at].split(whereSeparator: { listSeparators.contains($0) })
            .map { cleanedBefore(String(scalars: $0)) }
        // `干部队伍中研究生、本科…`: what the list is taken from is not the first name.
        if let head = names.first.map({ Array($0.unicodeScalars) }),
            let among = head.lastIndex(where: { $0 == "中" }), among >= 2, among + 1 < head.count
        {
            names[0] = String(scalars: head[(among + 1)...])
        }
        guard names.count == starts.count, !names.contains(where: \.isEmpty) else { return nil }
        return names[position]
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
