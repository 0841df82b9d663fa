import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import Testing

@Suite("HQ service: extracts stored per report version")
struct HQServiceTests {
    /// Storage with HQ and A局, whose draft `text` was synced: the storage, a service on it, HQ,
    /// A局's token and the draft.
    static func synced(_ backend: Backend, _ text: String) async throws
        -> (any ServerStorage, SyncService, UnitRecord, String, Document)
    {
        let storage = try await backend.make()
        let service = SyncService(storage: storage)
        let (hq, _) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, token) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        var draft = try SyncServiceTests.draft(1, text)
        _ = try await SyncServiceTests.sync(&draft, SyncServiceTests.key, token, service)
        return (storage, service, hq, token, draft)
    }

    @Test(
        "a new process answers from the stored extracts without rebuilding; a report that changed is extracted anew",
        arguments: Backend.allCases)
    func storedExtracts(backend: Backend) async throws {
        var (storage, service, hq, token, draft) = try await Self.synced(backend, "汇报如下：开展约谈3次。")
        let key = SyncServiceTests.key
        let first = try await HQService(sync: service).facts(for: hq)
        #expect(first.map(\.text) == ["汇报如下：开展约谈3次。"])

        // The stored extract is what a new process reads: mark it, and the mark comes back.
        let stored = try #require(try await storage.extracts(of: [key])[key])
        #expect(stored.changeCount == draft.changes.count)
        var marked = try ReportExtract(decoding: stored.bytes)
        marked.facts.text = "从数据库读出"
        try await storage.storeExtract(
            StoredExtract(changeCount: stored.changeCount, bytes: marked.encoded()), of: key)
        let restarted = HQService(sync: SyncService(storage: storage))
        #expect(try await restarted.facts(for: hq).map(\.text) == ["从数据库读出"])

        // A new change makes the stored extract stale: it is made again and stored.
        try draft.insert("补充。", at: draft.textLength)
        draft.commit(wallTime: 2)
        _ = try await SyncServiceTests.sync(&draft, key, token, service)
        #expect(try await restarted.facts(for: hq).map(\.text) == ["汇报如下：开展约谈3次。补充。"])
        #expect(try await storage.extracts(of: [key])[key]?.changeCount == draft.changes.count)
        // A damaged stored extract is not trusted either.
        try await storage.storeExtract(
            StoredExtract(changeCount: draft.changes.count, bytes: [0xE1, 0xFF, 0x01]), of: key)
        #expect(try await HQService(sync: SyncService(storage: storage)).facts(for: hq).count == 1)
    }

    @Test(
        "a consolidated report is sent as stored while nothing it is made from changed, and rendered anew when anything did",
        arguments: Backend.allCases)
    func storedRenderings(backend: Backend) async throws {
        var (storage, service, hq, token, draft) = try await Self.synced(backend, "汇报如下：开展集体廉政约谈3次。")
        let key = SyncServiceTests.key
        let hqService = HQService(sync: service)
        let first = try await hqService.export(for: hq, period: key.period, kind: key.kind, format: .md)
        #expect(String(decoding: first, as: UTF8.self).contains("A局"))

        // What a new process sends is the stored rendering: mark it, and the mark comes back.
        let storedKey = ["HQ", key.period, key.kind, "md"].joined(separator: "\u{1F}")
        let stored = try #require(try await storage.rendering(storedKey))
        #expect(stored.bytes == first)
        try await storage.storeRendering(
            StoredRendering(fingerprint: stored.fingerprint, bytes: Array("标记".utf8)), as: storedKey)
        func fresh() async throws -> String {
            String(
                decoding: try await HQService(sync: SyncService(storage: storage)).export(
                    for: hq, period: key.period, kind: key.kind, format: .md), as: UTF8.self)
        }
        #expect(try await fresh() == "标记")

        // Anything it is made from changes: rendered anew, by any process.
        try draft.insert("补充。", at: draft.textLength)
        draft.commit(wallTime: 2)
        _ = try await SyncServiceTests.sync(&draft, key, token, service)
        #expect(try await fresh().contains("A局"))
        for change in ["catalog", "expected", "unit"] {
            let current = try #require(try await storage.rendering(storedKey))
            try await storage.storeRendering(
                StoredRendering(fingerprint: current.fingerprint, bytes: Array("标记".utf8)), as: storedKey)
            #expect(try await fresh() == "标记")
            switch change {
            case "catalog": try await hqService.loadCatalog("talks | 约谈 | 次 | 约谈\n", source: "test")
            case "expected": try await hqService.setExpected(period: key.period, kind: key.kind, units: ["A局"])
            default: _ = try await service.registry.addUnit(name: "B局", parent: "HQ", isHQ: false)
            }
            #expect(try await fresh() != "标记", "a changed \(change) still sent the stored rendering")
        }
    }
}
