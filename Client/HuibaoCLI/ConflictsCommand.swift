import ArgumentParser
import HuibaoModel
import HuibaoStore

/// `huibao conflicts REPORT`: metrics with concurrent values.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the metrics two people set concurrently, with both values.",
        discussion: """
            Resolve one with `huibao resolve REPORT METRIC VALUE`.

            Example:
              huibao conflicts 2023H1/党风廉政
            """)

    @OptionGroup var target: ReportTarget
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try target.workspace()
        let conflicts = try workspace.load(workspace.resolve(target.report).id).snapshot().conflicts
        if output.json { return try output.printJSON(conflicts) }
        if conflicts.isEmpty { print("no conflicts") }
        for conflict in conflicts { print(MetricCommand.line(conflict)) }
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
        var document = try workspace.load(workspace.resolve(target.report).id)
        let conflicts = document.snapshot().conflicts
        let target = try MetricCommand.find(metric, in: conflicts)
        try document.setMetric(target.id ?? "", to: value, wallTime: Workspace.now())
        try workspace.save(document)
        print("\(target.label): \((target.conflictingValues ?? []).joined(separator: " | ")) → \(value)")
    }
}
