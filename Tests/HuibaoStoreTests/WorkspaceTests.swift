import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoSQLite
import HuibaoTestSupport
import Testing

@testable import HuibaoStore

@Suite("Workspace")
struct WorkspaceTests {
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static let text = "一、工作情况\n开展廉政约谈3次，警示教育*次。\n"

    static func imported(into workspace: Workspace, period: String = "2023H1") throws -> ReportDocument {
        let report = try ReportDocument.importing(
            ReportText(text: text), metadata: ReportMetadata(unit: workspace.unit, period: period, kind: "党风廉政"),
            replica: workspace.replica, wallTime: 1)
        try workspace.save(report)
        return report
    }

    @Test("the stored view answers metric and status without the history, and is rebuilt when the log moved on")
    func storedView() throws {
        let workspace = try Workspace.create(at: Self.temporaryDirectory(), unit: "某局", server: nil)
        var report = try Self.imported(into: workspace)
        let id = ReportSummary.id(unit: "某局", period: "2023H1", kind: "党风廉政")
        #expect(try workspace.view(of: id) == ReportView(workspace.load(id)))
        // Appended changes make the stored view stale: it is rebuilt from the log, not trusted.
        let metric = try #require(report.snapshot().metrics.first?.id)
        try report.setMetric(metric, to: "7", wallTime: 2)
        try report.submit(as: "某局", wallTime: 3)
        try workspace.append(Array(report.document.changes.suffix(2)), to: id)
        let view = try workspace.view(of: id)
        #expect(view.metrics.first?.raw == "7" && view.workflow.state == .submitted)
        #expect(view == ReportView(try workspace.load(id)))
        // A view that does not decode is rebuilt too.
        try workspace.connection.prepare("UPDATE reports SET view = x'7b' WHERE id = ?").bind([.text(id)]).run()
        #expect(try workspace.view(of: id) == view)
    }

    @Test("the stored view holds the report's conflicts: values set concurrently and concurrent edits of a sentence")
    func storedViewHoldsConflicts() throws {
        let workspace = try Workspace.create(at: Self.temporaryDirectory(), unit: "某局", server: nil)
        let report = try Self.imported(into: workspace)
        let id = ReportSummary.id(unit: "某局", period: "2023H1", kind: "党风廉政")
        #expect(try workspace.view(of: id).conflicts.isEmpty)
        // Two clerks set one number differently and edit one sentence at once.
        var mine = try workspace.load(id)
        var other = ReportDocument(document: report.document.forked(as: ReplicaID(9)))
        let metric = try #require(mine.snapshot().metrics.first?.id)
        try mine.setMetric(metric, to: "4", wallTime: 2)
        try other.setMetric(metric, to: "5", wallTime: 2)
        for (copy, word) in [(0, "认真"), (1, "扎实")] {
            var report = copy == 0 ? mine : other
            let edited = report.snapshot().text.replacingOccurrences(of: "开展", with: "开展\(word)")
            #expect(try report.reimport(ReportText(text: edited), wallTime: 3) != nil)
            if copy == 0 { mine = report } else { other = report }
        }
        try mine.apply(other.document.changes.suffix(2))
        try workspace.save(mine)
        let conflicts = try workspace.view(of: id).conflicts
        #expect(conflicts.metrics.map { $0.sides.map(\.value).sorted() } == [["4", "5"]])
        #expect(conflicts.textEdits.count == 1)
        #expect(conflicts == ReportConflicts(report: try workspace.load(id), name: ""))
        // Resolved on another path (appended changes): the stale view is rebuilt, the conflict gone.
        var resolved = try workspace.load(id)
        try resolved.setMetric(metric, to: "5", wallTime: 4)
        resolved.commitPendingEdits(wallTime: 4)
        try workspace.append([try #require(resolved.document.changes.last)], to: id)
        #expect(try workspace.view(of: id).conflicts.metrics.isEmpty)
    }

    @Test("the sync path reads a report by its key: vector, and unsent changes as their stored bytes")
    func reportByKey() throws {
        let workspace = try Workspace.create(at: Self.temporaryDirectory(), unit: "某局", server: nil)
        let report = try Self.imported(into: workspace)
        let key = ReportKey(unit: "某局", period: "2023H1", kind: "党风廉政")
        #expect(try workspace.reportKeys() == [key])
        #expect(try workspace.contains(key))
        #expect(try workspace.storedVector(of: key) == report.document.versionVector)
        let other = ReportKey(unit: "某局", period: "2023H2", kind: "党风廉政")
        #expect(try !workspace.contains(other) && workspace.storedVector(of: other) == nil)
        let (unsent, leftOver) = try workspace.unacknowledgedBytes(of: key)
        #expect(!leftOver)
        #expect(unsent.map(\.hash) == report.document.changes.map(\.hash))
        #expect(unsent.map(\.bytes) == report.document.changes.map(\.encoded))
        #expect(try unsent.map { try $0.decoded() } == Array(report.document.changes))
        // A budget of one byte still sends one change and says more are left.
        let (first, more) = try workspace.unacknowledgedBytes(of: key, budget: 1)
        #expect(first.count == 1 && more == (report.document.changes.count > 1))
        try workspace.acknowledge(unsent.map(\.hash), of: Workspace.id(of: key))
        #expect(try workspace.unacknowledgedBytes(of: key).changes.isEmpty)
    }

    @Test("stored bytes that do not have their stored hash do not decode")
    func encodedChangeChecksItsHash() throws {
        let report = try ReportDocument.importing(
            ReportText(text: Self.text), metadata: ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政"),
            replica: ReplicaID(3), wallTime: 1)
        let changes = report.document.changes
        #expect(changes.count >= 2)
        let swapped = EncodedChange(stored: changes[0].encoded, hash: changes[1].hash)
        #expect(throws: BinaryDecodingError.self) { try swapped.decoded() }
        #expect(try EncodedChange(stored: changes[0].encoded, hash: changes[0].hash).decoded() == changes[0])
    }

    @Test(
        "changes from the server are appended without loading the report, once each; a batch out of order stores nothing"
    )
    func receivedOnTheAppendPath() throws {
        let workspace = try Workspace.create(at: Self.temporaryDirectory(), unit: "某局", server: nil)
        let report = try Self.imported(into: workspace)
        let id = ReportSummary.id(unit: "某局", period: "2023H1", kind: "党风廉政")
        // Another clerk's two edits, the second made on the first.
        var other = ReportDocument(document: report.document.forked(as: ReplicaID(9)))
        let metric = try #require(other.snapshot().metrics.first?.id)
        try other.setMetric(metric, to: "4", wallTime: 2)
        try other.setMetric(metric, to: "5", wallTime: 3)
        let received = Array(other.document.changes.suffix(2))
        let before = try workspace.changes(of: id).count
        #expect(try workspace.appendReceived([received[1]], to: id) == nil)  // its dependency is missing
        #expect(try workspace.changes(of: id).count == before)
        #expect(try workspace.appendReceived(received, to: id) == 2)
        #expect(try workspace.appendReceived(received, to: id) == 0)  // an answer delivered twice
        #expect(try workspace.changes(of: id).count == before + 2)
        #expect(try workspace.unacknowledged(of: id).allSatisfy { !received.map(\.hash).contains($0.hash) })
        #expect(try workspace.renderedText(of: id) == other.snapshot().text)
        #expect(try workspace.load(id).snapshot().text == other.snapshot().text)
        try workspace.verify()
        #expect(try workspace.appendReceived(received, to: "no-such-report") == nil)
    }

    @Test("a created workspace reopens with the same identity")
    func createAndReopen() throws {
        let directory = try Self.temporaryDirectory()
        let created = try Workspace.create(at: directory, unit: "某局", server: "http://127.0.0.1:8080")
        let reopened = try Workspace(opening: directory)
        #expect(reopened.replica == created.replica)
        #expect(reopened.unit == "某局")
        #expect(reopened.server == "http://127.0.0.1:8080")
        #expect(throws: StoreError.alreadyAWorkspace(path: directory)) {
            try Workspace.create(at: directory, unit: "x", server: nil)
        }
        #expect(throws: StoreError.notAWorkspace(path: directory + "/none")) {
            try Workspace(opening: directory + "/none")
        }
    }

    @Test("saved reports load back, keep an append-only log and verify")
    func saveAndLoad() throws {
        let workspace = try Workspace.create(at: try Self.temporaryDirectory(), unit: "某局", server: nil)
        var report = try Self.imported(into: workspace)
        let id = try workspace.resolve("2023H1/党风廉政").id
        let metric = try #require(report.snapshot().metrics.first?.id)
        try report.setMetric(metric, to: "5", wallTime: 2)
        #expect(try workspace.save(report) == 1)
        #expect(try workspace.save(report) == 0)
        let loaded = try workspace.load(id)
        #expect(loaded.snapshot() == report.snapshot())
        #expect(try workspace.renderedText(of: id) == Self.text.replacingOccurrences(of: "3次", with: "5次"))
        #expect(try workspace.changes(of: id).map(\.hash) == report.document.changes.map(\.hash))
        try workspace.verify()
        #expect(try workspace.resolve(String(id.prefix(5))).id == id)
        #expect(throws: StoreError.reportNotFound("2024/x")) { try workspace.resolve("2024/x") }
    }

    @Test("appended edits show up without a rewrite, and a checkpoint makes them part of the state")
    func appendPath() throws {
        let directory = try Self.temporaryDirectory()
        let workspace = try Workspace.create(at: directory, unit: "某局", server: nil)
        var report = try Self.imported(into: workspace)
        let id = try workspace.resolve("2023H1/党风廉政").id
        var document = report.document
        var fresh: [Change] = []
        for k in 0..<50 {
            try document.insert("字", at: document.textLength - 1)
            let change = document.commit(wallTime: Int64(10 + k))
            fresh.append(try #require(change))
        }
        try workspace.append(Array(fresh[..<20]), to: id)
        try workspace.append(Array(fresh[20...]), to: id)
        report = ReportDocument(document: document)
        let reopened = try Workspace(opening: directory)
        #expect(try reopened.resolve(id).changeCount == 52)
        #expect(try reopened.load(id).snapshot() == report.snapshot())
        #expect(try reopened.renderedText(of: id) == report.snapshot().text)
        try reopened.verify()
        // The checkpoint written by renderedText now serves the text directly.
        try reopened.connection.execute("DELETE FROM changes WHERE report = '\(id)' AND position > 0")
        #expect(try reopened.renderedText(of: id) == report.snapshot().text)
    }

    @Test("a save based on a stale copy is refused instead of misplacing changes")
    func staleSaveRefused() throws {
        let workspace = try Workspace.create(at: try Self.temporaryDirectory(), unit: "某局", server: nil)
        _ = try Self.imported(into: workspace)
        let id = try workspace.resolve("2023H1/党风廉政").id
        var first = try workspace.load(id)
        var second = try Self.imported(
            into: try Workspace.create(at: try Self.temporaryDirectory(), unit: "某局", server: nil))
        let metric = try #require(first.snapshot().metrics.first?.id)
        try first.setMetric(metric, to: "9", wallTime: 5)
        try workspace.save(first)
        // A document that never saw this workspace's log (an independent import).
        try second.setMetric(try #require(second.snapshot().metrics.first?.id), to: "8", wallTime: 5)
        #expect(throws: StoreError.concurrentWrite(report: "2023H1/党风廉政")) { try workspace.save(second) }
        try workspace.verify()
        #expect(try workspace.load(id).snapshot().metrics.first?.raw == "9")
    }

    @Test("a damaged state or log is reported as corruption, not a crash")
    func corruption() throws {
        let workspace = try Workspace.create(at: try Self.temporaryDirectory(), unit: "某局", server: nil)
        _ = try Self.imported(into: workspace)
        let id = try workspace.resolve("2023H1/党风廉政").id
        try workspace.connection.execute("UPDATE reports SET document = x'48424f43' WHERE id = '\(id)'")
        #expect(throws: StoreError.self) { try workspace.load(id) }
        #expect(throws: StoreError.self) { try workspace.verify() }
        try workspace.connection.execute("UPDATE changes SET bytes = x'0102' WHERE report = '\(id)'")
        #expect(throws: StoreError.self) { try workspace.changes(of: id) }
    }

    @Test("a file that is not a database is refused with a clear error")
    func garbageFile() throws {
        let directory = try Self.temporaryDirectory()
        try Data("not a database at all, just text".utf8).write(
            to: URL(fileURLWithPath: directory).appendingPathComponent(Workspace.fileName))
        #expect(throws: StoreError.self) { try Workspace(opening: directory) }
    }

    @Test("a workspace from a newer schema is refused")
    func newerSchema() throws {
        let directory = try Self.temporaryDirectory()
        let workspace = try Workspace.create(at: directory, unit: "某局", server: nil)
        try workspace.connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
        #expect(throws: StoreError.newerSchema(found: 99, supported: Workspace.schemaVersion)) {
            try Workspace(opening: directory)
        }
    }

    @Test("two clerks' workspaces merge; the same number set differently becomes a conflict")
    func mergeFrom() throws {
        let one = try Workspace.create(at: try Self.temporaryDirectory(), unit: "某局", server: nil)
        let two = try Workspace.create(at: try Self.temporaryDirectory(), unit: "某局", server: nil)
        _ = try Self.imported(into: one)
        _ = try two.merge(from: one)
        let id = try one.resolve("2023H1/党风廉政").id
        var a = try one.load(id)
        var b = try two.load(id)
        let metric = try #require(a.snapshot().metrics.first?.id)
        try a.setMetric(metric, to: "4", wallTime: 2)
        try b.setMetric(metric, to: "5", wallTime: 2)
        try one.save(a)
        try two.save(b)
        let added = try one.merge(from: two)
        #expect(added.map(\.1) == [1])
        #expect(try one.load(id).snapshot().conflicts.first?.conflictingValues.map(Set.init) == ["4", "5"])
        _ = try two.merge(from: one)
        #expect(try two.load(id).snapshot() == one.load(id).snapshot())
        try one.verify()
        try two.verify()
    }
}
