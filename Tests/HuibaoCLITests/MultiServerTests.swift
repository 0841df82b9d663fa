import Foundation
import HuibaoPostgres
import HuibaoSync
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Several stateless `huibao-server` processes on one PostgreSQL database behind nginx: what a
/// province runs. Real binaries, a real database, a real load balancer, all on loopback.
@Suite("Several servers on PostgreSQL behind nginx (binaries, loopback)", .serialized)
struct MultiServerTests {
    static let report = "2023H1/党风廉政"

    /// A cluster on a new database of the test cluster (`HUIBAO_TEST_POSTGRES_URL`).
    static func cluster(units: [String]) async throws -> SyncCluster {
        guard let admin = ProcessInfo.processInfo.environment["HUIBAO_TEST_POSTGRES_URL"], !admin.isEmpty else {
            throw SyncScenarioTests.BinaryRunnerError(
                "HUIBAO_TEST_POSTGRES_URL is not set: run the tests with `bash scripts/test.sh`")
        }
        let name = "huibao_multi_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try SyncCluster(
            units: units, database: try await PostgresStorage.createDatabase(named: name, url: admin))
    }

    /// A new database of the test cluster; its URL.
    static func database() async throws -> String {
        guard let admin = ProcessInfo.processInfo.environment["HUIBAO_TEST_POSTGRES_URL"], !admin.isEmpty else {
            throw SyncScenarioTests.BinaryRunnerError(
                "HUIBAO_TEST_POSTGRES_URL is not set: run the tests with `bash scripts/test.sh`")
        }
        let name = "huibao_multi_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await PostgresStorage.createDatabase(named: name, url: admin)
    }

    /// HQ's consolidated report of the period, asked of the server at `port` directly.
    static func consolidation(_ cluster: SyncCluster, port: Int, format: String) throws -> String {
        let client = HQClient(server: "http://127.0.0.1:\(port)", token: cluster.tokens["HQ"] ?? "", caFile: nil)
        let bytes = try client.get(
            "/v1/hq/consolidation", query: [("period", "2023H1"), ("kind", "党风廉政"), ("format", format)])
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(
        "3 servers behind nginx, 6 clerks of 2 units syncing concurrent edits, one server SIGKILLed mid-sync and restarted: all converge, HQ's totals agree on every server"
    )
    func threeServersBehindNginx() async throws {
        let cluster = try await Self.cluster(units: ["甲局", "乙局"])
        var servers: [(Process, Int)] = []
        for _ in 0..<3 { servers.append(try cluster.launchServer()) }
        defer {
            for (process, _) in servers where process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let proxy = try NginxProxy(upstreams: servers.map(\.1), in: cluster.root.appendingPathComponent("nginx"))
        defer { proxy.stop() }

        let clerks = ["甲局": ["a0", "a1", "a2"], "乙局": ["b0", "b1", "b2"]]
        let samples = ["甲局": "report-001.txt", "乙局": "report-002.txt"]
        for (unit, workspaces) in clerks {
            for workspace in workspaces { try cluster.clerk(workspace, of: unit, url: proxy.url) }
            let sample = BinaryRunner.samples.appendingPathComponent(samples[unit] ?? "").path
            let imported = try cluster.huibao(
                ["import", sample, "--period", "2023H1", "--kind", "党风廉政"], workspaces[0])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let everyone = ["a0", "a1", "a2", "b0", "b1", "b2"]
        for workspace in everyone {
            let synced = try cluster.huibao(["sync"], workspace)
            #expect(synced.status == 0, "\(workspace): \(synced.stderr)")
        }

        for wave in 0..<6 {
            for (index, workspace) in everyone.enumerated() {
                // Each clerk writes its own paragraph: many small concurrent text edits.
                let note = cluster.root.appendingPathComponent("note-\(workspace).txt")
                var text = try cluster.text(Self.report, workspace)
                text += "\n\(workspace)第\(wave)轮补充说明，编号\(wave * 10 + index)。"
                try text.write(to: note, atomically: true, encoding: .utf8)
                let applied = try cluster.huibao(["apply", Self.report, note.path], workspace)
                #expect(applied.status == 0, "\(workspace): \(applied.stderr)")
            }
            if wave == 3 {
                // One server dies in the middle of this wave's syncs and comes back.
                let victim = servers[1]
                let killer = Thread {
                    usleep(150_000)
                    kill(victim.0.processIdentifier, SIGKILL)
                }
                killer.start()
                for (result, _) in try cluster.concurrently(["sync"], in: everyone) {
                    #expect(result.status == 0, "\(result.stderr)")
                }
                victim.0.waitUntilExit()
                servers[1] = try cluster.launchServer(port: victim.1)
            } else {
                for (result, _) in try cluster.concurrently(["sync"], in: everyone) {
                    #expect(result.status == 0, "\(result.stderr)")
                }
            }
        }

        // Everyone converges, and nothing was lost or doubled: each clerk's every paragraph is
        // in the merged text exactly once.
        for _ in 0..<2 {
            for workspace in everyone {
                let synced = try cluster.huibao(["sync"], workspace)
                #expect(synced.status == 0, "\(workspace): \(synced.stderr)")
            }
        }
        for (_, workspaces) in clerks {
            let merged = try cluster.text(Self.report, workspaces[0])
            for workspace in workspaces {
                #expect(try cluster.text(Self.report, workspace) == merged, "\(workspace) differs")
                for wave in 0..<6 {
                    let line = "\(workspace)第\(wave)轮补充说明"
                    #expect(merged.components(separatedBy: line).count == 2, "\(line) lost or doubled")
                }
            }
        }
        // HQ, through the balancer and then each server directly, sees the same.
        try cluster.clerk("hq", of: "HQ", url: proxy.url)
        #expect(try cluster.huibao(["sync"], "hq").status == 0)
        let hqList = try cluster.list("hq")
        #expect(hqList.contains("甲局") && hqList.contains("乙局"), "\(hqList)")
        for format in ["md", "json"] {
            let answers = try servers.map { try Self.consolidation(cluster, port: $0.1, format: format) }
            #expect(answers[0].contains("甲局") && answers[0].contains("乙局"))
            #expect(Set(answers).count == 1, "the servers disagree on the \(format) consolidation")
        }
    }
}
