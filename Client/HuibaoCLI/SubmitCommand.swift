import ArgumentParser
import HuibaoHQ
import HuibaoModel
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
                "\(summary.name) belongs to \(summary.unit); this workspace is \(workspace.unit)'s and submits only its own reports"
            )
        }
        var document = try workspace.load(summary.id)
        let versions = document.competingFirstVersions
        guard versions.isEmpty else {
            throw CLIError(
                "\(summary.name) holds \(versions.count) different first versions ("
                    + versions.map { "[\($0.id)] “\($0.title)”" }.joined(separator: ", ")
                    + "); keep one with `huibao keep \(summary.name) ID` before submitting")
        }
        let conflicts = ReportConflicts(report: document, name: summary.name)
        if !force && !(conflicts.metrics.isEmpty && conflicts.textEdits.isEmpty) {
            var what: [String] = []
            if !conflicts.metrics.isEmpty {
                let lines = conflicts.metrics.map { "\($0.label) (line \($0.line))" }.joined(separator: ", ")
                what.append("\(conflicts.metrics.count) number(s) set differently: \(lines)")
            }
            if !conflicts.textEdits.isEmpty {
                let lines = conflicts.textEdits.map { "line \($0.line)" }.joined(separator: ", ")
                what.append("\(conflicts.textEdits.count) text conflict(s) not accepted: \(lines)")
            }
            throw CLIError(
                "\(summary.name) has \(what.joined(separator: "; ")); `huibao conflicts \(summary.name)` shows them, "
                    + "`huibao resolve` / `huibao accept` settle them, or submit as it is with --force")
        }
        let step = try document.submit(as: workspace.unit, comment: comment, wallTime: Workspace.now())
        try workspace.save(document)
        print(
            "\(summary.name): submitted version \(step.heads.map(\.shortDescription).joined(separator: ",")); `huibao sync` sends it"
        )
    }
}
