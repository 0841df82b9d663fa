import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoSQLite
import HuibaoTestSupport
import Testing

@testable import HuibaoStore

/// Setting a metric from the stored tip and view leaves exactly what loading, setting and saving
/// the report would leave, and falls back to that whenever the stored state cannot say it all.
@Suite("Setting a metric without loading the report")
struct SettingMetricTests {
    /// Checks the stored view, rendered text and tip of report `id` against a full reading of it.
    static func expectStoredMatchesFullReading(
        _ workspace: Workspace, _ id: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let report = try workspace.load(id)
        let select = try workspace.connection.prepare(
            "SELECT view, rendered, tip, change_count, view_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        #expect(try select.step(), sourceLocation: sourceLocation)
        #expect(select.int(3) == select.int(4), sourceLocation: sourceLocation)
        let view = try ReportView(decoding: select.blob(0))
        #expect(view == ReportView(report), sourceLocation: sourceLocation)
        #expect(select.text(1) == report.snapshot().text, sourceLocation: sourceLocation)
        #expect(try DocumentTip(decoding: select.blob(2)) == report.document.tip, sourceLocation: sourceLocation)
    }

    /// Gives report `id` a history of `count` more changes and a checkpoint holding them all, so
    /// that the next writes are not due for a checkpoint (a short history is checkpointed with
    /// nearly every write, on the full path).
    static func lengthenHistory(of id: String, in workspace: Workspace, by count: Int) throws {
        let metric = try #require(try workspace.view(of: id).metrics.last?.id)
        var report = try workspace.load(id)
        for k in 0..<count { try report.setMetric(metric, to: String(k), wallTime: 1) }
        try workspace.save(report)
        let document = try workspace.load(id).document
        try workspace.connection.prepare("UPDATE reports SET document = ?, snapshot_count = ? WHERE id = ?").bind([
            .blob(document.encoded()), .integer(Int64(document.changeCount)), .text(id),
        ]).run()
    }

    /// A report with Word tables (rows of tab-separated cells, headers naming the columns) and
    /// several values on one line.
    static let tables = """
        一、工作情况
        开展廉政约谈5次，涉及12人，其中谈话提醒3人。
        指标\t上半年\t去年同期
        廉政约谈（次）\t5\t3
        警示教育（人次）\t120\t98
        单位\t约谈（次）\t函询（件）
        一支部\t2\t1
        二支部\t*\t4
        二、下步打算
        计划开展专题培训2期，覆盖党员100余人。

        """

    static func importSample(_ name: String, into workspace: Workspace) throws -> String {
        let report = try ReportDocument.importing(
            name == "tables" ? ReportText(text: tables) : ReportText(bytes: Samples.bytes(name), source: name),
            metadata: ReportMetadata(unit: workspace.unit, period: "2024H1", kind: "党风廉政"),
            replica: workspace.replica, wallTime: 1)
        try workspace.save(report)
        return ReportSummary.id(unit: workspace.unit, period: "2024H1", kind: "党风廉政")
    }

    @Test(
        "random metric values set from the tip leave the view, text and tip a full reading gives",
        arguments: Samples.names + ["tables"])
    func randomValuesMatchAFullReading(sample: String) throws {
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let id = try Self.importSample(sample, into: workspace)
        try Self.lengthenHistory(of: id, in: workspace, by: 200)
        var rng = SeededGenerator(seed: UInt64(sample.utf8.count))
        let values = ["0", "3", "12", "12.5", "1234567", "*", "***", "X", "XX", "９"]
        var fast = 0
        for round in 0..<60 {
            let metrics = try workspace.view(of: id).metrics
            let metric = metrics[Int.random(in: 0..<metrics.count, using: &rng)]
            let value = values[Int.random(in: 0..<values.count, using: &rng)]
            if try workspace.setMetricFromTip(metric.id ?? "", of: id, to: value, wallTime: Int64(10 + round)) {
                fast += 1
            } else {
                // Only a due checkpoint sends a plain report down the full path.
                try workspace.setMetric(metric.id ?? "", of: id, to: value, wallTime: Int64(10 + round))
            }
            if round % 10 == 9 { try Self.expectStoredMatchesFullReading(workspace, id) }
        }
        #expect(fast >= 57)
        try Self.expectStoredMatchesFullReading(workspace, id)
        try workspace.verify()
    }

    @Test("a conflicting metric is resolved from the tip, and the other conflicts' sentences follow the text")
    func conflictResolvedFromTheTip() throws {
        let one = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let two = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let id = try Self.importSample(Samples.names[0], into: one)
        _ = try two.merge(from: one)
        let metrics = try one.view(of: id).metrics.compactMap(\.id)
        // Two clerks set the first three metrics differently at once.
        for k in 0..<3 {
            try one.setMetric(metrics[k], of: id, to: "4\(k)", wallTime: 2)
            try two.setMetric(metrics[k], of: id, to: "5\(k)", wallTime: 2)
        }
        _ = try one.merge(from: two)
        try Self.lengthenHistory(of: id, in: one, by: 200)
        #expect(try one.view(of: id).conflicts.metrics.count == 3)
        try Self.expectStoredMatchesFullReading(one, id)
        #expect(try one.setMetricFromTip(metrics[1], of: id, to: "1000", wallTime: 3))
        try Self.expectStoredMatchesFullReading(one, id)
        #expect(try one.setMetricFromTip(metrics[5], of: id, to: "*", wallTime: 4))
        try Self.expectStoredMatchesFullReading(one, id)
        let view = try one.view(of: id)
        #expect(view.conflicts.metrics.map(\.id) == [metrics[0], metrics[2]])
        #expect(view.metrics.first { $0.id == metrics[1] }?.raw == "1000")
        // The other clerk receives the resolution: the same report on both sides.
        _ = try two.merge(from: one)
        #expect(try two.load(id).snapshot() == one.load(id).snapshot())
        try one.verify()
    }

    @Test("a value set from the tip after submission marks the report changed since it was submitted")
    func submittedReportMarkedChanged() throws {
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let id = try Self.importSample(Samples.names[1], into: workspace)
        try Self.lengthenHistory(of: id, in: workspace, by: 200)
        var report = try workspace.load(id)
        try report.submit(as: "某局", wallTime: 2)
        try workspace.save(report)
        #expect(try !workspace.view(of: id).workflow.changedSincePinned)
        let metric = try #require(workspace.view(of: id).metrics.first?.id)
        #expect(try workspace.setMetricFromTip(metric, of: id, to: "8", wallTime: 3))
        #expect(try workspace.view(of: id).workflow.changedSincePinned)
        try Self.expectStoredMatchesFullReading(workspace, id)
    }

    @Test("the full path is taken while the person is unrecorded, the view is behind the log or first versions compete")
    func fallsBackToTheFullPath() throws {
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let id = try Self.importSample(Samples.names[2], into: workspace)
        try Self.lengthenHistory(of: id, in: workspace, by: 200)
        let metric = try #require(workspace.view(of: id).metrics.first?.id)
        // A name set after the import is recorded by the next save, in a change of its own.
        try workspace.setPersonName("张三")
        #expect(try !workspace.setMetricFromTip(metric, of: id, to: "1", wallTime: 2))
        try workspace.setMetric(metric, of: id, to: "1", wallTime: 2)
        #expect(try workspace.load(id).personName(of: workspace.replica) == "张三")
        #expect(try workspace.setMetricFromTip(metric, of: id, to: "2", wallTime: 3))
        try Self.expectStoredMatchesFullReading(workspace, id)
        // Appended changes leave the view behind the log.
        var report = try workspace.load(id)
        try report.setMetric(metric, to: "3", wallTime: 4)
        try workspace.append([try #require(report.document.changes.last)], to: id)
        #expect(try !workspace.setMetricFromTip(metric, of: id, to: "4", wallTime: 5))
        try workspace.setMetric(metric, of: id, to: "4", wallTime: 5)
        try Self.expectStoredMatchesFullReading(workspace, id)
        // Bad values and unknown metrics are refused either way, and nothing is written.
        let count = try workspace.reports().first?.changeCount
        #expect(throws: StoreError.refusedEdit(.invalidValue("三个"))) {
            try workspace.setMetric(metric, of: id, to: "三个", wallTime: 6)
        }
        #expect(throws: StoreError.refusedEdit(.unknownMetric("1@0000000000000001"))) {
            try workspace.setMetric("1@0000000000000001", of: id, to: "5", wallTime: 6)
        }
        #expect(try workspace.reports().first?.changeCount == count)
    }

    @Test("competing first versions keep the full path")
    func competingFirstVersionsUseTheFullPath() throws {
        let one = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let two = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let id = try Self.importSample(Samples.names[0], into: one)
        _ = try Self.importSample(Samples.names[1], into: two)
        _ = try one.merge(from: two)
        let view = try one.view(of: id)
        #expect(view.competingFirstVersions == 2)
        let metric = try #require(view.metrics.first?.id)
        #expect(try !one.setMetricFromTip(metric, of: id, to: "6", wallTime: 3))
        try one.setMetric(metric, of: id, to: "6", wallTime: 3)
        try Self.expectStoredMatchesFullReading(one, id)
    }
}
