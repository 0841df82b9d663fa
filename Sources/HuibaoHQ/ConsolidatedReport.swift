import HuibaoModel

/// The consolidated report of a period: the status of every expected unit, the totals table
/// with provenance footnotes, and each approved report's text in the order of the unit tree.
public enum ConsolidatedReport {
    /// The formats of `huibao hq export`.
    public enum Format: String, CaseIterable, Sendable {
        /// Markdown, footnotes for provenance.
        case md
        /// Plain text.
        case txt
        /// One row per value: counted, missing, conflicted, unapproved or mismatched.
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
    static let missingText = "缺失"

    /// ``totalText(_:)`` followed by the measure word, unless the total is missing.
    static func totalWithUnit(_ total: IndicatorTotal) -> String {
        let text = totalText(total)
        return text == missingText ? text : text + total.indicator.unit
    }

    /// Where a value comes from, in one line.
    public static func provenance(_ contribution: Contribution) -> String {
        var text = ""
        appendProvenance(contribution, to: &text)
        return text
    }

    /// Appends ``provenance(_:)`` to `text` (no intermediate strings: a consolidated report
    /// has one per value, 50,000 for 1,000 units).
    static func appendProvenance(_ contribution: Contribution, to text: inout String) {
        let metric = contribution.metric
        text += contribution.report
        text += ", line "
        text += String(metric.line)
        text += ": “"
        text += metric.sentence
        text += "”"
        if let change = metric.change {
            text += " (change "
            text += change.shortDescription
            if let author = metric.author {
                text += " by "
                if let name = metric.authorName {
                    text += name
                    text += ", replica "
                } else {
                    text += "replica "
                }
                text += author.description
            }
            if let time = metric.wallTime {
                text += " at "
                text += WallTime.local(time)
            }
            text += ")"
        }
    }

    /// The report in Markdown.
    public static func markdown(_ c: Consolidation) -> String {
        var out = "# \(c.period) \(c.kind) 汇总报告\n\n汇总单位：\(c.hq)\n\n## 报送情况\n\n| 单位 | 状态 |\n|---|---|\n"
        for status in c.statuses {
            out +=
                "| \(String(repeating: "　", count: max(0, status.depth - 1)))\(cell(status.unit)) | \(cell(status.summary)) |\n"
        }
        out += "\n## 指标合计\n\n| 指标 | 计量 | 合计 | 计入 | 缺失 | 冲突 | 未审核 | 计量不符 |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
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
            out += "\n### \(report.unit)\n\n" + report.text.trimmingTrailingNewlines() + "\n"
        }
        return out
    }

    /// The report as plain text.
    public static func text(_ c: Consolidation) -> String {
        var out = "\(c.period) \(c.kind) 汇总报告（\(c.hq)）\n\n报送情况\n"
        for status in c.statuses {
            out += "  \(String(repeating: "  ", count: max(0, status.depth - 1)))\(status.unit)：\(status.summary)\n"
        }
        out += "\n指标合计\n"
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
            out += "\n———— \(report.unit) ————\n" + report.text.trimmingTrailingNewlines() + "\n"
        }
        return out
    }

    /// The byte order mark that tells Excel (on Chinese Windows, which otherwise assumes GBK)
    /// that a CSV file is UTF-8.
    static let utf8ByteOrderMark = "\u{FEFF}"

    /// One row per value, with a header; UTF-8 with a byte order mark, CRLF line ends.
    public static func csv(_ c: Consolidation) -> String {
        var rows = [
            [
                "period", "kind", "indicator", "name", "measure", "total", "status", "unit", "report", "value", "raw",
                "line", "sentence", "change", "author", "time", "person",
            ]
        ]
        for total in c.totals {
            let lists: [(String, [Contribution])] = [
                ("counted", total.counted), ("missing", total.missing), ("conflicted", total.conflicted),
                ("unapproved", total.unapproved), ("mismatched", total.mismatched),
            ]
            for (status, contributions) in lists {
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
    static func attention(_ c: Consolidation) -> [String]? {
        var lines: [String] = []
        for status in c.statuses where status.expected && status.workflow?.state != .approved {
            lines.append("\(status.unit)：\(status.summary)")
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
