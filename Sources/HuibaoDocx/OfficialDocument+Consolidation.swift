public import HuibaoHQ
import HuibaoModel
import HuibaoReport

extension OfficialDocument {
    /// HQ's consolidated report as an official document, in Chinese whatever the current
    /// ``Language`` (it is filed as a document), with the content of `huibao hq export --format txt`:
    ///
    /// 一、报送情况 — a table of every expected unit and its status;
    /// 二、指标合计 — the note on what is summed, the totals as a table (指标, 计量, 合计, and the
    /// number of values counted, missing, conflicting, unapproved, mismatched), then where each
    /// counted value comes from;
    /// 三、需要处理 — what a person must look at (when anything);
    /// then each approved unit's report under its name, conflicts (`【冲突：4 | 5】`) and missing
    /// values marked.
    public init(consolidation c: Consolidation) {
        self = Language.$current.withValue(.chinese) { Self.chineseConsolidation(c) }
    }

    static func chineseConsolidation(_ c: Consolidation) -> OfficialDocument {
        var blocks: [Block] = []
        var partNumber = 0
        func part(_ heading: String) {
            partNumber += 1
            let numeral = ListNumberFormat.chineseCounting.format(partNumber)
            blocks.append(.paragraph(Paragraph(.heading1, [Run("\(numeral)、\(heading)")])))
        }
        func body(_ text: String, _ role: Role = .body) { blocks.append(.paragraph(Paragraph(role, [Run(text)]))) }

        body("汇总单位：\(c.hq)")
        part("报送情况")
        blocks.append(
            .table(
                Table(
                    header: ["单位", "状态"],
                    rows: c.statuses.map { status in
                        let indent = String(repeating: "　", count: max(0, status.depth - 1))
                        let approved = status.workflow?.state == .approved
                        return [
                            Table.Cell(indent + status.unit),
                            Table.Cell(status.summary, mark: approved ? .plain : .strong),
                        ]
                    }, widths: [3, 2])))

        part("指标合计")
        body(ConsolidatedReport.totalsNote)
        blocks.append(
            .table(
                Table(
                    header: ["指标", "计量", "合计", "计入", "缺失", "冲突", "未审核", "计量不符"],
                    rows: c.totals.map { total in
                        let text = ConsolidatedReport.totalText(total)
                        let count = { (values: [Contribution], mark: Mark) in
                            Table.Cell(String(values.count), numeric: true, mark: values.isEmpty ? .plain : mark)
                        }
                        return [
                            Table.Cell(total.indicator.name), Table.Cell(total.indicator.unit),
                            Table.Cell(
                                text, numeric: true, mark: text == ConsolidatedReport.missingText ? .missing : .strong),
                            count(total.counted, .plain), count(total.missing, .missing),
                            count(total.conflicted, .conflict), count(total.unapproved, .plain),
                            count(total.mismatched, .conflict),
                        ]
                    }, widths: [36, 14, 16, 14, 14, 14, 19, 24])))
        for total in c.totals where !total.counted.isEmpty || total.subtotals.contains(where: { $0.unit != c.hq }) {
            blocks.append(
                .paragraph(
                    Paragraph(
                        .note, [Run("\(total.indicator.name)：\(ConsolidatedReport.totalWithUnit(total))", .strong)])))
            // Where each counted value comes from, as a table a reader can follow: the unit, the
            // value, the sentence it stands in, who filled it in and when; each unit's subtotal.
            var rows: [[Table.Cell]] = total.counted.map { contribution in
                let metric = contribution.metric
                let sentence =
                    metric.conflictingValues.map {
                        ConsolidatedReport.readableConflict(in: metric.sentence, $0)
                    } ?? metric.sentence
                return [
                    Table.Cell(contribution.unit),
                    Table.Cell(ConsolidatedReport.number(metric.value ?? 0), numeric: true),
                    Table.Cell("第\(metric.line)行：\(sentence)"),
                    Table.Cell(metric.authorName ?? ""),
                    Table.Cell(metric.wallTime.map(Self.chineseDate) ?? ""),
                ]
            }
            for subtotal in total.subtotals where subtotal.unit != c.hq {
                rows.append([
                    Table.Cell("\(subtotal.unit)小计", mark: .strong),
                    Table.Cell(ConsolidatedReport.number(subtotal.total), numeric: true, mark: .strong),
                    Table.Cell(""), Table.Cell(""), Table.Cell(""),
                ])
            }
            blocks.append(
                .table(Table(header: ["单位", "数值", "出处", "填报人", "填报时间"], rows: rows, widths: [16, 10, 44, 12, 18])))
        }

        if let attention = ConsolidatedReport.attention(c, provenance: ConsolidatedReport.plainProvenance) {
            part("需要处理")
            for line in attention {
                let mark: Mark =
                    line.contains("冲突") || line.contains("计量不符") ? .conflict : line.contains("缺失") ? .missing : .plain
                blocks.append(.paragraph(Paragraph(.body, [Run(line, mark == .plain ? .plain : .strong)])))
            }
        }

        if !c.approved.isEmpty {
            part("各单位报告")
            for (index, report) in c.approved.enumerated() {
                let numeral = ListNumberFormat.chineseCounting.format(index + 1)
                blocks.append(.paragraph(Paragraph(.heading2, [Run("（\(numeral)）\(report.unit)")])))
                let text = ConsolidatedReport.readableText(report)
                let snapshot = ReportSnapshot(report: ReportText(text: text))
                var marks: [(range: Range<Int>, mark: Mark)] = snapshot.metrics.filter(\.isMissing).map {
                    ($0.range, .missing)
                }
                marks += conflictRanges(in: text).map { ($0, .conflict) }
                blocks += paragraphs(of: text, structure: snapshot.structure, marks: marks, titleRole: .body).map(
                    Block.paragraph)
            }
        }
        return OfficialDocument(title: "\(NameRules.displayPeriod(c.period))\(c.kind)工作汇总报告", blocks: blocks)
    }

    /// A moment as an official document writes it, in the display time zone: 2026年12月2日 07:59.
    static func chineseDate(_ milliseconds: Int64) -> String {
        // WallTime.local gives `2026-12-02 07:59:19`.
        let local = WallTime.local(milliseconds)
        let parts = local.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map(String.init)
        guard parts.count >= 5, let month = Int(parts[1]), let day = Int(parts[2]) else { return local }
        return "\(parts[0])年\(month)月\(day)日 \(parts[3]):\(parts[4])"
    }

    /// The scalar ranges of `【冲突：4 | 5】` in `text`.
    static func conflictRanges(in text: String) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        let opening = Array("【冲突：".unicodeScalars)
        var ranges: [Range<Int>] = []
        var index = 0
        while index + opening.count <= scalars.count {
            guard scalars[index..<(index + opening.count)].elementsEqual(opening) else {
                index += 1
                continue
            }
            var end = index + opening.count
            while end < scalars.count && scalars[end] != "】" && scalars[end] != "\n" { end += 1 }
            guard end < scalars.count, scalars[end] == "】" else { break }
            ranges.append(index..<(end + 1))
            index = end + 1
        }
        return ranges
    }
}
