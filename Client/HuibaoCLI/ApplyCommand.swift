import ArgumentParser
import HuibaoModel
import HuibaoStore

/// `huibao apply REPORT FILE`: record an edited text as operations.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Record the differences between a report and an edited copy of its text.",
        discussion: """
            Prose changes become character insertions and deletions, a changed number becomes
            a metric write. Use `huibao export REPORT -o FILE`, edit FILE in any editor, then
            apply it.

            Example:
              huibao apply 2023H1/党风廉政 edited.txt
            """)

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The report: id, id prefix or PERIOD/KIND.")
    var report: String

    @Argument(help: "The edited text file.")
    var file: String

    func run() throws {
        let workspace = try options.open()
        let summary = try workspace.resolve(report)
        var document = try workspace.load(summary.id)
        let text = try ReportFile.read(file)
        let now = Workspace.now()
        guard let change = try document.reimport(text, wallTime: now) else {
            return print("\(summary.name): no differences")
        }
        try workspace.save(document, wallTime: now)
        print(
            "\(summary.name): recorded \(change.operations.count) operation(s) in change \(change.hash.shortDescription)"
        )
    }
}
