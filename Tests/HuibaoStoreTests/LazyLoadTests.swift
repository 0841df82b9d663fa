import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoSQLite
import HuibaoTestSupport
import Testing

@testable import HuibaoStore

/// Editing a stored report reads its checkpoint's state, not its history, and a save writes a
/// new checkpoint only when the log has moved well past the old one.
@Suite("Workspace lazy loading")
struct LazyLoadTests {
    static let id = ReportSummary.id(unit: "某局", period: "2023H1", kind: "党风廉政")

    /// The report as a full decoding of its whole change log gives it.
    static func fromLog(_ workspace: Workspace) throws -> ReportDocument {
        var document = Document(replica: workspace.replica)
        try document.apply(workspace.changes(of: id))
        return ReportDocument(document: document)
    }

    static func snapshotCount(_ workspace: Workspace) throws -> Int64 {
        let select = try workspace.connection.prepare("SELECT snapshot_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        _ = try select.step()
        return select.int(0)
    }

    @Test("setting metrics and applying edited text on a stored report never decodes its history between checkpoints")
    func editsDoNotDecodeTheHistory() throws {
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        var checkpoints = 0
        var saves = 0
        for round in 0..<240 {
            var report = try workspace.load(Self.id)
            #expect(!report.document.isHistoryMaterialised)
            if round % 3 == 2 {
                let text = report.snapshot().text
                let edited = text.replacingOccurrences(of: "一、工作情况", with: "一、工作情况（第\(round)稿）")
                #expect(try report.reimport(ReportText(text: edited), wallTime: Int64(round)) != nil)
            } else {
                let metric = try #require(report.snapshot().metrics.first?.id)
                try report.setMetric(metric, to: String(round), wallTime: Int64(round))
            }
            let before = try Self.snapshotCount(workspace)
            try workspace.save(report, wallTime: Int64(round))
            saves += 1
            if try Self.snapshotCount(workspace) == before {
                // No checkpoint was due: neither the edit nor the save (view, vector) decoded it.
                #expect(!report.document.isHistoryMaterialised)
            } else {
                checkpoints += 1
            }
        }
        // Checkpoints come when the tail reaches a tenth of the history, not with every save.
        #expect(checkpoints > 3 && checkpoints < saves / 3)
        let full = try Self.fromLog(workspace)
        let stored = try workspace.view(of: Self.id)
        #expect(stored == ReportView(full))
        #expect(try workspace.renderedText(of: Self.id) == full.snapshot().text)
        #expect(try workspace.load(Self.id).document.encoded() == full.document.encoded())
        // Commands that read the whole history decode it in one pass.
        let decoded = try workspace.load(Self.id, decodingHistory: true).document
        #expect(decoded.isHistoryMaterialised)
        #expect(Set(decoded.changes.map(\.hash)) == Set(full.document.changes.map(\.hash)))
        try workspace.verify()
    }

    @Test(
        "appended changes make the view stale until a read refreshes it, with a checkpoint only when the tail is long",
        arguments: [0, 1])
    func appendedChangesRefreshTheView(seed: Int) throws {
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        for round in 0..<(seed % 2 == 0 ? 30 : 31) {
            var report = try workspace.load(Self.id)
            let metric = try #require(report.snapshot().metrics.first?.id)
            try report.setMetric(metric, to: String(round), wallTime: Int64(round))
            try workspace.save(report, wallTime: Int64(round))
        }
        var report = try workspace.load(Self.id)
        let metric = try #require(report.snapshot().metrics.first?.id)
        try report.setMetric(metric, to: "42", wallTime: 100)
        report.commitPendingEdits(wallTime: 100)
        let before = try Self.snapshotCount(workspace)
        try workspace.append([try #require(report.document.changes.last)], to: Self.id)
        #expect(try workspace.view(of: Self.id).metrics.first?.raw == "42")
        // The read wrote a checkpoint only if the tail had grown to a tenth of the history.
        let due = Workspace.needsCheckpoint(changeCount: report.document.changeCount, snapshotCount: Int(before))
        #expect(try Self.snapshotCount(workspace) == (due ? Int64(report.document.changeCount) : before))
        #expect(try workspace.view(of: Self.id) == ReportView(try Self.fromLog(workspace)))
    }

    @Test("edits and received steps of a submitted report keep its workflow right without decoding its history")
    func submittedReportEditsDoNotDecodeTheHistory() throws {
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        try SettingMetricTests.lengthenHistory(of: Self.id, in: workspace, by: 300)
        var report = try workspace.load(Self.id)
        try report.submit(as: "某局", wallTime: 2)
        try workspace.save(report, wallTime: 2)
        var hq = try workspace.load(Self.id)
        for round in 0..<12 {
            var report = try workspace.load(Self.id)
            switch round % 4 {
            case 0:
                // HQ's review arrives by the append path (as a sync receives it).
                hq = try Self.fromLog(workspace)
                try hq.review(round % 8 == 0 ? .approve : .return, as: "上级", wallTime: Int64(10 + round))
                try workspace.append([try #require(hq.document.changes.last)], to: Self.id)
                report = try workspace.load(Self.id)
                #expect(try workspace.view(of: Self.id) == ReportView(try Self.fromLog(workspace)))
            case 1:
                let text = report.snapshot().text
                let edited = text.replacingOccurrences(of: "一、工作情况", with: "一、工作情况（第\(round)稿）")
                #expect(try report.reimport(ReportText(text: edited), wallTime: Int64(10 + round)) != nil)
                try workspace.save(report, wallTime: Int64(10 + round))
            case 2:
                try report.submit(as: "某局", wallTime: Int64(10 + round))
                try workspace.save(report, wallTime: Int64(10 + round))
            default:
                report.recordPerson("张三")
                report.commitPendingEdits(wallTime: Int64(10 + round))
                try workspace.save(report, wallTime: Int64(10 + round))
            }
            // A new submission pins a new version: that one save reads the history.
            let materialised = report.document.isHistoryMaterialised
            #expect(round % 4 == 2 || !materialised, "round \(round)")
            let stored = try workspace.view(of: Self.id)
            #expect(stored == ReportView(try Self.fromLog(workspace)))
        }
        #expect(try workspace.view(of: Self.id).workflow.pinned.isEmpty == false)
    }

    @Test("a workspace of schema 4 opens with its views still current, and gets its tip with the next save")
    func schemaFourMigrates() throws {
        let directory = try WorkspaceTests.temporaryDirectory()
        let workspace = try Workspace.create(at: directory, unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        // Back to schema 4: no view count or tip column.
        try workspace.connection.execute(
            """
            ALTER TABLE reports DROP COLUMN view_count; ALTER TABLE reports DROP COLUMN tip;
            UPDATE meta SET value = '4' WHERE key = 'schema';
            """)
        let reopened = try Workspace(opening: directory)
        let select = try reopened.connection.prepare("SELECT view_count, change_count FROM reports")
        #expect(try select.step())
        #expect(select.int(0) == select.int(1))
        #expect(try reopened.view(of: Self.id) == ReportView(try reopened.load(Self.id)))
        // No tip yet: the first value is set by loading the report, whose save stores the tip.
        let metric = try #require(try reopened.view(of: Self.id).metrics.first?.id)
        #expect(try !reopened.setMetricFromTip(metric, of: Self.id, to: "5", wallTime: 2))
        try reopened.setMetric(metric, of: Self.id, to: "5", wallTime: 2)
        try SettingMetricTests.expectStoredMatchesFullReading(reopened, Self.id)
    }

    @Test("a report whose checkpoint holds a text conflict is saved again and again without decoding its history")
    func textConflictInCheckpoint() throws {
        let directory = try WorkspaceTests.temporaryDirectory()
        let workspace = try Workspace.create(at: directory + "/a", unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        let other = try Workspace.create(at: directory + "/b", unit: "某局", server: nil)
        _ = try other.merge(from: workspace)
        // Two clerks edit one sentence concurrently, then one merges the other's edit.
        for (clerk, words) in [(workspace, "认真"), (other, "按时")] {
            var report = try clerk.load(Self.id)
            let text = report.snapshot().text
            let edited = text.replacingOccurrences(of: "开展", with: words + "开展")
            #expect(try report.reimport(ReportText(text: edited), wallTime: 5) != nil)
            try clerk.save(report, wallTime: 5)
        }
        _ = try workspace.merge(from: other)
        let merged = try workspace.load(Self.id).document.changeCount
        // Later edits elsewhere, until a checkpoint holds the concurrent changes.
        for round in 0..<20 {
            var report = try workspace.load(Self.id)
            let metric = try #require(report.snapshot().metrics.last?.id)
            try report.setMetric(metric, to: String(round), wallTime: Int64(10 + round))
            try workspace.save(report, wallTime: Int64(10 + round))
        }
        let loaded = try workspace.load(Self.id)
        #expect(!loaded.document.isHistoryLinear)
        #expect(try Self.snapshotCount(workspace) > merged)
        let expected = try Self.fromLog(workspace).textConflicts()
        #expect(!expected.isEmpty)
        #expect(loaded.textConflicts(hashes: workspace.loggedHashes(of: Self.id, in: loaded)) == expected)
        #expect(!loaded.document.isHistoryMaterialised)
        // And a save on it (which stores the conflicts in the view) decodes nothing either.
        var report = loaded
        let metric = try #require(report.snapshot().metrics.last?.id)
        try report.setMetric(metric, to: "99", wallTime: 99)
        try workspace.save(report, wallTime: 99)
        #expect(!report.document.isHistoryMaterialised)
        let now = try Self.fromLog(workspace).textConflicts()
        #expect(now.map(\.id) == expected.map(\.id))
        #expect(try workspace.view(of: Self.id).conflicts.textEdits == now)
    }
}
