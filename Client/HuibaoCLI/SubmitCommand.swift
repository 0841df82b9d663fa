import ArgumentParser
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao submit REPORT`: send the current version to HQ.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit the current version of a report to HQ (sent with the next sync).",
        discussion: """
            The submission names the exact version (the report's heads): what HQ approves is \
            that version, and any later edit shows as "changed since approval". A report with \
            numbers set differently by two clerks, text conflicts nobody accepted, or two \
            different first versions is not submitted (--force submits the first two as they are).

            Example:
              huibao submit 2023H1/党风廉政 && huibao sync
            """)

    @OptionGroup var target: ReportTarget

    @Option(help: "A note for HQ.")
    var comment = ""

    @Flag(help: "Submit even with numbers set differently or text conflicts not yet accepted.")
    var force = false

    func run() throws {
        let workspace = try target.workspace()
        let summary = try workspace.resolve(target.report)
        guard summary.unit == workspace.unit else {
            throw CLIError(
                Language.text(
                    "\(summary.name) 属于\(summary.unit)；本工作区属于\(workspace.unit)，只能报送本单位的报告",
                    "\(summary.name) belongs to \(summary.unit); this workspace is \(workspace.unit)'s and submits only its own reports"
                ))
        }
        var document = try workspace.load(summary.id)
        let versions = document.competingFirstVersions
        guard versions.isEmpty else {
            throw CLIError(
                Language.text(
                    "\(summary.name) 有\(versions.count)个不同的初始版本（"
                        + versions.map { "[\($0.id)]“\($0.title)”" }.joined(separator: "、")
                        + "）；请先用 `huibao keep \(summary.name) ID` 保留其中一个再报送",
                    "\(summary.name) holds \(versions.count) different first versions ("
                        + versions.map { "[\($0.id)] “\($0.title)”" }.joined(separator: ", ")
                        + "); keep one with `huibao keep \(summary.name) ID` before submitting"))
        }
        let conflicts = ReportConflicts(report: document, name: summary.name)
        if !force && !(conflicts.metrics.isEmpty && conflicts.textEdits.isEmpty) {
            var what: [String] = []
            if !conflicts.metrics.isEmpty {
                let count = conflicts.metrics.count
                what.append(
                    Language.text(
                        "\(count)个数字被设为不同的值："
                            + conflicts.metrics.map { "\($0.label)（第\($0.line)行）" }.joined(separator: "、"),
                        "\(count) number(s) set differently: "
                            + conflicts.metrics.map { "\($0.label) (line \($0.line))" }.joined(separator: ", ")))
            }
            if !conflicts.textEdits.isEmpty {
                let count = conflicts.textEdits.count
                what.append(
                    Language.text(
                        "\(count)处文字冲突尚未确认："
                            + conflicts.textEdits.map { "第\($0.line)行" }.joined(separator: "、"),
                        "\(count) text conflict(s) not accepted: "
                            + conflicts.textEdits.map { "line \($0.line)" }.joined(separator: ", ")))
            }
            throw CLIError(
                Language.text(
                    "\(summary.name) 有\(what.joined(separator: "；"))。`huibao conflicts \(summary.name)` 可查看，"
                        + "`huibao resolve` / `huibao accept` 可处理，或用 --force 按现状报送",
                    "\(summary.name) has \(what.joined(separator: "; ")); `huibao conflicts \(summary.name)` shows them, "
                        + "`huibao resolve` / `huibao accept` settle them, or submit as it is with --force"))
        }
        let step = try document.submit(as: workspace.unit, comment: comment, wallTime: Workspace.now())
        try workspace.save(document)
        let version = step.heads.map(\.shortDescription).joined(separator: ",")
        print(
            Language.text(
                "\(summary.name)：已报送版本 \(version)，执行 `huibao sync` 后发出",
                "\(summary.name): submitted version \(version); `huibao sync` sends it"))
    }
}
