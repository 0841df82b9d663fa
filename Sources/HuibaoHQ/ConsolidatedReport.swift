import HuibaoModel
import HuibaoReport

/// The consolidated report of a period: the status of every expected unit, the totals table
/// with provenance footnotes, and each approved report's text in the order of the unit tree.
public enum ConsolidatedReport {
    /// The formats of `huibao hq export`.
    public enum Format: String, CaseIterable, Sendable {
        /// Markdown, footnotes for provenance.
        case md
        /// Plain text.
        case txt
        /// One row per value: 计入, 缺失, 冲突, 未审核 or 计量不符 (counted, missing, conflicted,
        /// unapproved or mismatched).
        case csv
        /// The ``Consolidation`` as compact JSON (``CompactConsolidation``).
        case json
    }

    /// A number as people write it: `18`, `12.5`.
    public static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A total with `≥` when an approximation is among its values; 缺失 when nothing was counted
    /// and values are missing (a 0 would read as "none happened").
    public static func totalText(_ total: IndicatorTotal) -> String {
        if total.counted.isEmpty && !total.missing.isEmpty { return missingText }
        return (total.approximate ? "≥" : "") + number(total.total)
    }

    /// What a total with only missing values reads.
    public static let missingText = "缺失"

    /// ``totalText(_:)`` followed by the measure word, unless the total is missing.
    public static func totalWithUnit(_ total: IndicatorTotal) -> String {
        let text = totalText(total)
        return text == missingText ? text : text + total.indicator.unit
    }

    /// Where a value comes from, in one line, in Chinese (the consolidated report and the
    /// dashboard are read by HQ's staff): `某局/2023H1/党风廉政 第3行：“…”（变更 1a2b3c4d，张三（副本
    /// 3f2a…）填报于 2026-11-24 07:58:01）`.
    public static func provenance(_ contribution: Contribution) -> String {
        var text = ""
        appendProvenance(contribution, to: &text)
        return text
    }

    /// Where a value comes from, as an official document names it: the report and line, the
    /// sentence, who filled it in (`甲局/2023H1/党风廉政 第3行：“…”（张三填报）`), without change and
    /// replica ids.
    package static func plainProvenance(_ contribution: Contribution) -> String {
        let metric = contribution.metric
        let sentence = metric.conflictingValues.map { readableConflict(in: metric.sentence, $0) } ?? metric.sentence
        let who = metric.authorName.map { "（\($0)填报）" } ?? ""
        return "\(contribution.report) 第\(metric.line)行：“\(sentence)”\(who)"
    }

    /// Appends ``provenance(_:)`` to `text` (no intermediate strings: a consolidated report
    /// has one per value, 50,000 for 1,000 units).
    static func appendProvenance(_ contribution: Contribution, to text: inout String) {
        let metric = contribution.metric
        text += contribution.report
        text += " 第"
        text += String(metric.line)
        text += "行：“"
        if let values = metric.conflictingValues {
            text += readableConflict(in: metric.sentence, values)
        } else {
            text += metric.sentence
        }
        text += "”"
        if let change = metric.change {
            text += "（变更 "
            text += change.shortDescription
            if let author = metric.author {
                text += "，"
                if let name = metric.authorName {
                    text += name
                    text += "（副本 "
                    text += author.description
                    text += "）"
                } else {
                    text += "副本 "
                    text += author.description
                    text += " "
                }
                text += "填报"
            } else if metric.wallTime != nil {
                text += "，填报"
            }
            if let time = metric.wallTime {
                text += "于 "
                text += WallTime.local(time)
            }
            text += "）"
        }
    }

    /// `text` with the concurrent values `values` marked for a reader: `约谈【冲突：4 | 5】次` where the
    /// rendered text reads `约谈{4|5}次` (the form a clerk's editor and re-import understand).
    package static func readableConflict(in text: String, _ values: [String]) -> String {
        text.replacing(
            "{" + values.joined(separator: "|") + "}", with: "【冲突：" + values.joined(separator: " | ") + "】")
    }

    /// An approved report's text for the consolidated report, its conflicts marked readably.
    package static func readableText(_ report: ReportFacts) -> String {
        var text = report.text.trimmingTrailingNewlines()
        for metric in report.metrics {
            if let values = metric.conflictingValues { text = readableConflict(in: text, values) }
        }
        return text
    }

    /// The note under the totals: what is summed and what is not.
    package static let totalsNote = "说明：仅汇总已审核报告的数值；缺失、冲突、未审核和计量不符的数值不计入合计，单独列出。"

    /// The names of the lists beside a total, in the order of the table's columns.
    public static func lists(_ total: IndicatorTotal) -> [(status: String, values: [Contribution])] {
        [
            ("计入", total.counted), ("缺失", total.missing), ("冲突", total.conflicted), ("未审核", total.unapproved),
            ("计量不符", total.mismatched),
        ]
    }

    /// The report in Markdown, in Chinese whatever ``Language/current`` is (it is an official
    /// document).
    public static func markdown(_ c: Consolidation) -> String {
        Language.$current.withValue(.chinese) { chineseMarkdown(c) }
    }

    static func chineseMarkdown(_ c: Consolidation) -> String {
        var out =
            "# \(NameRules.displayPeriod(c.period))\(c.kind)工作汇总报告\n\n汇总单位：\(c.hq)\n\n## 报送情况\n\n| 单位 | 状态 |\n|---|---|\n"
        for status in c.statuses {
            out +=
                "| \(String(repeating: "　", count: max(0, status.depth - 1)))\(cell(status.unit)) | \(cell(status.summary)) |\n"
        }
        out +=
            "\n## 指标合计\n\n\(totalsNote)\n\n| 指标 | 计量 | 合计 | 计入 | 缺失 | 冲突 | 未审核 | 计量不符 |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
        // The footnotes, numbered across the table: one per counted value.
        var notes = ""
        var count = 0
        for total in c.totals {
            out += "| \(cell(total.indicator.name)) | \(cell(total.indicator.unit)) | \(totalText(total))"
            for contribution in total.counted {
                count += 1
                let number = String(count)
                out += "[^"
                out += number
                out += "]"
                notes += "[^"
                notes += number
                notes += "]: "
                appendProvenance(contribution, to: &notes)
                notes += "\n"
            }
            out += " | \(total.counted.count) | \(total.missing.count) | \(total.conflicted.count) | "
            out += "\(total.unapproved.count) | \(total.mismatched.count) |\n"
        }
        out += attention(c).map { "\n## 需要处理\n\n" + $0.map { "- \($0)" }.joined(separator: "\n") + "\n" } ?? ""
        if !notes.isEmpty { out += "\n" + notes }
        out += "\n## 各单位报告\n"
        for report in c.approved {
            out += "\n### \(report.unit)\n\n" + readableText(report) + "\n"
        }
        return out
    }

    /// The report as plain text, in Chinese whatever ``Language/current`` is.
    public static func text(_ c: Consolidation) -> String {
        Language.$current.withValue(.chinese) { chineseText(c) }
    }

    static func chineseText(_ c: Consolidation) -> String {
        var out = "\(NameRules.displayPeriod(c.period))\(c.kind)工作汇总报告（\(c.hq)）\n\n报送情况\n"
        for status in c.statuses {
            out += "  \(String(repeating: "  ", count: max(0, status.depth - 1)))\(status.unit)：\(status.summary)\n"
        }
        out += "\n指标合计\n  \(totalsNote)\n"
        for total in c.totals {
            out += "  \(total.indicator.name)：\(totalWithUnit(total))\n"
            for contribution in total.counted {
                out += "    + \(number(contribution.metric.value ?? 0))  \(provenance(contribution))\n"
            }
            for subtotal in total.subtotals where subtotal.unit != c.hq {
                out += "    = \(subtotal.unit) 小计 \(number(subtotal.total))\n"
            }
        }
        out += attention(c).map { "\n需要处理\n" + $0.map { "  - \($0)\n" }.joined() } ?? ""
        for report in c.approved {
            out += "\n———— \(report.unit) ————\n" + readableText(report) + "\n"
        }
        return out
    }

    /// The byte order mark that tells Excel (on Chinese Windows, which otherwise assumes GBK)
    /// that a CSV file is UTF-8.
    static let utf8ByteOrderMark = "\u{FEFF}"

    /// One row per value, with a header; UTF-8 with a byte order mark, CRLF line ends. The
    /// header's keys are stable English; the values (status, total) are Chinese whatever
    /// ``Language/current`` is.
    public static func csv(_ c: Consolidation) -> String {
        Language.$current.withValue(.chinese) { chineseCSV(c) }
    }

    static func chineseCSV(_ c: Consolidation) -> String {
        var rows = [
            [
                "period", "kind", "indicator", "name", "measure", "total", "status", "unit", "report", "value", "raw",
                "line", "sentence", "change", "author", "time", "person",
            ]
        ]
        for total in c.totals {
            for (status, contributions) in lists(total) {
                for item in contributions {
                    let metric = item.metric
                    rows.append([
                        c.period, c.kind, total.indicator.id, total.indicator.name, total.indicator.unit,
                        totalText(total), status, item.unit, item.report, metric.value.map(number) ?? "",
                        (metric.conflictingValues ?? [metric.raw]).joined(separator: "|"), String(metric.line),
                        metric.sentence, metric.change?.description ?? "", metric.author?.description ?? "",
                        metric.wallTime.map { WallTime.local($0) } ?? "", metric.authorName ?? "",
                    ])
                }
            }
        }
        return utf8ByteOrderMark + rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n")
            + "\r\n"
    }

    /// What a person must look at before the totals are final, one line each.
    ///
    /// - Parameter provenance: how a value's origin is named (``provenance(_:)`` with change
    ///   and replica ids for HQ's working copies, ``plainProvenance(_:)`` for the official
    ///   document).
    package static func attention(
        _ c: Consolidation, provenance: (Contribution) -> String = ConsolidatedReport.provenance
    ) -> [String]? {
        var lines: [String] = []
        for status in c.statuses where status.expected {
            if status.workflow?.state != .approved {
                lines.append("\(status.unit)：\(status.summary)")
            } else if status.workflow?.changedSincePinned == true {
                lines.append("\(status.unit)：\(status.summary)（合计仍按审核通过时的数值）")
            }
        }
        for total in c.totals {
            for item in total.missing { lines.append("\(total.indicator.name) 缺失：\(provenance(item))") }
            for item in total.conflicted {
                // Without concurrent values, the report holds two first versions (see `huibao keep`).
                let what =
                    item.metric.conflictingValues.map { "冲突 " + $0.joined(separator: " | ") } ?? "冲突（报告有两个初始版本，待保留其一）"
                lines.append("\(total.indicator.name) \(what)：\(provenance(item))")
            }
            for item in total.mismatched {
                lines.append(
                    "\(total.indicator.name) 计量不符（\(item.metric.unit) ≠ \(total.indicator.unit)）：\(provenance(item))")
            }
        }
        return lines.isEmpty ? nil : lines
    }

    static func cell(_ text: String) -> String {
        text.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    /// A CSV field, quoted when needed; text starting like a formula gets a leading `'` so that
    /// a spreadsheet shows it instead of evaluating it (report text is user input).
    static func csvField(_ field: String) -> String {
        let text = field.first.map { "=+-@".contains($0) } == true && Double(field) == nil ? "'" + field : field
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var copy = self
        while copy.last == "\n" { copy.removeLast() }
        return copy
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
