import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao conflicts REPORT`: what two people changed concurrently.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract:
            "List what collided: numbers set concurrently, concurrent edits of one sentence, edits of deleted text.",
        discussion: """
            Numbers keep both values until resolved: `huibao resolve REPORT METRIC VALUE`. \
            Text edits are merged (nobody's text is lost); check the sentence, edit it if needed \
            (`huibao edit`), then record that a person looked: `huibao accept REPORT ID`.

            Examples:
              huibao conflicts
              huibao conflicts 2023H1/党风廉政
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A report (id, id prefix, PERIOD/KIND or UNIT/PERIOD/KIND); every report if omitted.")
    var report: String?

    func run() throws {
        try Self.list(try options.open(), report: report, output: output)
    }

    /// Prints what needs a person in one report, or in every report of the workspace.
    static func list(_ workspace: Workspace, report: String?, output: OutputOptions) throws {
        let summaries = try report.map { [try workspace.resolve($0)] } ?? workspace.reports()
        var found: [ReportConflicts] = []
        for summary in summaries {
            // From the stored view: no decoding of the history while it is up to date.
            var conflicts = try workspace.view(of: summary.id).conflicts
            conflicts.report = "\(summary.unit)/\(summary.name)"
            if !conflicts.isEmpty { found.append(conflicts) }
        }
        if output.json { return try output.printJSON(found) }
        if found.isEmpty { print(Language.text("没有冲突", "no conflicts")) }
        for conflicts in found { print(conflicts.text, terminator: "") }
    }
}

/// `huibao accept REPORT ID`: record that a person checked a merged text conflict.
struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept the merged text of a text conflict (after editing it, if needed).",
        discussion: """
            The acceptance is an ordinary operation: it syncs, stays in the history, and the \
            conflict disappears from every replica's list.

            Example:
              huibao accept 2023H1/党风廉政 7ce6a73c
            """)

    @OptionGroup var target: ReportTarget

    @Argument(help: "The conflict's id (or a unique prefix), as `huibao conflicts` shows it.")
    var id: String

    func run() throws {
        let workspace = try target.workspace()
        var document = try workspace.load(workspace.resolve(target.report).id)
        let conflict = try document.acceptTextConflict(id, wallTime: Workspace.now())
        try workspace.save(document)
        print(
            Language.text(
                "已确认第\(conflict.line)行：“\(conflict.merged)”", "accepted line \(conflict.line): “\(conflict.merged)”"))
    }
}

/// `huibao resolve REPORT METRIC VALUE`: settle a conflict.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a metric conflict by writing the value to keep.",
        discussion: """
            Example:
              huibao resolve 2023H1/党风廉政 开展廉政约谈 5
            """)

    @OptionGroup var target: ReportTarget

    @Argument(help: "The metric: id, id prefix or label.")
    var metric: String

    @Argument(help: "The value to keep.")
    var value: String

    func run() throws {
        let workspace = try target.workspace()
        let id = try workspace.resolve(target.report).id
        // Found in the stored view, and written from the report's stored tip (as `metric` does).
        let conflicts = try workspace.view(of: id).metrics.filter { $0.conflictingValues != nil }
        let target = try MetricCommand.find(metric, in: conflicts)
        try workspace.setMetric(target.id ?? "", of: id, to: value)
        let values = (target.conflictingValues ?? []).joined(separator: " | ")
        print(Language.text("\(target.label)：\(values) → \(value)", "\(target.label): \(values) → \(value)"))
    }
}

/// `huibao keep REPORT VERSION`: settle competing first versions.
struct KeepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keep",
        abstract: "Keep one of a report's competing first versions (two clerks imported different files).",
        discussion: """
            Two clerks who import the same file before syncing share one first version. When \
            their files differ, the report holds both until a person keeps one: the other's \
            text, and the edits made on it before its author saw the kept one, are deleted (an \
            ordinary edit: it syncs and stays in the history, `huibao log` shows it). \
            `huibao conflicts` lists the versions with their ids.

            Example:
              huibao keep 2023H1/党风廉政 3fa2c1d0
            """)

    @OptionGroup var target: ReportTarget

    @Argument(help: "The version's id (or a unique prefix), as `huibao conflicts` shows it.")
    var version: String

    func run() throws {
        let workspace = try target.workspace()
        var document = try workspace.load(workspace.resolve(target.report).id)
        let others = document.competingFirstVersions.count - 1
        let kept = try document.keepFirstVersion(version, wallTime: Workspace.now())
        try workspace.save(document)
        print(
            Language.text(
                "已保留“\(kept.title)”[\(kept.id)]；其余\(others)个版本的正文已删除",
                "kept “\(kept.title)” [\(kept.id)]; the text of \(others) other version(s) was deleted"))
    }
}
