import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import HuibaoStore

/// Many `huibao sync` processes at once against one real `huibao-server`: clerks of several
/// units each set a number, then all sync together, in waves. Times each process and checks
/// that every clerk of a unit ends with the same report.
struct ConcurrentSyncBenchmark {
    var clients: Int
    var report: String
    var waves: Int

    func run() async throws -> BenchmarkResult {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-concurrent-\(UUID().uuidString)"
        ).path
        let data = (root as NSString).appendingPathComponent("server")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let service = SyncService(
            storage: try SQLiteStorage(path: (data as NSString).appendingPathComponent("server.sqlite")))
        _ = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let perUnit = 5
        let units = max(1, clients / perUnit)
        var workspaces: [(path: String, unit: Int)] = []
        var tokens: [String] = []
        for unit in 0..<units {
            tokens.append(try await service.registry.addUnit(name: "单位\(unit)", parent: "HQ", isHQ: false).1)
        }
        let server = try ServerProcess(arguments: ["--data", data])
        for index in 0..<clients {
            let unit = index % units
            let path = (root as NSString).appendingPathComponent("clerk\(index)")
            _ = try Workspace.create(at: path, unit: "单位\(unit)", server: nil)
            try HuibaoBinary.run(["login", "--server", server.base, "--token", tokens[unit]], path)
            if index < units {
                try HuibaoBinary.run(["import", report, "--period", "2023H1", "--kind", "党风廉政"], path)
            }
            workspaces.append((path, unit))
        }
        for workspace in workspaces { try HuibaoBinary.run(["sync"], workspace.path) }
        // Metric ids differ by unit (the first version is each unit's own).
        let metricIDs = try (0..<units).map { unit in
            try HuibaoBinary.run(["metric", "2023H1/党风廉政"], workspaces[unit].path).split(separator: "\n")
                .compactMap { $0.split(separator: " ").first.map(String.init) }
        }
        var times: [Double] = []
        var failures = 0
        for wave in 0..<waves {
            for (index, workspace) in workspaces.enumerated() {
                let ids = metricIDs[workspace.unit]
                let id = ids[(index / units) % ids.count]
                try HuibaoBinary.run(["metric", "2023H1/党风廉政", id, String(wave * 100 + index)], workspace.path)
            }
            let started = Date()
            let processes = try workspaces.map { workspace -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                    .appendingPathComponent("huibao")
                process.arguments = ["sync", "--workspace", workspace.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            // Each process's time: from the common start until it exits (polled every ms).
            var pending = Set(processes.indices)
            while !pending.isEmpty {
                for index in pending where !processes[index].isRunning {
                    times.append(Date().timeIntervalSince(started) * 1000)
                    if processes[index].terminationStatus != 0 { failures += 1 }
                    pending.remove(index)
                }
                usleep(1_000)
            }
        }
        for _ in 0..<2 { for workspace in workspaces { try HuibaoBinary.run(["sync"], workspace.path) } }
        var converged = true
        for unit in 0..<units {
            let texts = try workspaces.filter { $0.unit == unit }.map {
                try HuibaoBinary.run(["export", "2023H1/党风廉政", "--format", "txt"], $0.path)
            }
            converged = converged && Set(texts).count == 1
        }
        withExtendedLifetime(server) {}
        let sorted = times.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return BenchmarkResult(fields: [
            ("clients", clients), ("units", units), ("waves", waves), ("syncs", times.count),
            ("failed", failures), ("p50_ms", percentile(0.5)), ("p99_ms", percentile(0.99)),
            ("max_ms", sorted.last ?? 0), ("converged", converged), ("ok", converged && failures == 0),
        ])
    }
}
