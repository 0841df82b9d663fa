import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao merge-from OTHER`: merge another workspace of the same unit.
struct MergeFromCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-from",
        abstract: "Merge the reports of another workspace (e.g. a second clerk's, on a USB stick).",
        discussion: """
            Concurrent edits merge; numbers set differently on both sides become conflicts \
            (`huibao conflicts REPORT`).

            Example:
              huibao merge-from /media/usb/汇报
            """)

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The other workspace directory.")
    var other: String

    func run() throws {
        let workspace = try options.open()
        let source = try Workspace(opening: other)
        guard source.unit == workspace.unit else {
            throw CLIError(
                Language.text(
                    "\(other) 属于\(source.unit)，本工作区属于\(workspace.unit)",
                    "\(other) belongs to \(source.unit), this workspace to \(workspace.unit)"))
        }
        for (name, added) in try workspace.merge(from: source) {
            print(Language.text("\(name)：新增\(added)次修改", "\(name): \(added) new change(s)"))
        }
    }
}
