import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServer
import HuibaoServerCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Dashboard routes")
struct DashboardRoutesTests {
    static let key = ReportKey(unit: "A局", period: "2023H1", kind: "党风廉政")

    /// HQ and a unit whose report holds hostile text and a metric two clerks set concurrently.
    static func setUp() async throws -> (SyncService, hq: String, unit: String, metric: String) {
        let service = SyncService(storage: InMemoryStorage())
        let (_, hq) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, unit) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        let one = try ReportDocument.importing(
            ReportText(text: "<script>alert(1)</script>\n开展集体廉政约谈3次。\n"), metadata: ReportMetadata(),
            replica: ReplicaID(1), wallTime: 1)
        let metric = try #require(one.snapshot().metrics.first?.id)
        var a = ReportDocument(document: one.document.forked(as: ReplicaID(2)))
        var b = ReportDocument(document: one.document.forked(as: ReplicaID(3)))
        try a.setMetric(metric, to: "4", wallTime: 2)
        try b.setMetric(metric, to: "5", wallTime: 2)
        let changes = one.document.changes + [a.document.changes.last, b.document.changes.last].compactMap { $0 }
        let answer = try await service.sync(
            SyncRequest(entries: [.init(report: key, known: VersionVector(), changes: changes)]), token: unit)
        #expect(answer.entries.first?.refusal == nil)
        return (service, hq, unit, metric)
    }

    /// Logs in through the form and returns the session cookie header.
    static func login(_ client: some TestClientProtocol, token: String) async throws -> HTTPFields {
        var cookie = HTTPFields()
        try await client.execute(
            uri: "/dashboard/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "token=\(token)")
        ) { response in
            #expect(response.status == .seeOther)
            let set = try #require(response.headers[.setCookie])
            #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"))
            #expect(!set.contains(token), "the cookie holds a session id, never the token")
            cookie[.cookie] = String(set.prefix { $0 != ";" })
        }
        return cookie
    }

    @Test("report text is escaped; a unit's token cannot log in; the conflict resolves through the form")
    func dashboardFlow() async throws {
        let (service, hq, unit, metric) = try await Self.setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/dashboard/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(unit)")
            ) { #expect($0.status == .unauthorized) }
            let cookie = try await Self.login(client, token: hq)
            let query = "unit=A%E5%B1%80&period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF"
            try await client.execute(uri: "/dashboard/report?\(query)", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(!page.contains("<script>"))
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(page.contains("<mark class=\"metric conflict\""))
            }
            try await client.execute(uri: "/dashboard/conflicts", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("value=\"4\"") && page.contains("value=\"5\""))
            }
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            let body =
                "unit=A%E5%B1%80&period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF&metric=\(metric)&value=5"
            try await client.execute(
                uri: "/dashboard/resolve", method: .post, headers: form, body: ByteBuffer(string: body)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/dashboard/conflicts", method: .get, headers: cookie) { response in
                #expect(String(buffer: response.body).contains("没有需要处理的冲突。"))
            }
            // A resolution needs a value: refused with a message, nothing written.
            let empty = body.replacingOccurrences(of: "&value=5", with: "&value=&other=")
            try await client.execute(
                uri: "/dashboard/resolve", method: .post, headers: form, body: ByteBuffer(string: empty)
            ) { #expect($0.status == .badRequest) }
        }
        // The resolution is an ordinary change by a replica registered to HQ: a unit replica syncs it.
        let answer = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: VersionVector(), changes: [Change]())]), token: unit)
        var copy = Document(replica: ReplicaID(8))
        try copy.apply(answer.entries.first?.changes ?? [])
        let report = ReportDocument(document: copy)
        #expect(report.snapshot().conflicts.isEmpty)
        #expect(report.snapshot().text.contains("约谈5次"))
    }

    @Test("competing first versions are listed on the conflicts page; keeping one there leaves its text only")
    func firstVersionKept() async throws {
        let service = SyncService(storage: InMemoryStorage())
        let (_, hq) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, unit) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        let versions = try ["甲稿\n开展集体廉政约谈3次。\n", "乙稿\n开展警示教育5次。\n"].enumerated().map { index, text in
            try ReportDocument.importing(
                ReportText(text: text), metadata: ReportMetadata(), replica: ReplicaID(UInt64(index + 1)),
                wallTime: 1)
        }
        let answer = try await service.sync(
            SyncRequest(entries: [
                .init(report: Self.key, known: VersionVector(), changes: versions.flatMap(\.document.changes))
            ]), token: unit)
        #expect(answer.entries.first?.refusal == nil)
        let kept = try #require(versions[1].document.changes.first?.hash.shortDescription)
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        try await app.test(.router) { client in
            let cookie = try await Self.login(client, token: hq)
            try await client.execute(uri: "/dashboard/conflicts", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("2 个不同的初始版本") && page.contains("value=\"\(kept)\""), "\(page)")
            }
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            let body = "unit=A%E5%B1%80&period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF&version=\(kept)"
            try await client.execute(
                uri: "/dashboard/keep", method: .post, headers: form, body: ByteBuffer(string: body)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/dashboard/conflicts", method: .get, headers: cookie) { response in
                #expect(String(buffer: response.body).contains("没有需要处理的冲突。"))
            }
        }
        let synced = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: VersionVector(), changes: [Change]())]), token: unit)
        var copy = Document(replica: ReplicaID(8))
        try copy.apply(synced.entries.first?.changes ?? [])
        #expect(ReportDocument(document: copy).snapshot().text == versions[1].snapshot().text)
    }

    @Test("a text conflict shows both edits on the conflicts page; accepting it there clears it")
    func textConflictAccepted() async throws {
        let (service, hq, unit, _) = try await Self.setUp()
        // Two clerks edit the first line concurrently.
        let base = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: VersionVector(), changes: [Change]())]), token: unit)
        var origin = Document(replica: ReplicaID(20))
        try origin.apply(base.entries.first?.changes ?? [])
        var one = origin.forked(as: ReplicaID(21))
        var two = origin.forked(as: ReplicaID(22))
        try one.insert("注意", at: 0)
        one.commit(wallTime: 5)
        try two.delete(at: 1, count: 6)
        two.commit(wallTime: 5)
        let edits = [one.changes.last, two.changes.last].compactMap { $0 }
        _ = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: origin.versionVector, changes: edits)]), token: unit)
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        try await app.test(.router) { client in
            let cookie = try await Self.login(client, token: hq)
            var id = ""
            try await client.execute(uri: "/dashboard/conflicts", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("并发修改同一句"), "\(page)")
                #expect(page.contains("插入“注意”") && page.contains("删除“script”"))
                let marker = "name=\"id\" value=\""
                id = String(page.components(separatedBy: marker).dropFirst().first?.prefix(12) ?? "")
            }
            #expect(id.count == 12)
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            let body = "unit=A%E5%B1%80&period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF&id=\(id)"
            try await client.execute(
                uri: "/dashboard/accept", method: .post, headers: form, body: ByteBuffer(string: body)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/dashboard/conflicts", method: .get, headers: cookie) { response in
                #expect(!String(buffer: response.body).contains("并发修改同一句"))
            }
        }
    }
}
