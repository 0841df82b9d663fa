import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao apply REPORT FILE`: record an edited text as operations.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Record the differences between a report and an edited copy of its text.",
        discussion: """
            Prose changes become character insertions and deletions, a changed number becomes \
            a metric write. Use `huibao export REPORT -o FILE`, edit FILE in any editor, then \
            apply it; or export `--format docx`, edit it in Word or WPS, and apply the .docx.

            Examples:
              huibao apply 2023H1/党风廉政 edited.txt
              huibao apply 2023H1/党风廉政 edited.docx
            """)

    @OptionGroup var target: ReportTarget

    @Argument(help: "The edited text file or Word document (.docx).")
    var file: String

    func run() throws {
        let workspace = try target.workspace()
        let summary = try workspace.resolve(target.report)
        var document = try workspace.load(summary.id)
        let text = try ReportFile.read(file)
        ReportFile.printNotes(of: text)
        try RecordedEdit.record(text, into: &document, of: summary, in: workspace)
    }
}
