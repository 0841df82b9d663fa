import Foundation
import HuibaoModel
import HuibaoServerCore
import HuibaoSync

/// Times sync against a real `huibao-server` process on loopback: many units each uploading a
/// report with many changes into an empty server, then no-op round trips.
struct SyncBenchmark {
    var units: Int
    var changesPerUnit: Int
    var reps: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws -> BenchmarkResult {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-sync-bench-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Units and tokens, written straight into the server's database.
        let service = SyncService(
            storage: try SQLiteStorage(path: (data as NSString).appendingPathComponent("server.sqlite")))
        _ = try await service.addUnit(name: "HQ", parent: nil, isHQ: true)
        var tokens: [String] = []
        for unit in 0..<units {
            tokens.append(try await service.addUnit(name: "unit\(unit)", parent: "HQ", isHQ: false).1)
        }
        // Each unit's history: single-character edits, each its own change.
        var requests: [SyncRequest] = []
        for unit in 0..<units {
            var document = Document(replica: ReplicaID(UInt64(unit + 1)))
            for k in 0..<changesPerUnit {
                try document.insert(k % 9 == 0 ? "次" : "字", at: (k * 31) % (document.textLength + 1))
                document.commit(wallTime: Int64(k))
            }
            let key = ReportKey(unit: "unit\(unit)", period: "2023H1", kind: "bench")
            requests.append(
                SyncRequest(entries: [.init(report: key, known: document.versionVector, changes: document.changes)]))
        }
        let server = try ServerProcess(data: data)
        let url = server.base + "/v1/sync"
        let transport = CurlTransport()
        // Upload everything, unit after unit.
        var bytes = 0
        let (_, uploadTime) = try milliseconds { () throws -> Void in
            for (request, token) in zip(requests, tokens) {
                let body = request.encoded
                bytes += body.count
                let response = try transport.post(body, to: url, token: token, contentType: "application/x-huibao-sync")
                guard response.status == 200, let decoded = try? SyncResponse(decoding: response.body),
                    decoded.entries.first?.acknowledged.count == changesPerUnit
                else { throw Failure(description: "upload refused: HTTP \(response.status)") }
            }
        }
        // No-op rounds: the client has everything.
        let noop = SyncRequest(entries: [
            .init(report: requests[0].entries[0].report, known: requests[0].entries[0].known, changes: [])
        ])
        var times: [Double] = []
        for _ in 0..<max(reps, 20) {
            let (_, time) = try milliseconds {
                try transport.post(noop.encoded, to: url, token: tokens[0], contentType: "x")
            }
            times.append(time)
        }
        let total = units * changesPerUnit
        withExtendedLifetime(server) {}
        return BenchmarkResult(fields: [
            ("units", units), ("changes_per_unit", changesPerUnit), ("changes", total), ("request_bytes", bytes),
            ("upload_ms", uploadTime), ("changes_per_s", Double(total) / (uploadTime / 1000)),
            ("noop_round_trip_ms", median(times)), ("ok", true),
        ])
    }
}
