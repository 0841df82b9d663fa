import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `--workspace DIR`, shared by the commands that use a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The workspace directory (default: $HUIBAO_WORKSPACE, else the current directory).", valueName: "DIR"))
    var workspace: String?

    /// The directory to use.
    var directory: String {
        workspace ?? ProcessInfo.processInfo.environment["HUIBAO_WORKSPACE"]
            ?? FileManager.default.currentDirectoryPath
    }

    /// Opens the workspace.
    func open() throws -> Workspace {
        try Workspace(opening: directory)
    }
}

/// `--json`, for commands whose output a script reads.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// Prints a value as pretty JSON with sorted keys.
    func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// The workspace options and the REPORT argument, shared by the commands about one report.
struct ReportTarget: ParsableArguments {
    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The report: id, id prefix, PERIOD/KIND or UNIT/PERIOD/KIND.")
    var report: String

    /// Opens the workspace.
    func workspace() throws -> Workspace {
        try options.open()
    }
}

/// Records an edited text of a report as operations and stores them.
enum RecordedEdit {
    /// Re-imports `text` into `document`, saves it and prints what was recorded.
    static func record(
        _ text: ReportText, into document: inout ReportDocument, of summary: ReportSummary, in workspace: Workspace
    ) throws {
        let now = Workspace.now()
        guard let change = try document.reimport(text, wallTime: now) else {
            return print(Language.text("\(summary.name)：没有差异", "\(summary.name): no differences"))
        }
        try workspace.save(document, wallTime: now)
        print(
            Language.text(
                "\(summary.name)：已记录\(change.operations.count)个操作（修改 \(change.hash.shortDescription)）",
                "\(summary.name): recorded \(change.operations.count) operation(s) in change \(change.hash.shortDescription)"
            ))
    }
}
