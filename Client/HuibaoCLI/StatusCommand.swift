import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao status [REPORT]`: where reports stand in the workflow.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether reports are drafts, submitted, returned or approved.",
        discussion: """
            With a report, also shows HQ's comment and, when the report changed after the \
            version the state is about, the lines that changed.

            Examples:
              huibao status
              huibao status 2023H1/党风廉政
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A report (id, id prefix, PERIOD/KIND or UNIT/PERIOD/KIND); all reports if omitted.")
    var report: String?

    /// One report's status, as printed with --json.
    struct Entry: Encodable {
        var id: String
        var unit: String
        var name: String
        var workflow: ReportWorkflow
        var changes: [LineDiff.Line]?
    }

    func run() throws {
        let workspace = try options.open()
        let summaries = try report.map { [try workspace.resolve($0)] } ?? workspace.reports()
        var entries: [Entry] = []
        for summary in summaries {
            // The stored view answers; the history is read only for the lines changed since
            // the version HQ saw.
            let view = try workspace.view(of: summary.id)
            MetricCommand.noteFirstVersions(view.competingFirstVersions, name: summary.name)
            let workflow = view.workflow
            var changes: [LineDiff.Line]?
            if report != nil, workflow.changedSincePinned {
                let document = try workspace.load(summary.id)
                let pinned = try document.version(at: workflow.pinned).snapshot().text
                changes = LineDiff.lines(from: pinned, to: document.snapshot().text)
            }
            entries.append(
                Entry(id: summary.id, unit: summary.unit, name: summary.name, workflow: workflow, changes: changes))
        }
        if output.json { return try output.printJSON(entries) }
        if entries.isEmpty { print(Language.text("没有报告", "no reports")) }
        for entry in entries {
            print("\(entry.unit)/\(entry.name)  \(entry.workflow.summary)")
            guard report != nil else { continue }
            for step in entry.workflow.steps {
                let when = step.wallTime.map(WallTime.local) ?? "?"
                let version = step.heads.map(\.shortDescription).joined(separator: ",")
                print(
                    Language.text(
                        "  \(step.unit)于 \(when) \(step.kind.displayName)，版本 \(version)"
                            + (step.comment.isEmpty ? "" : "：\(step.comment)"),
                        "  \(step.kind.pastTense) by \(step.unit) at \(when), version \(version)"
                            + (step.comment.isEmpty ? "" : ": \(step.comment)")))
            }
            if let changes = entry.changes { print(LineDiff.unified(changes)) }
        }
    }
}
