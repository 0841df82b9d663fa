import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoSQLite
import HuibaoTestSupport
import Testing

@testable import HuibaoStore

/// `Workspace.history(of:)` and `Workspace.blame(of:)` read the change log and the checkpoint's
/// state, not the decoded history, and say what the report with its history decoded says
/// (``ReferenceHistory``).
@Suite("Workspace history and blame")
struct HistoryTests {
    static let id = ReportSummary.id(unit: "某局", period: "2023H1", kind: "党风廉政")

    /// Two clerks who imported one text, named later, edited concurrently and merged both ways:
    /// the first workspace, whose checkpoint holds concurrent changes.
    static func mergedWorkspace() throws -> Workspace {
        let one = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let two = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: one)
        _ = try WorkspaceTests.imported(into: two)
        try one.setPersonName("张三")
        for round in 0..<12 {
            for (workspace, offset) in [(one, 0), (two, 100)] {
                var report = try workspace.load(id)
                let metric = try #require(report.snapshot().metrics.first?.id)
                try report.setMetric(metric, to: String(round + offset), wallTime: Int64(10 * round + offset))
                try workspace.save(report, wallTime: Int64(10 * round + offset))
            }
            if round == 5 { try two.setPersonName("李四") }
            var edited = try two.load(id)
            let text = edited.snapshot().text.replacingOccurrences(of: "工作情况", with: "工作情况\(round)")
            #expect(try edited.reimport(ReportText(text: text), wallTime: Int64(10 * round + 5)) != nil)
            try two.save(edited, wallTime: Int64(10 * round + 5))
            if round % 4 == 3 {
                _ = try one.merge(from: two)
                _ = try two.merge(from: one)
            }
        }
        _ = try one.merge(from: two)
        return one
    }

    @Test(
        "the history lists each change as the report with its history decoded does, in the same order",
        arguments: [false, true])
    func historyMatchesTheDecodedReport(besideALargerReport: Bool) throws {
        let workspace = try Self.mergedWorkspace()
        if besideALargerReport {
            // Another report holds most of the workspace's changes: the log is read by its index.
            let other = try SettingMetricTests.importSample(Samples.names[0], into: workspace)
            try SettingMetricTests.lengthenHistory(of: other, in: workspace, by: 400)
        }
        let report = try workspace.load(Self.id, decodingHistory: true)
        // The case that matters for the order: the checkpoint's order is not the log's.
        #expect(report.document.changes.map(\.hash) != (try workspace.changes(of: Self.id)).map(\.hash))
        let history = try workspace.history(of: Self.id)
        let reference = ReferenceHistory.logEntries(of: report)
        #expect(history.entries.map(\.hash.description) == reference.map(\.hash))
        for (entry, change) in zip(history.entries, report.document.changes) {
            let shown = report.attribution(of: change)
            #expect(entry.importer == (shown != change ? shown.author : nil))
            #expect(entry.wallTime == shown.wallTime && entry.seq == change.seq && entry.author == change.author)
            #expect(history.person(entry.author) == report.person(change.author))
        }
        #expect(history.entries.map(\.inserted) == reference.map(\.inserted))
        #expect(history.entries.map(\.deleted) == reference.map(\.deleted))
        #expect(history.entries.map(\.registerWrites) == reference.map(\.registerWrites))
        #expect(history.entries.map(\.actions) == reference.map(\.actions))
        // Two recorders of one first version, and names: the odd cases are there.
        #expect(history.entries.contains { $0.importer != nil })
        #expect(history.person(workspace.replica).hasPrefix("张三"))
    }

    @Test("blame names the same change for each line as the report with its history decoded")
    func blameMatchesTheDecodedReport() throws {
        let workspace = try Self.mergedWorkspace()
        let (lines, report) = try workspace.blame(of: Self.id)
        #expect(!report.document.isHistoryMaterialised)
        #expect(lines == ReferenceHistory.blame(of: try workspace.load(Self.id, decodingHistory: true)))
        #expect(lines.allSatisfy { $0.change != nil })
    }

    @Test("a damaged logged change makes history and blame throw an error naming the report")
    func damagedChangeThrows() throws {
        let workspace = try Self.mergedWorkspace()
        // Every row: blame reads the hashes of the changes it names, the history reads them all.
        try workspace.connection.prepare("UPDATE changes SET bytes = substr(bytes, 1, 12) WHERE report = ?")
            .bind([.text(Self.id)]).run()
        for read in [{ _ = try workspace.history(of: Self.id) }, { _ = try workspace.blame(of: Self.id) }] {
            let error = try #require(throws: StoreError.self) { try read() }
            #expect("\(error)".contains(Self.id), "\(error)")
        }
        try workspace.connection.prepare("DELETE FROM changes WHERE report = ? AND position > 3")
            .bind([.text(Self.id)]).run()
        let error = try #require(throws: StoreError.self) { try workspace.history(of: Self.id) }
        #expect("\(error)".contains(Self.id), "\(error)")
    }
}
