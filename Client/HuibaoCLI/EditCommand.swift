import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao edit REPORT`: edit the text in $EDITOR and record the difference.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a report's text in $EDITOR and record what changed as operations.",
        discussion: """
            The text is written to a temporary file and opened with $VISUAL, $EDITOR or vi. \
            When the editor exits, the differences are recorded (changed numbers as metric \
            writes). An editor that exits with an error records nothing.

            Example:
              EDITOR=nano huibao edit 2023H1/党风廉政
            """)

    @OptionGroup var target: ReportTarget

    func run() throws {
        let workspace = try target.workspace()
        let summary = try workspace.resolve(target.report)
        var document = try workspace.load(summary.id)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-\(summary.id)-\(UUID().uuidString).txt")
        try Data(document.snapshot().text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ProcessInfo.processInfo.environment
        let editor = environment["VISUAL"] ?? environment["EDITOR"] ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "huibao-edit", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError(
                Language.text(
                    "编辑器（\(editor)）退出状态为\(process.terminationStatus)，未记录任何修改",
                    "the editor (\(editor)) exited with status \(process.terminationStatus); nothing recorded"))
        }
        let text = try ReportFile.read(file.path)
        try RecordedEdit.record(text, into: &document, of: summary, in: workspace)
    }
}
