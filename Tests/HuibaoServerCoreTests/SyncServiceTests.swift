import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import HuibaoTestSupport
import Testing

@Suite("Sync service")
struct SyncServiceTests {
    /// HQ with two units below it; returns the service and the tokens.
    static func setUp(_ backend: Backend = .memory) async throws -> (SyncService, hq: String, a: String, b: String) {
        let service = SyncService(storage: try await backend.make())
        let (_, hq) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, a) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        let (_, b) = try await service.registry.addUnit(name: "B局", parent: "HQ", isHQ: false)
        return (service, hq, a, b)
    }

    static let key = ReportKey(unit: "A局", period: "2023H1", kind: "党风廉政")

    static func draft(_ replica: UInt64, _ text: String) throws -> Document {
        var document = Document(replica: ReplicaID(replica))
        try document.insert(text, at: 0)
        document.commit(wallTime: 1)
        return document
    }

    /// One full sync of `document` for `key`, repeated while the server has more pages.
    static func sync(
        _ document: inout Document, _ key: ReportKey, _ token: String, _ service: SyncService, page: Int = 1 << 20
    )
        async throws -> [SyncResponse.Entry]
    {
        var responses: [SyncResponse.Entry] = []
        var sent = false
        for _ in 0..<1000 {
            let request = SyncRequest(
                entries: [
                    .init(report: key, known: document.versionVector, changes: sent ? [] : Array(document.changes))
                ],
                pageBytes: page)
            // Through the wire format, as over HTTP.
            let response = try SyncResponse(
                decoding: try await service.sync(SyncRequest(decoding: request.encoded), token: token).encoded)
            sent = true
            let entry = try #require(response.entries.first)
            responses.append(entry)
            if entry.refusal != nil { break }
            try document.apply(entry.changes)
            if !entry.more { break }
        }
        return responses
    }

    @Test("two replicas of one unit converge through the server; repeats are harmless", arguments: Backend.allCases)
    func replicasConverge(backend: Backend) async throws {
        let (service, _, a, _) = try await Self.setUp(backend)
        var one = try Self.draft(1, "开展廉政约谈3次。")
        var two = try Self.draft(2, "警示教育28次。")
        _ = try await Self.sync(&one, Self.key, a, service)
        _ = try await Self.sync(&two, Self.key, a, service)
        _ = try await Self.sync(&one, Self.key, a, service)
        let again = try await Self.sync(&one, Self.key, a, service)
        #expect(again.first?.acknowledged.count == one.changes.count)
        #expect(again.first?.changes.isEmpty == true)
        #expect(one.text == two.text)
        #expect(one.heads == two.heads)
    }

    @Test(
        "a no-op sync is answered from the stored vector without loading the report; a client lacking changes gets them",
        arguments: Backend.allCases)
    func noOpWithoutLoading(backend: Backend) async throws {
        let storage = try await backend.make()
        let first = SyncService(storage: storage)
        _ = try await first.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, a) = try await first.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        var one = try Self.draft(1, "开展廉政约谈3次。")
        _ = try await Self.sync(&one, Self.key, a, first)
        // Another server process (nothing in memory) answers a client that holds everything.
        let fresh = SyncService(storage: storage)
        let noOp = try await fresh.sync(
            SyncRequest(entries: [.init(report: Self.key, known: one.versionVector, changes: [Change]())]), token: a)
        #expect(noOp.entries.count == 1)
        #expect(noOp.entries.first?.changes.isEmpty == true && noOp.entries.first?.stored == one.versionVector)
        #expect(await fresh.cachedReportCount == 0)
        // A new replica knows nothing: it gets the changes (the report is loaded for that).
        var two = Document(replica: ReplicaID(2))
        _ = try await Self.sync(&two, Self.key, a, fresh)
        #expect(two.text == one.text && two.versionVector == one.versionVector)
        #expect(await fresh.cachedReportCount == 1)
    }

    @Test("a unit cannot write or read another unit's report; HQ reads its subtree", arguments: Backend.allCases)
    func access(backend: Backend) async throws {
        let (service, hq, a, b) = try await Self.setUp(backend)
        var one = try Self.draft(1, "汇报")
        _ = try await Self.sync(&one, Self.key, a, service)
        var intruder = try Self.draft(3, "篡改")
        let write = try await Self.sync(&intruder, Self.key, b, service)
        #expect(write.first?.refusal?.code == .forbidden)
        var reader = Document(replica: ReplicaID(4))
        let read = try await Self.sync(&reader, Self.key, b, service)
        #expect(read.first?.refusal?.code == .forbidden)
        #expect(reader.text.isEmpty)
        var headquarters = Document(replica: ReplicaID(5))
        let hqRead = try await Self.sync(&headquarters, Self.key, hq, service)
        #expect(hqRead.first?.refusal == nil)
        #expect(headquarters.text == "汇报")
        await #expect(throws: ServerError.unauthorized) {
            try await service.sync(SyncRequest(entries: []), token: "not a token")
        }
    }

    @Test(
        "workflow steps are checked by role: the unit submits, only an HQ above it approves or edits",
        arguments: Backend.allCases)
    func workflowRoles(backend: Backend) async throws {
        let (service, hq, a, b) = try await Self.setUp(backend)
        var unit = try ReportDocument.importing(
            ReportText(text: "开展廉政约谈3次。\n"), metadata: ReportMetadata(unit: "A局"), replica: ReplicaID(1), wallTime: 1)
        try unit.submit(as: "A局", wallTime: 2)
        var document = unit.document
        #expect(try await Self.sync(&document, Self.key, a, service).first?.refusal == nil)
        // The unit approving itself is refused, and nothing of that batch is stored.
        var selfApproval = ReportDocument(document: document)
        try selfApproval.review(.approve, as: "A局", wallTime: 3)
        var selfApproved = selfApproval.document
        let refused = try await Self.sync(&selfApproved, Self.key, a, service)
        #expect(refused.first?.refusal?.code == .forbidden)
        #expect(refused.first?.refusal?.message.contains("只有A局的上级可以") == true)
        // Another unit's step, or a step signed with another name, is refused.
        var forged = ReportDocument(document: document.forked(as: ReplicaID(7)))
        try forged.review(.approve, as: "HQ", wallTime: 3)
        var forgedDocument = forged.document
        let signed = try await Self.sync(&forgedDocument, Self.key, a, service)
        #expect(signed.first?.refusal?.message.contains("用A局的令牌发送") == true)
        var other = forged.document
        #expect(try await Self.sync(&other, Self.key, b, service).first?.refusal?.code == .forbidden)
        // HQ approves and edits the text; the unit receives both.
        var review = ReportDocument(document: Document(replica: ReplicaID(9)))
        var hqDocument = review.document
        _ = try await Self.sync(&hqDocument, Self.key, hq, service)
        review = ReportDocument(document: hqDocument)
        try review.review(.approve, as: "HQ", wallTime: 4)
        hqDocument = review.document
        try hqDocument.insert("（已阅）", at: 0)
        hqDocument.commit(wallTime: 5)
        #expect(try await Self.sync(&hqDocument, Self.key, hq, service).first?.refusal == nil)
        var fresh = Document(replica: ReplicaID(2))
        _ = try await Self.sync(&fresh, Self.key, a, service)
        let received = ReportDocument(document: fresh)
        #expect(received.workflow.state == .approved)
        #expect(received.workflow.changedSincePinned)
        #expect(received.snapshot().text.hasPrefix("（已阅）"))
        // HQ cannot submit for the unit, nor name a version that does not exist.
        var submitter = ReportDocument(document: hqDocument)
        try submitter.submit(as: "HQ", wallTime: 6)
        var submitted = submitter.document
        #expect(try await Self.sync(&submitted, Self.key, hq, service).first?.refusal?.code == .forbidden)
        var ghostDocument = hqDocument
        ghostDocument.setRegister(
            ReportDocument.workflowKey,
            to: .text(WorkflowStep(kind: .approve, unit: "HQ", heads: [ChangeHash.sha256(of: [1])]).registerText))
        ghostDocument.commit(wallTime: 7)
        let unknown = try await Self.sync(&ghostDocument, Self.key, hq, service)
        #expect(unknown.first?.refusal?.code == .invalidChange)
        #expect(unknown.first?.refusal?.message.contains("not in the report") == true)
    }

    @Test("a change may record only its own replica's person's name", arguments: Backend.allCases)
    func forgedName(backend: Backend) async throws {
        let (service, _, a, _) = try await Self.setUp(backend)
        var document = try Self.draft(1, "汇报")
        _ = try await Self.sync(&document, Self.key, a, service)
        var forged = document.forked(as: ReplicaID(7))
        forged.setRegister("person:" + ReplicaID(1).description, to: .text("冒名"))
        forged.commit(wallTime: 2)
        let refused = try await Self.sync(&forged, Self.key, a, service)
        #expect(refused.first?.refusal?.code == .invalidChange)
        var own = ReportDocument(document: document.forked(as: ReplicaID(8)))
        own.recordPerson("张三")
        own.commitPendingEdits(wallTime: 3)
        var honest = own.document
        #expect(try await Self.sync(&honest, Self.key, a, service).first?.refusal == nil)
    }

    @Test("a unit cannot forge another unit's replica as author", arguments: Backend.allCases)
    func forgedAuthor(backend: Backend) async throws {
        let (service, _, a, b) = try await Self.setUp(backend)
        var one = try Self.draft(1, "汇报")
        _ = try await Self.sync(&one, Self.key, a, service)
        // B uses A's replica id for a change in B's own report.
        var forged = try Self.draft(1, "假冒")
        let response = try await Self.sync(&forged, ReportKey(unit: "B局", period: "2023H1", kind: "k"), b, service)
        #expect(response.first?.refusal?.code == .forgedAuthor)
    }

    @Test(
        "a change with a missing dependency or an invalid operation is refused and nothing is stored",
        arguments: Backend.allCases)
    func refusals(backend: Backend) async throws {
        let (service, hq, a, _) = try await Self.setUp(backend)
        var one = try Self.draft(1, "汇报")
        try one.insert("如下", at: 2)
        one.commit(wallTime: 2)
        let second = one.changes[1]
        let missing = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: VersionVector(), changes: [second])]), token: a)
        #expect(missing.entries.first?.refusal?.code == .missingDependency)
        let bad = Change(
            author: ReplicaID(1), seq: 1, startCounter: 0, lamport: 1, wallTime: 0, dependencies: [],
            operations: [.deleteText(start: OpID(replica: ReplicaID(9), counter: 0), count: 1)])
        let invalid = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: VersionVector(), changes: [bad])]), token: a)
        #expect(invalid.entries.first?.refusal?.code == .invalidChange)
        var reader = Document(replica: ReplicaID(5))
        _ = try await Self.sync(&reader, Self.key, hq, service)
        #expect(reader.changes.isEmpty)
    }

    @Test("large histories come back in pages of bounded size")
    func paging() async throws {
        let (service, hq, a, _) = try await Self.setUp()
        var writer = Document(replica: ReplicaID(1))
        for k in 0..<60 {
            try writer.insert("第\(k)条，", at: writer.textLength)
            writer.commit(wallTime: Int64(k))
        }
        _ = try await Self.sync(&writer, Self.key, a, service)
        var reader = Document(replica: ReplicaID(2))
        let rounds = try await Self.sync(&reader, Self.key, hq, service, page: 600)
        #expect(rounds.count > 3)
        #expect(rounds.dropLast().allSatisfy { $0.more })
        #expect(rounds.allSatisfy { $0.changes.reduce(0) { $0 + $1.encoded.count } <= 600 || $0.changes.count == 1 })
        #expect(reader.text == writer.text)
    }

    @Test(
        "three units and two replicas syncing in random orders with repeats end identical",
        arguments: Backend.allCases, 0..<5)
    func randomOrders(backend: Backend, seed: UInt64) async throws {
        let (service, hq, a, b) = try await Self.setUp(backend)
        var rng = SeededGenerator(seed: seed)
        let keyB = ReportKey(unit: "B局", period: "2023H1", kind: "党风廉政")
        var clients: [(Document, ReportKey, String)] = [
            (Document(replica: ReplicaID(1)), Self.key, a), (Document(replica: ReplicaID(2)), Self.key, a),
            (Document(replica: ReplicaID(3)), keyB, b),
        ]
        for step in 0..<40 {
            let index = Int.random(in: 0..<clients.count, using: &rng)
            if Bool.random(using: &rng) {
                try RandomEdits.edit(&clients[index].0, count: 3, wallTime: Int64(step), using: &rng)
            } else {
                _ = try await Self.sync(&clients[index].0, clients[index].1, clients[index].2, service)
            }
        }
        for index in clients.indices {
            _ = try await Self.sync(&clients[index].0, clients[index].1, clients[index].2, service)
        }
        _ = try await Self.sync(&clients[0].0, Self.key, a, service)
        #expect(clients[0].0.text == clients[1].0.text, "seed \(seed)")
        #expect(clients[0].0.encoded() == clients[1].0.encoded(), "seed \(seed)")
        var hqCopy = Document(replica: ReplicaID(9))
        _ = try await Self.sync(&hqCopy, Self.key, hq, service)
        #expect(hqCopy.text == clients[0].0.text, "seed \(seed)")
        var hqB = Document(replica: ReplicaID(10))
        _ = try await Self.sync(&hqB, keyB, hq, service)
        #expect(hqB.text == clients[2].0.text, "seed \(seed)")
    }

    @Test("a revoked token is refused; a SQLite server keeps units, replicas and changes across restarts")
    func persistence() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("server.sqlite").path
        var writer = try Self.draft(1, "开展廉政约谈3次。")
        let token: String
        do {
            let service = SyncService(storage: try SQLiteStorage(path: path))
            _ = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
            (_, token) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
            _ = try await Self.sync(&writer, Self.key, token, service)
        }
        let restarted = SyncService(storage: try SQLiteStorage(path: path))
        var reader = Document(replica: ReplicaID(2))
        _ = try await Self.sync(&reader, Self.key, token, restarted)
        #expect(reader.text == writer.text)
        var forger = try Self.draft(1, "假冒")
        let (_, b) = try await restarted.registry.addUnit(name: "B局", parent: "HQ", isHQ: false)
        let forged = try await Self.sync(&forger, ReportKey(unit: "B局", period: "p", kind: "k"), b, restarted)
        #expect(forged.first?.refusal?.code == .forgedAuthor)
        try await SQLiteStorage(path: path).revokeUnit("A局")
        let revoked = SyncService(storage: try SQLiteStorage(path: path))
        await #expect(throws: ServerError.unauthorized) { try await revoked.registry.authenticate(token) }
    }

    @Test("malformed sync messages are refused with typed errors", arguments: 0..<4)
    func hostileMessages(shard: UInt64) throws {
        var document = try Self.draft(1, "汇报如下：开展约谈3次。")
        try document.insert("补充", at: 0)
        document.commit(wallTime: 2)
        let request = SyncRequest(entries: [
            .init(report: Self.key, known: document.versionVector, changes: Array(document.changes))
        ])
        let response = SyncResponse(entries: [
            .init(
                report: Self.key, acknowledged: document.heads, changes: Array(document.changes), more: true,
                refusal: SyncRefusal(code: .forbidden, message: "no"))
        ])
        #expect(try SyncRequest(decoding: request.encoded) == request)
        #expect(try SyncResponse(decoding: response.encoded) == response)
        var rng = SeededGenerator(seed: 77 + shard)
        for i in 0..<5_000 {
            var bytes = i % 2 == 0 ? request.encoded : response.encoded
            if Bool.random(using: &rng) {
                bytes = Array(bytes[..<Int.random(in: 0..<bytes.count, using: &rng)])
            } else {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            }
            _ = try? SyncRequest(decoding: bytes)
            _ = try? SyncResponse(decoding: bytes)
        }
        #expect(throws: BinaryDecodingError.self) { try SyncRequest(decoding: Array("GET / HTTP/1.1".utf8)) }
    }
}
