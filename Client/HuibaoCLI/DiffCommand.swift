import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao diff REPORT`: line differences between two versions.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the lines that differ between two versions of a report.",
        discussion: """
            A version is named by a change hash (or a unique prefix; `huibao log` lists them) \
            and means the report with that change and everything it was made on. By default \
            --from is the version before the latest change and --to is the current version.

            Example:
              huibao diff 2023H1/党风廉政 --from 18f4430d
            """)

    @OptionGroup var target: ReportTarget

    @Option(help: "The older version (change hash or prefix).")
    var from: String?

    @Option(help: "The newer version (change hash or prefix).")
    var to: String?

    func run() throws {
        let workspace = try target.workspace()
        let current = try workspace.load(workspace.resolve(target.report).id, decodingHistory: true)
        let changes = Array(current.document.changes)
        func version(_ reference: String) throws -> ReportDocument {
            let matches = changes.filter { $0.hash.description.hasPrefix(reference.lowercased()) }
            guard let change = matches.first, matches.count == 1, !reference.isEmpty else {
                throw CLIError(
                    Language.text(
                        "“\(reference)”\(matches.isEmpty ? "不对应本报告的任何修改" : "对应本报告的多次修改")；`huibao log REPORT` 可列出全部修改",
                        "\"\(reference)\" names \(matches.isEmpty ? "no" : "more than one") change of this report; `huibao log REPORT` lists them"
                    ))
            }
            return try current.version(at: [change.hash])
        }
        let new = try to.map(version) ?? current
        let old: ReportDocument
        if let from {
            old = try version(from)
        } else if let last = changes.last {
            old = try current.version(at: last.dependencies)
        } else {
            old = current
        }
        let lines = LineDiff.lines(from: old.snapshot().text, to: new.snapshot().text)
        print(lines.isEmpty ? Language.text("没有差异", "no differences") : LineDiff.unified(lines))
    }
}
