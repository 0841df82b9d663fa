import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao metric REPORT [METRIC VALUE]`: list metrics or set one.
struct MetricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metric",
        abstract: "List a report's metrics, or set one's value.",
        discussion: """
            METRIC is a metric id (or a unique prefix) or its label. VALUE is a number or a \
            placeholder (*, X) for a value still missing.

            Examples:
              huibao metric 2023H1/党风廉政
              huibao metric 2023H1/党风廉政 开展廉政约谈 5
            """)

    @OptionGroup var target: ReportTarget
    @OptionGroup var output: OutputOptions

    @Argument(help: "The metric to set: id, id prefix or label.")
    var metric: String?

    @Argument(help: "The new value.")
    var value: String?

    func validate() throws {
        if metric != nil, value == nil,
            let negative = CommandLine.arguments.first(where: { $0.hasPrefix("-") && Double($0) != nil })
        {
            // ArgumentParser takes `-1` for an option; say what was meant.
            throw ValidationError(
                Language.text(
                    "\(negative) 是负数：指标统计的是次数、人数、件数等，数值应为0或以上",
                    "\(negative) is negative: a metric counts things (times, people, items), so its value is 0 or more")
            )
        }
        if (metric == nil) != (value == nil) {
            throw ValidationError(
                Language.text("设置数值需同时给出 METRIC 和 VALUE", "give both METRIC and VALUE to set a value"))
        }
    }

    func run() throws {
        let workspace = try target.workspace()
        let summary = try workspace.resolve(target.report)
        guard let metric, let value else {
            // Listing needs only the stored view, not the history.
            let view = try workspace.view(of: summary.id)
            MetricCommand.noteFirstVersions(view.competingFirstVersions, name: summary.name)
            if output.json { return try output.printJSON(view.metrics) }
            for m in view.metrics { print(MetricCommand.line(m)) }
            return
        }
        // The metric is found in the stored view (current with the log, else rebuilt); the value
        // is set from the stored tip of the report, without loading its history or text.
        let view = try workspace.view(of: summary.id)
        MetricCommand.noteFirstVersions(view.competingFirstVersions, name: summary.name)
        let target = try MetricCommand.find(metric, in: view.metrics)
        try workspace.setMetric(target.id ?? "", of: summary.id, to: value)
        print(Language.text("\(target.label)：\(target.raw) → \(value)", "\(target.label): \(target.raw) → \(value)"))
    }

    /// A note on standard error while a report holds competing first versions: its text and
    /// metrics are both versions' until one is kept.
    static func noteFirstVersions(_ count: Int, name: String) {
        guard count > 0 else { return }
        printError(
            Language.text(
                "提示：\(name) 有\(count)个不同的初始版本（两名工作人员导入了不同的文件）；"
                    + "在保留其中一个之前，正文和指标同时包含各版本的内容：`huibao conflicts \(name)`，`huibao keep \(name) ID`",
                "note: \(name) holds \(count) different first versions (two clerks imported different files); "
                    + "its text and metrics are both until one is kept: `huibao conflicts \(name)`, `huibao keep \(name) ID`"
            ))
    }

    /// One metric as a line: id, line, label, value, unit, conflict.
    static func line(_ m: ReportMetric) -> String {
        let value =
            m.conflictingValues.map { Language.text("冲突 ", "CONFLICT ") + $0.joined(separator: " | ") }
            ?? (m.isMissing ? Language.text("缺失（\(m.raw)）", "missing (\(m.raw))") : m.raw)
        let shown =
            m.isMissing || m.conflictingValues != nil
            ? Language.text("\(value)（单位：\(m.unit)）", "\(value) \(m.unit)") : "\(value) \(m.unit)"
        return "\(m.id ?? "-")  " + Language.text("第\(m.line)行", "line \(m.line)") + "  \(m.label) = \(shown)"
    }

    /// The metric named by id, id prefix or label.
    static func find(_ reference: String, in metrics: [ReportMetric]) throws -> ReportMetric {
        if let exact = metrics.first(where: { $0.id == reference }) { return exact }
        let byLabel = metrics.filter { $0.label == reference }
        let matches = byLabel.isEmpty ? metrics.filter { $0.id?.hasPrefix(reference) == true } : byLabel
        guard let first = matches.first else {
            throw CLIError(
                Language.text(
                    "没有与“\(reference)”匹配的指标；`huibao metric REPORT` 可列出全部指标",
                    "no metric matches \"\(reference)\"; `huibao metric REPORT` lists them"))
        }
        guard matches.count == 1 else {
            let lines = matches.map { String($0.line) }
            throw CLIError(
                Language.text(
                    "“\(reference)”匹配到\(matches.count)个指标（第\(lines.joined(separator: "、"))行），请使用指标编号",
                    "\"\(reference)\" matches \(matches.count) metrics (lines \(lines.joined(separator: ", "))); use the id"
                ))
        }
        return first
    }
}
