import ArgumentParser
import HuibaoModel
import HuibaoReport
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

    @OptionGroup var name: PeriodKindOptions

    @Option(help: "The title.")
    var title: String?

    var period: String { name.period }
    var kind: String { name.kind }

    func run() throws {
        let workspace = try options.open()
        let id = ReportSummary.id(unit: workspace.unit, period: period, kind: kind)
        if (try? workspace.resolve(id)) != nil { throw StoreError.reportExists("\(period)/\(kind)") }
        var report = ReportDocument(document: Document(replica: workspace.replica))
        report.writeMetadata(ReportMetadata(unit: workspace.unit, period: period, kind: kind, title: title))
        try workspace.save(report)
        print(Language.text("\(id) \(period)/\(kind)：已创建", "\(id) \(period)/\(kind): created"))
    }
}
