import ArgumentParser
import HuibaoModel
import HuibaoStore

/// `huibao new`: start an empty report.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start an empty report for a period and kind.",
        discussion: """
            Write its text later with `huibao edit REPORT` or `huibao apply REPORT FILE`.

            Example:
              huibao new --period 2023H1 --kind 党风廉政 --title 2023年上半年党风廉政建设工作汇报
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The period, e.g. 2023H1 or 2023.")
    var period: String

    @Option(help: "The kind of report, e.g. 党风廉政.")
    var kind: String

    @Option(help: "The title.")
    var title: String?

    func run() throws {
        let workspace = try options.open()
        let id = ReportSummary.id(unit: workspace.unit, period: period, kind: kind)
        if (try? workspace.resolve(id)) != nil { throw StoreError.reportExists("\(period)/\(kind)") }
        var report = ReportDocument(document: Document(replica: workspace.replica))
        report.writeMetadata(ReportMetadata(unit: workspace.unit, period: period, kind: kind, title: title))
        try workspace.save(report)
        print("\(id) \(period)/\(kind): created")
    }
}
