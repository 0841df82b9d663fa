import Foundation
import HuibaoModel
import HuibaoPostgres
import HuibaoReport
import HuibaoServerCore
import HuibaoSync

/// Times sync against real `huibao-server` processes on loopback: many units each uploading a
/// report with many changes into an empty server, then no-op round trips.
struct SyncBenchmark {
    var units: Int
    var changesPerUnit: Int
    var reps: Int
    /// A PostgreSQL URL (whose user may create databases), else SQLite.
    var database: String?
    /// Server processes; more than one run behind nginx.
    var servers = 1
    /// Uploading clients at once.
    var clients = 1

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws -> BenchmarkResult {
        let store = try await BenchmarkStorage.make(database: database, name: "sync")
        defer { store.cleanUp() }
        // Units and tokens, written straight into the server's database.
        let service = SyncService(storage: store.storage)
        _ = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        var tokens: [String] = []
        for unit in 0..<units {
            tokens.append(try await service.registry.addUnit(name: "unit\(unit)", parent: "HQ", isHQ: false).1)
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
                SyncRequest(entries: [
                    .init(report: key, known: document.versionVector, changes: Array(document.changes))
                ]))
        }
        let server = try ServerProcess(arguments: store.serverArguments, count: servers)
        let url = server.base + "/v1/sync"
        let transport = CurlTransport()
        // Upload everything: `clients` uploaders at once, each taking every clients-th unit.
        let bodies = requests.map(\.encoded)
        let bytes = bodies.reduce(0) { $0 + $1.count }
        let failures = FailureBox()
        let expected = changesPerUnit
        let clients = clients
        let unitTokens = tokens
        let (_, uploadTime) = milliseconds {
            DispatchQueue.concurrentPerform(iterations: clients) { worker in
                let transport = CurlTransport()
                for index in stride(from: worker, to: bodies.count, by: clients) {
                    do {
                        let response = try transport.post(
                            bodies[index], to: url, token: unitTokens[index], contentType: "application/x-huibao-sync")
                        guard response.status == 200, let decoded = try? SyncResponse(decoding: response.body),
                            decoded.entries.first?.acknowledged.count == expected
                        else { throw Failure(description: "upload refused: HTTP \(response.status)") }
                    } catch {
                        failures.record("\(error)")
                    }
                }
            }
        }
        if let failure = failures.first { throw Failure(description: failure) }
        // No-op rounds: the client has everything.
        let noop = SyncRequest(entries: [
            .init(report: requests[0].entries[0].report, known: requests[0].entries[0].known, changes: [Change]())
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
        if let postgres = store.storage as? PostgresStorage { await postgres.close() }
        return BenchmarkResult(fields: [
            ("backend", store.backend), ("servers", servers), ("clients", clients), ("units", units),
            ("changes_per_unit", changesPerUnit), ("changes", total), ("request_bytes", bytes),
            ("upload_ms", uploadTime), ("changes_per_s", Double(total) / (uploadTime / 1000)),
            ("noop_round_trip_ms", median(times)), ("ok", true),
        ])
    }
}

/// The first error of several threads.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func record(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return messages.first
    }
}
