import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoStore

/// `huibao export REPORT --format F`: write a report as text, Markdown or JSON.
struct ExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case txt, md, json
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a report as plain text, Markdown or JSON.",
        discussion: """
            Example:
              huibao export 2023H1/党风廉政 --format md -o report.md
            """)

    @OptionGroup var target: ReportTarget

    @Option(help: "txt, md or json.")
    var format: Format = .txt

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let workspace = try target.workspace()
        let snapshot = try workspace.load(workspace.resolve(target.report).id).snapshot()
        let text: String
        switch format {
        case .txt: text = snapshot.text
        case .md: text = snapshot.markdown
        case .json: text = try ReportFile.json(snapshot) + "\n"
        }
        guard let output else { return print(text, terminator: "") }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError(
                Language.text(
                    "\(output)：无法写入（\(error.localizedDescription)）",
                    "\(output): cannot write (\(error.localizedDescription))"))
        }
    }
}
