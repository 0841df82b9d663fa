import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoPostgres
import HuibaoReport
import HuibaoServerCore
import HuibaoSync

/// Times HQ's views on a real `huibao-server` process: N units (in groups of 100 under
/// intermediate HQs) each with an approved report of M indicators.
struct HQBenchmark {
    var units: Int
    var indicators: Int
    var reps: Int
    /// A PostgreSQL URL (whose user may create databases), else SQLite.
    var database: String?

    func run() async throws -> BenchmarkResult {
        let store = try await BenchmarkStorage.make(database: database, name: "hq")
        defer { store.cleanUp() }
        let service = SyncService(storage: store.storage)
        let hqService = HQService(sync: service)
        let (hq, hqToken) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        var catalog = ""
        for i in 0..<indicators { catalog += "i\(i) | 指标\(i) | 次 | 事项\(i)号\n" }
        try await hqService.loadCatalog(catalog, source: "bench")
        try await hqService.setExpected(period: "2023H1", kind: "bench", units: nil)
        // Reports: "开展事项<i>号工作<v>次。" per indicator; each submitted and approved.
        var expected = [Double](repeating: 0, count: indicators)
        var generator = SystemRandomNumberGenerator()
        let (_, setUpTime) = try await asyncMilliseconds {
            for group in 0..<(units + 99) / 100 {
                _ = try await service.registry.addUnit(name: "group\(group)", parent: "HQ", isHQ: true)
            }
            for unit in 0..<units {
                let name = "unit\(unit)"
                let (_, token) = try await service.registry.addUnit(
                    name: name, parent: "group\(unit / 100)", isHQ: false)
                var text = "\(name)2023年上半年工作汇报\n一、工作情况\n"
                for i in 0..<indicators {
                    let value = Int.random(in: 0..<100, using: &generator)
                    expected[i] += Double(value)
                    text += "开展事项\(i)号工作\(value)次。"
                }
                var report = try ReportDocument.importing(
                    ReportText(text: text + "\n"), metadata: ReportMetadata(unit: name),
                    replica: ReplicaID(UInt64(unit + 1)), wallTime: 1_700_000_000_000)
                try report.submit(as: name, wallTime: 1_700_000_000_001)
                let key = ReportKey(unit: name, period: "2023H1", kind: "bench")
                _ = try await service.sync(
                    SyncRequest(entries: [
                        .init(report: key, known: VersionVector(), changes: Array(report.document.changes))
                    ]
                    ),
                    token: token)
                var review = ReportDocument(document: report.document.forked(as: ReplicaID(UInt64(1 << 40 + unit))))
                try review.review(.approve, as: "HQ", wallTime: 1_700_000_000_002)
                let approval = review.document.changes.suffix(1)
                let answer = try await service.sync(
                    SyncRequest(entries: [
                        .init(report: key, known: review.document.versionVector, changes: Array(approval))
                    ]),
                    token: hqToken)
                guard answer.entries.first(where: { $0.report == key })?.refusal == nil else {
                    throw SyncBenchmark.Failure(description: "approval refused")
                }
            }
        }
        // The pure consolidation over extracted facts, in process.
        let facts = try await hqService.facts(for: hq)
        let tree = UnitTree(
            try await store.storage.units().map { OrgUnit(name: $0.name, parent: $0.parent, isHQ: $0.isHQ) })
        let parsed = try IndicatorCatalog(parsing: catalog, source: "bench")
        var computeTimes: [Double] = []
        var consolidation: Consolidation?
        for _ in 0..<reps {
            let (result, time) = milliseconds {
                Consolidation(
                    period: "2023H1", kind: "bench", hq: "HQ", tree: tree, catalog: parsed, expected: nil,
                    reports: facts)
            }
            consolidation = result
            computeTimes.append(time)
        }
        // Where a request's time goes: decoding the stored extracts, rendering.
        let stored = try await store.storage.extracts(
            of: Array(try await store.storage.reports(of: Set((0..<units).map { "unit\($0)" })).keys))
        let allBytes = stored.values.map(\.bytes)
        let (_, decodeTime) = try milliseconds { try allBytes.map { try ReportExtract(decoding: $0) } }
        let (_, markdownTime) = milliseconds { consolidation.map(ConsolidatedReport.markdown) }
        let (_, jsonTime) = milliseconds { consolidation.map { CompactConsolidation($0).json() } }
        let correct =
            consolidation.map { result in
                result.totals.count == indicators
                    && zip(result.totals, expected).allSatisfy { $0.total == $1 && $0.counted.count == units }
                    && result.statuses.count == units
            } ?? false

        // Real server processes, each started for its measurement. The first renders (nothing
        // rendered yet: as after any change), reading the extracts stored in the database; a
        // process started after it sends the stored rendering while nothing changed.
        let server = try ServerProcess(arguments: store.serverArguments)
        let base = server.base
        let transport = CurlTransport()
        let session = try await service.registry.openSession(token: hqToken)
        let totalsURL = base + "/v1/hq/consolidation?period=2023H1&kind=bench&format=json"
        let statusURL = base + "/dashboard/status"
        func fetch(_ url: String, cookie: Bool) throws -> (Int, Double) {
            let (response, time) = try milliseconds {
                try transport.get(url, token: hqToken, headers: cookie ? ["Cookie: huibao_token=\(session)"] : [])
            }
            guard response.status == 200 else {
                throw SyncBenchmark.Failure(description: "\(url): HTTP \(response.status)")
            }
            return (response.body.count, time)
        }
        func firstRequest(_ format: String) throws -> Double {
            let fresh = try ServerProcess(arguments: store.serverArguments)
            let url = fresh.base + "/v1/hq/consolidation?period=2023H1&kind=bench&format=" + format
            return try withExtendedLifetime(fresh) { try fetch(url, cookie: false).1 }
        }
        let (_, jsonFirst) = try fetch(totalsURL, cookie: false)
        let jsonRestarted = try firstRequest("json")
        let mdFirst = try firstRequest("md")
        let mdRestarted = try firstRequest("md")
        var totalsTimes: [Double] = []
        var statusTimes: [Double] = []
        var markdownTimes: [Double] = []
        var markdownBytes = 0
        var totalsBytes = 0
        var statusBytes = 0
        for _ in 0..<reps {
            let (tb, tt) = try fetch(totalsURL, cookie: false)
            let (sb, st) = try fetch(statusURL, cookie: true)
            totalsTimes.append(tt)
            statusTimes.append(st)
            let (mb, mt) = try fetch(
                totalsURL.replacingOccurrences(of: "format=json", with: "format=md"), cookie: false)
            markdownTimes.append(mt)
            markdownBytes = mb
            totalsBytes = tb
            statusBytes = sb
        }
        withExtendedLifetime(server) {}
        if let postgres = store.storage as? PostgresStorage { await postgres.close() }
        return BenchmarkResult(fields: [
            ("units", units), ("indicators", indicators), ("metrics", units * indicators),
            ("setup_ms", setUpTime), ("consolidate_in_process_ms", median(computeTimes)),
            ("decode_extracts_ms", decodeTime), ("markdown_in_process_ms", markdownTime),
            ("json_in_process_ms", jsonTime),
            ("backend", store.backend), ("totals_json_first_ms", jsonFirst),
            ("totals_json_restarted_ms", jsonRestarted),
            ("totals_md_first_ms", mdFirst), ("totals_md_restarted_ms", mdRestarted),
            ("totals_http_ms", median(totalsTimes)), ("totals_md_http_ms", median(markdownTimes)),
            ("totals_md_bytes", markdownBytes),
            ("totals_json_bytes", totalsBytes), ("status_page_http_ms", median(statusTimes)),
            ("status_page_bytes", statusBytes), ("ok", correct),
        ])
    }
}

/// Times an async body in milliseconds.
func asyncMilliseconds<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try await body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
