import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao refused`: the changes the server refused for good, and how to drop them.
struct RefusedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refused",
        abstract: "List the changes the server refused (in quarantine); drop them to let later edits go.",
        discussion: """
            A change the server refuses for good (a step this unit may not take, a change that \
            does not apply) stays in this workspace, is not sent again, and holds back the edits \
            made after it in the same report. Other reports sync as usual. Dropping it removes it \
            and sends the later edits, re-keyed under a new replica id; nothing else is lost. To \
            redo what it did, run the right command again (for example HQ's review from HQ's \
            workspace) after dropping it.

            `--retry` sends them again instead, for when what the server refused was fixed \
            there (for example a unit added back under HQ).

            Examples:
              huibao refused
              huibao refused --drop
              huibao refused --drop 2023H1/党风廉政
              huibao refused --retry
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Drop the refused changes (of REPORT, or all).")
    var drop = false

    @Flag(help: "Take the refused changes (of REPORT, or all) out of quarantine: the next sync sends them again.")
    var retry = false

    func validate() throws {
        if drop && retry {
            throw ValidationError(Language.text("--drop 和 --retry 不能同时使用", "--drop and --retry exclude each other"))
        }
    }

    @Argument(help: "Only this report: id, id prefix or PERIOD/KIND.")
    var report: String?

    func run() throws {
        let workspace = try options.open()
        var refused = try workspace.refusedChanges()
        if let report {
            let id = try workspace.resolve(report).id
            refused = refused.filter { $0.report == id }
        }
        guard !refused.isEmpty else {
            print(Language.text("没有被拒收的修改", "no refused changes"))
            return
        }
        if drop {
            for line in try RefusedCommand.drop(refused, in: workspace) { print(line) }
            return
        }
        if retry {
            try workspace.release(refused)
            print(
                Language.text(
                    "已解除\(refused.count)次修改的隔离；`huibao sync` 将重新发送",
                    "\(refused.count) change(s) out of quarantine; `huibao sync` sends them again"))
            return
        }
        for item in refused {
            let name = (try? workspace.resolve(item.report).name) ?? item.report
            let report = try workspace.load(item.report)
            print(
                Language.text(
                    "\(name) \(item.hash.shortDescription)（\(item.code)）：\(item.message)",
                    "\(name) \(item.hash.shortDescription) (\(item.code)): \(item.message)"))
            if let change = report.document.change(item.hash) {
                print("  \(RefusedCommand.describe(change, shown: report.attribution(of: change)))")
            }
        }
        print(
            Language.text(
                "`huibao refused --drop` 丢弃这些修改（随后发送其后的修改）；`huibao refused --retry` 重新发送这些修改",
                "`huibao refused --drop` drops them (the edits made after them are then sent); "
                    + "`huibao refused --retry` sends them again"))
    }

    /// Drops the refused changes of each report; returns a line per report.
    static func drop(_ refused: [RefusedChange], in workspace: Workspace) throws -> [String] {
        let old = workspace.ownReplicas
        try workspace.switchReplica()
        var lines: [String] = []
        for (report, items) in Dictionary(grouping: refused, by: \.report).sorted(by: { $0.key < $1.key }) {
            let outcome = try workspace.rebuild(report, rekeying: old, dropping: Set(items.map(\.hash)))
            let name = (try? workspace.resolve(report).name) ?? report
            lines.append(
                Language.text(
                    "\(name)：已丢弃\(outcome.dropped.count)次修改；其后的\(outcome.rewritten.count)次修改已改用副本 "
                        + "\(workspace.replica) 记录，可用 `huibao sync` 发送",
                    "\(name): dropped \(outcome.dropped.count) change(s); \(outcome.rewritten.count) later change(s) "
                        + "re-keyed under replica \(workspace.replica) and ready for `huibao sync`"))
        }
        return lines
    }

    /// What a change does, in a line; `shown` is the change to name as its author (the import
    /// that recorded a first version).
    static func describe(_ change: Change, shown: Change) -> String {
        var parts: [String] = []
        for operation in change.operations {
            switch operation {
            case .insertText(_, _, let text):
                let inserted = text.replacingOccurrences(of: "\n", with: "⏎").prefix(30)
                parts.append(Language.text("插入“\(inserted)”", "inserts \"\(inserted)\""))
            case .deleteText(_, let count):
                parts.append(Language.text("删除\(count)个字", "deletes \(count) character(s)"))
            case .setRegister(ReportDocument.workflowKey, .text(let text), _):
                let step = try? WorkflowStep(registerText: text)
                parts.append(
                    Language.text(
                        "流程步骤：\(step.map { "\($0.unit)\($0.kind.displayName)" } ?? "?")",
                        "workflow step \(step.map { "\($0.kind.rawValue) by \($0.unit)" } ?? "?")"))
            case .setRegister(let key, let value, _):
                parts.append(Language.text("将 \(key) 设为 \(value)", "sets \(key) to \(value)"))
            }
        }
        let separator = Language.text("；", "; ")
        return Language.text(
            "副本 \(shown.author) 于 \(WallTime.local(shown.wallTime)) 所做：",
            "made \(WallTime.local(shown.wallTime)) by replica \(shown.author): ")
            + parts.prefix(4).joined(separator: separator)
            + (parts.count > 4 ? separator + "…" : "")
    }
}
