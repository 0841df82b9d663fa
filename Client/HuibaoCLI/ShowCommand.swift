import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao show REPORT`: print a report's text.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a report's text as it reads now.",
        discussion: """
            REPORT is an id, a unique id prefix, or PERIOD/KIND.

            Example:
              huibao show 2023H1/党风廉政
            """)

    @OptionGroup var target: ReportTarget
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try target.workspace()
        let summary = try workspace.resolve(target.report)
        if output.json { return try output.printJSON(workspace.load(summary.id).snapshot()) }
        print(try workspace.renderedText(of: summary.id), terminator: "")
    }
}
