import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao list`: the workspace's reports.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the reports of the workspace.",
        discussion: """
            Example:
              huibao list --json
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let reports = try options.open().reports()
        if output.json { return try output.printJSON(reports) }
        if reports.isEmpty {
            print(
                Language.text(
                    "还没有报告：用 `huibao import FILE --period P --kind K` 导入",
                    "no reports yet: `huibao import FILE --period P --kind K` adds one"))
        }
        for report in reports {
            print(
                "\(report.id)  \(report.name)  \(report.unit)  "
                    + Language.text("\(report.changeCount)次修改", "\(report.changeCount) change(s)"))
        }
    }
}
