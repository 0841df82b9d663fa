import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServer
import HuibaoServerCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HQ routes")
struct HQRoutesTests {
    static let key = ReportKey(unit: "A局", period: "2023H1", kind: "党风廉政")

    /// HQ, a unit whose report (集体廉政约谈3次) HQ has approved, and a unit with nothing.
    static func setUp() async throws -> (SyncService, hq: String, unit: String) {
        let service = SyncService(storage: InMemoryStorage())
        let (_, hq) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, unit) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        _ = try await service.registry.addUnit(name: "B局", parent: "HQ", isHQ: false)
        var report = try ReportDocument.importing(
            ReportText(text: "一、工作情况\n开展集体廉政约谈3次，征求意见表*份。\n"), metadata: ReportMetadata(),
            replica: ReplicaID(1), wallTime: 1_700_000_000_000)
        try report.submit(as: "A局", wallTime: 2)
        _ = try await service.sync(
            SyncRequest(entries: [.init(report: key, known: VersionVector(), changes: Array(report.document.changes))]),
            token: unit)
        var review = ReportDocument(document: report.document.forked(as: ReplicaID(9)))
        try review.review(.approve, as: "HQ", wallTime: 3)
        let step = try #require(review.document.changes.last)
        let answer = try await service.sync(
            SyncRequest(entries: [.init(report: key, known: review.document.versionVector, changes: [step])]),
            token: hq)
        #expect(answer.entries.first?.refusal == nil)
        return (service, hq, unit)
    }

    static func get(_ uri: String, token: String?, _ check: @escaping @Sendable (TestResponse) throws -> Void)
        async throws
    {
        let (service, hq, unit) = try await setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token == "hq" ? hq : token == "unit" ? unit : token)" }
        let headers = fields
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { try check($0) }
        }
    }

    @Test("the consolidation as JSON sums the approved value and lists the placeholder apart")
    func consolidationJSON() async throws {
        try await Self.get("/v1/hq/consolidation?period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF", token: "hq")
        {
            response in
            #expect(response.status == .ok)
            let consolidation = try JSONDecoder().decode(
                CompactConsolidation.self, from: Data(response.body.readableBytesView))
            #expect(consolidation.format == CompactConsolidation.formatName)
            #expect(consolidation.statuses.map(\.state) == ["approved", "not started"])
            let talks = try #require(consolidation.totals.first { $0.indicator.id == "talks" })
            #expect(talks.total == 3)
            let value = try #require(talks.counted.first)
            #expect(consolidation.sentences[value.sentence] == "开展集体廉政约谈3次，征求意见表*份。")
            #expect(consolidation.reports[value.report] == "A局/2023H1/党风廉政")
            #expect(consolidation.words[value.unit] == "次")
            #expect(value.change.map { consolidation.changes[$0].hash.count } == 64)
            let questionnaires = consolidation.totals.first { $0.indicator.id == "questionnaires" }
            #expect(questionnaires?.missing.count == 1)
            #expect(questionnaires?.missing.first?.raw == "*")
        }
    }

    @Test("markdown and CSV carry the totals with provenance", arguments: ["md", "csv", "txt"])
    func formats(format: String) async throws {
        let uri = "/v1/hq/consolidation?period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF&format=\(format)"
        try await Self.get(uri, token: "hq") { response in
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            switch format {
            case "md":
                #expect(body.contains("| 廉政约谈 | 次 | 3[^1] | 1 | 0 |"))
                #expect(body.contains("[^1]: A局/2023H1/党风廉政 第2行：“开展集体廉政约谈3次，征求意见表*份。”（变更 "))
                #expect(body.contains("| B局 | 未报送 |"))
            case "csv":
                let lines = body.split(separator: "\r\n")
                // A byte order mark first, so that Excel on Chinese Windows reads UTF-8.
                #expect(Array(response.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
                #expect(lines.first?.hasPrefix("\u{FEFF}period,kind,indicator,") == true)
                #expect(lines.contains { $0.contains(",talks,廉政约谈,次,3,计入,A局,") })
                #expect(lines.contains { $0.contains(",questionnaires,征求意见表,份,缺失,缺失,A局,") })
            default:
                #expect(body.contains("廉政约谈：3次"))
            }
        }
    }

    @Test("HQ routes refuse a unit token, no token, a missing period and an unknown format")
    func refusals() async throws {
        let query = "period=2023H1&kind=k"
        try await Self.get("/v1/hq/consolidation?\(query)", token: "unit") { #expect($0.status == .forbidden) }
        try await Self.get("/v1/hq/overview", token: nil) { #expect($0.status == .unauthorized) }
        try await Self.get("/v1/hq/consolidation?kind=k", token: "hq") { response in
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("bad-request"))
        }
        try await Self.get("/v1/hq/consolidation?\(query)&format=pdf", token: "hq") { response in
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("md、txt、csv、json 或 docx"))
        }
    }

    @Test("the overview lists every unit below HQ with its state for each period and kind")
    func overview() async throws {
        try await Self.get("/v1/hq/overview", token: "hq") { response in
            #expect(response.status == .ok)
            let overview = try JSONDecoder().decode(HQOverview.self, from: Data(response.body.readableBytesView))
            #expect(overview.columns.map { "\($0.period)/\($0.kind)" } == ["2023H1/党风廉政"])
            #expect(overview.rows.map(\.unit) == ["A局", "B局"])
            #expect(overview.rows.map { $0.cells.first??.state } == ["approved", "not started"])
        }
    }

    @Test("the dashboard's review buttons return (with a comment only) and approve; the unit receives the step")
    func dashboardReview() async throws {
        let (service, hq, unit) = try await Self.setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        try await app.test(.router) { client in
            let cookie = try await DashboardRoutesTests.login(client, token: hq)
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            let report = "unit=A%E5%B1%80&period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF"
            try await client.execute(
                uri: "/dashboard/review", method: .post, headers: form,
                body: ByteBuffer(string: report + "&step=return&comment=")
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/dashboard/review", method: .post, headers: form,
                body: ByteBuffer(string: report + "&step=return&comment=%E8%AF%B7%E8%A1%A5%E5%85%85")
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/dashboard/review", method: .post, headers: form,
                body: ByteBuffer(string: report + "&step=submit")
            ) { #expect($0.status == .forbidden) }
        }
        let answer = try await service.sync(
            SyncRequest(entries: [.init(report: Self.key, known: VersionVector(), changes: [Change]())]), token: unit)
        var copy = Document(replica: ReplicaID(8))
        try copy.apply(answer.entries.first?.changes ?? [])
        let workflow = ReportDocument(document: copy).workflow
        #expect(workflow.state == .returned)
        #expect(workflow.decidingStep?.comment == "请补充")
        #expect(workflow.decidingStep?.unit == "HQ")
    }
}
