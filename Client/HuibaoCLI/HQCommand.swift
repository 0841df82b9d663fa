import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao hq ...`: what HQ does with the reports its units send.
struct HQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hq",
        abstract: "HQ's commands: review the reports of the units below it.",
        discussion: """
            Run them in HQ's workspace (`huibao init --unit HQ` and `huibao login` with HQ's token), \
            after `huibao sync` has brought the units' reports. Reviews are sent with the next sync; \
            the server accepts them only from an HQ above the unit. `status` and `export` ask the \
            server; `conflicts`, `approve` and `return` work offline on the synced copies.

            Examples:
              huibao hq status
              huibao hq approve 某局 2023H1/党风廉政
              huibao hq export --period 2023H1 --kind 党风廉政 --format md -o 汇总.md
            """,
        subcommands: [
            HQStatusCommand.self, ReviewCommand<Approve>.self, ReviewCommand<Return>.self, HQConflictsCommand.self,
            HQExportCommand.self, HQDashboardCommand.self,
        ])

    /// `approve`.
    enum Approve: ReviewKind {
        typealias Comment = OptionalComment
        static let kind = WorkflowStep.Kind.approve
        static let abstract = "Approve the submitted version of a unit's report (审核通过)."
    }

    /// `return`.
    enum Return: ReviewKind {
        typealias Comment = RequiredComment
        static let kind = WorkflowStep.Kind.return
        static let abstract = "Return a unit's report for changes, with a comment (退回修改)."
    }
}

/// The step a ``ReviewCommand`` writes.
protocol ReviewKind {
    /// The `--comment` option: required to return a report, optional to approve one.
    associatedtype Comment: CommentOption
    static var kind: WorkflowStep.Kind { get }
    static var abstract: String { get }
}

/// A review's `--comment`.
protocol CommentOption: ParsableArguments {
    var text: String { get }
}

/// `--comment TEXT`, required (so the usage line shows it without brackets).
struct RequiredComment: CommentOption {
    @Option(name: .customLong("comment"), help: "What the unit should change.")
    var text: String

    func validate() throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError(
                Language.text("--comment 须写明单位应修改的内容", "--comment must say what the unit should change"))
        }
    }
}

/// `[--comment TEXT]`.
struct OptionalComment: CommentOption {
    @Option(name: .customLong("comment"), help: "Remarks for the unit.")
    var text = ""
}

/// `huibao hq approve|return UNIT REPORT`.
struct ReviewCommand<Kind: ReviewKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.kind.rawValue,
            abstract: Kind.abstract,
            discussion: """
                The step names the submitted version: edits made after it are not covered and show \
                as "changed since approval".

                Example:
                  huibao hq \(Kind.kind.rawValue) 某局 2023H1/党风廉政\(Kind.kind == .return ? " --comment \"请补充问卷数\"" : "")
                """)
    }

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The unit whose report it is.")
    var unit: String

    @Argument(help: "The report: id, id prefix or PERIOD/KIND.")
    var report: String

    @OptionGroup var comment: Kind.Comment

    func run() throws {
        let workspace = try options.open()
        let summary = try workspace.resolve(report.hasPrefix(unit + "/") ? report : "\(unit)/\(report)")
        // The server lets only an HQ above the unit review: refuse here what it would refuse.
        guard summary.unit != workspace.unit else {
            throw CLIError(
                Language.text(
                    "\(summary.name) 是 \(workspace.unit) 自己的报告：单位不能对自己的报告执行“\(Kind.kind.displayName)”，"
                        + "应由上级单位在其工作区操作",
                    "\(summary.name) is \(workspace.unit)'s own report: a unit cannot \(Kind.kind.rawValue) its own report; "
                        + "HQ does that from its own workspace"))
        }
        var document = try workspace.load(summary.id)
        try document.review(Kind.kind, as: workspace.unit, comment: comment.text, wallTime: Workspace.now())
        try workspace.save(document)
        let state = document.workflow.summary
        print(
            Language.text(
                "\(unit)/\(summary.name)：\(state)；下次 `huibao sync` 时发送",
                "\(unit)/\(summary.name): \(state); `huibao sync` sends it"))
    }
}
