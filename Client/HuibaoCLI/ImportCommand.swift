import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao import FILE`: import a report file into the workspace.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a report file as a new report, or as edits of the existing one.",
        discussion: """
            The file may be UTF-8 (with or without BOM) or GB18030, with any line endings; \
            junk markers are stripped and listed. A Word document (.docx; .doc and .wps through \
            LibreOffice) is read as its text: Word's automatic numbering written out, tables row \
            by row (cells separated by a tab), tracked changes as if accepted; headers, footers \
            and comments are left out with a note. If the workspace already has the report for \
            this period and kind, the file is recorded as edits of it (changed numbers become \
            metric writes).

            Examples:
              huibao import 2023H1.txt --period 2023H1 --kind 党风廉政
              huibao import 报告.docx --period 2023H1 --kind 党风廉政
            """)

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The report file: text, or a Word document (.docx, .doc, .wps).")
    var file: String

    @OptionGroup var name: PeriodKindOptions

    @Option(help: "The title, if it differs from the file's first line.")
    var title: String?

    var period: String { name.period }
    var kind: String { name.kind }

    func run() throws {
        let workspace = try options.open()
        let report = try ReportFile.read(file)
        ReportFile.printNotes(of: report)
        let id = ReportSummary.id(unit: workspace.unit, period: period, kind: kind)
        let now = Workspace.now()
        var document: ReportDocument
        if (try? workspace.resolve(id)) != nil {
            document = try workspace.load(id)
            try document.reimport(report, wallTime: now)
        } else {
            document = try ReportDocument.importing(
                report, metadata: ReportMetadata(unit: workspace.unit, period: period, kind: kind, title: title),
                replica: workspace.replica, wallTime: now, source: file)
        }
        let added = try workspace.save(document, wallTime: now)
        let snapshot = document.snapshot()
        print(
            Language.text(
                "\(id) \(period)/\(kind)：\(snapshot.metrics.count)个指标，新增\(added)次修改",
                "\(id) \(period)/\(kind): \(snapshot.metrics.count) metric(s), \(added) new change(s)"))
    }
}
