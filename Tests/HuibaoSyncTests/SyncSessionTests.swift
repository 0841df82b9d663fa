import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import HuibaoStore
import HuibaoSync
import HuibaoTestSupport
import Testing

/// The client's sync logic against the server core in the same process (``InProcessSyncTransport``):
/// convergence under random edits and sync orders, retries through failures that lose the
/// request or the answer, and what stops a sync.
@Suite("Sync session (in process)")
struct SyncSessionTests {
    /// A server core with HQ and one unit, and the unit's token.
    static func server() async throws -> (SyncService, token: String) {
        let service = SyncService(storage: InMemoryStorage())
        _ = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, token) = try await service.registry.addUnit(name: "某局", parent: "HQ", isHQ: false)
        return (service, token)
    }

    static func workspace() throws -> Workspace {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-sync-\(UUID().uuidString)")
        return try Workspace.create(at: directory.path, unit: "某局", server: nil)
    }

    static let reportID = ReportSummary.id(unit: "某局", period: "2023H1", kind: "党风廉政")

    /// Imports sample `name` into `workspace` as 2023H1/党风廉政.
    static func importSample(_ name: String, into workspace: Workspace) throws {
        let text = try ReportText(bytes: Samples.bytes(name), source: name)
        let document = try ReportDocument.importing(
            text, metadata: ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政"), replica: workspace.replica,
            wallTime: 1)
        try workspace.save(document)
    }

    @discardableResult
    static func sync(_ workspace: Workspace, over transport: some SyncTransport & Sendable) async throws
        -> SyncSession.Summary
    {
        var session = SyncSession(workspace: workspace)
        session.backoff = 0
        return try await run(session, over: transport)
    }

    /// Runs a (synchronous) session on a thread of its own: the in-process server answers on
    /// the cooperative pool, which a blocked test task must not hold.
    static func run(_ session: SyncSession, over transport: some SyncTransport & Sendable) async throws
        -> SyncSession.Summary
    {
        try await withCheckedThrowingContinuation { continuation in
            let box = UncheckedBox((session, transport))
            Thread.detachNewThread {
                continuation.resume(with: Result { try box.value.0.run(over: box.value.1) })
            }
        }
    }

    /// One random edit of the report in `workspace`: a metric set to a random value, or a
    /// sentence added to a random line.
    static func randomEdit(_ workspace: Workspace, step: Int, using generator: inout SeededGenerator) throws {
        var document = try workspace.load(reportID)
        let metrics = document.snapshot().metrics
        if Bool.random(using: &generator), let metric = metrics.randomElement(using: &generator), let id = metric.id {
            try document.setMetric(id, to: String(Int.random(in: 0...99, using: &generator)), wallTime: Int64(step))
        } else {
            var lines = document.snapshot().text.split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
            let line = Int.random(in: 1..<max(2, lines.count - 1), using: &generator)
            lines[line] += "补充说明\(step)。"
            _ = try document.reimport(ReportText(text: lines.joined(separator: "\n")), wallTime: Int64(step))
        }
        try workspace.save(document)
    }

    @Test(
        "clerks editing at random and syncing in random orders end with the same report; a last sync moves nothing",
        arguments: [UInt64(1), 2, 3, 4])
    func randomClerksConverge(seed: UInt64) async throws {
        let (service, token) = try await Self.server()
        let transport = InProcessSyncTransport(service: service, token: token)
        var generator = SeededGenerator(seed: seed)
        let clerks = try (0..<4).map { _ in try Self.workspace() }
        try Self.importSample("report-001.txt", into: clerks[0])
        try await Self.sync(clerks[0], over: transport)
        for clerk in clerks.dropFirst() { try await Self.sync(clerk, over: transport) }
        for step in 2..<14 {
            let clerk = clerks.randomElement(using: &generator)!
            try Self.randomEdit(clerk, step: step, using: &generator)
            if Bool.random(using: &generator) {
                try await Self.sync(clerks.randomElement(using: &generator)!, over: transport)
            }
        }
        // Two passes bring everything everywhere; a third moves nothing.
        for _ in 0..<2 {
            for clerk in clerks.shuffled(using: &generator) { try await Self.sync(clerk, over: transport) }
        }
        let texts = try clerks.map { try $0.load(Self.reportID).snapshot().text }
        #expect(Set(texts).count == 1)
        let logs = try clerks.map { Set(try $0.changes(of: Self.reportID).map(\.hash)) }
        #expect(Set(logs).count == 1)
        for clerk in clerks {
            let quiet = try await Self.sync(clerk, over: transport)
            #expect(quiet.sent == 0 && quiet.received == 0 && quiet.rounds == 1)
        }
    }

    @Test("a refused connection and a lost answer are retried; the server stores each change once")
    func failuresAreRetried() async throws {
        let (service, token) = try await Self.server()
        let server = InProcessSyncTransport(service: service, token: token)
        let clerk = try Self.workspace()
        try Self.importSample("report-000.txt", into: clerk)
        var generator = SeededGenerator(seed: 7)
        for step in 2..<40 { try Self.randomEdit(clerk, step: step, using: &generator) }
        let flaky = FlakyTransport(server, plan: [.answerLost, .beforeServer, .answerLost])
        var session = SyncSession(workspace: clerk)
        session.backoff = 0
        session.uploadBytes = 2_000  // several rounds
        let summary = try await Self.run(session, over: flaky)
        #expect(summary.retried == 3 && flaky.failures == 3)
        #expect(try clerk.unacknowledged(of: Self.reportID).isEmpty)
        // A fresh workspace gets exactly the clerk's log.
        let fresh = try Self.workspace()
        try await Self.sync(fresh, over: server)
        #expect(try fresh.changes(of: Self.reportID).map(\.hash) == clerk.changes(of: Self.reportID).map(\.hash))
        #expect(try fresh.load(Self.reportID).snapshot().text == clerk.load(Self.reportID).snapshot().text)
    }

    @Test("more failures than retries stop the sync with the transport's error; the next sync finishes the work")
    func tooManyFailures() async throws {
        let (service, token) = try await Self.server()
        let server = InProcessSyncTransport(service: service, token: token)
        let clerk = try Self.workspace()
        try Self.importSample("report-002.txt", into: clerk)
        var session = SyncSession(workspace: clerk)
        session.backoff = 0
        session.retries = 2
        await #expect(throws: SyncError.self) {
            try await Self.run(session, over: FlakyTransport(server, plan: [.answerLost, .answerLost, .answerLost]))
        }
        // The server stored the first round although its answer was lost every time.
        try await Self.sync(clerk, over: server)
        #expect(try clerk.unacknowledged(of: Self.reportID).isEmpty)
        let fresh = try Self.workspace()
        try await Self.sync(fresh, over: server)
        #expect(try fresh.changes(of: Self.reportID).map(\.hash) == clerk.changes(of: Self.reportID).map(\.hash))
    }

    @Test("a wrong token is not retried")
    func unauthorizedIsFinal() async throws {
        let (service, _) = try await Self.server()
        let server = InProcessSyncTransport(service: service, token: "wrong")
        let clerk = try Self.workspace()
        try Self.importSample("report-001.txt", into: clerk)
        await #expect(throws: SyncError.self) { try await Self.sync(clerk, over: server) }
        #expect(server.rounds == 1)
    }

    @Test("a copied workspace (one replica id, two histories) is re-keyed and both clerks' work arrives")
    func copiedWorkspace() async throws {
        let (service, token) = try await Self.server()
        let transport = InProcessSyncTransport(service: service, token: token)
        let original = try Self.workspace()
        try Self.importSample("report-001.txt", into: original)
        try await Self.sync(original, over: transport)
        let copyPath = original.directory + "-copy"
        try FileManager.default.copyItem(atPath: original.directory, toPath: copyPath)
        let copy = try Workspace(opening: copyPath)
        var generator = SeededGenerator(seed: 11)
        try Self.randomEdit(original, step: 2, using: &generator)
        try Self.randomEdit(copy, step: 3, using: &generator)
        try await Self.sync(original, over: transport)
        let rekeyed = try await Self.sync(copy, over: transport)
        #expect(rekeyed.rekeyed > 0)
        try await Self.sync(original, over: transport)
        #expect(try original.load(Self.reportID).snapshot().text == copy.load(Self.reportID).snapshot().text)
        #expect(try Workspace(opening: copyPath).replica != original.replica)
    }
}

/// A value moved to another thread by a test that waits for it.
struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
