import Foundation
import HuibaoPostgres
import HuibaoServerCore
import HuibaoSync

#if canImport(Glibc)
    import Glibc
#endif

/// Where a benchmark's server keeps its data: a new SQLite directory, or a new database in the
/// PostgreSQL server of `--database URL` (made for the run, left behind for inspection).
struct BenchmarkStorage {
    /// The `huibao-server` arguments that select it.
    let serverArguments: [String]
    /// The storage, opened in this process.
    let storage: any ServerStorage
    /// The SQLite directory, removed by ``cleanUp()``.
    private let directory: String?

    /// Creates empty storage; `database` is a PostgreSQL URL whose user may create databases.
    static func make(database: String?, name: String) async throws -> BenchmarkStorage {
        if let database {
            let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            let url = try await PostgresStorage.createDatabase(named: "huibao_\(name)_\(suffix)", url: database)
            return BenchmarkStorage(
                serverArguments: ["--database", url], storage: try await PostgresStorage.open(url: url), directory: nil)
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-\(name)-bench-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        return BenchmarkStorage(
            serverArguments: ["--data", data],
            storage: try SQLiteStorage(path: (data as NSString).appendingPathComponent("server.sqlite")),
            directory: data)
    }

    /// Which backend, for the result line.
    var backend: String { directory == nil ? "postgres" : "sqlite" }

    /// Removes the SQLite directory.
    func cleanUp() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

/// `huibao-server serve` processes (the binary next to this one) on random loopback ports and,
/// for more than one, nginx in front of them with `huibao-server nginx-config`.
final class ServerProcess {
    private var processes: [Process] = []
    private var nginxDirectory: String?
    /// `http://127.0.0.1:PORT`: the only server, or nginx.
    let base: String

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "huibao-server")
    }

    /// Starts `count` servers on the storage selected by `arguments` and waits until they answer.
    init(arguments: [String], count: Int = 1) throws {
        var ports: [Int] = []
        for _ in 0..<count {
            let port = Int.random(in: 20_000..<60_000)
            let process = Process()
            process.executableURL = ServerProcess.binary
            process.arguments = ["serve", "--port", String(port)] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            try ServerProcess.waitForHealth("http://127.0.0.1:\(port)")
            ports.append(port)
        }
        guard count > 1 else {
            base = "http://127.0.0.1:\(ports[0])"
            return
        }
        let listen = Int.random(in: 20_000..<60_000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-nginx-\(UUID().uuidString)"
        )
        .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        nginxDirectory = directory
        let configuration = Process()
        configuration.executableURL = ServerProcess.binary
        configuration.arguments =
            ["nginx-config", "--listen", "127.0.0.1:\(listen)", "--run-dir", directory]
            + ports.flatMap { ["--upstream", "127.0.0.1:\($0)"] }
        let file = (directory as NSString).appendingPathComponent("nginx.conf")
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        configuration.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try configuration.run()
        configuration.waitUntilExit()
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-c", file, "-p", directory, "-e", "\(directory)/error.log"]
        nginx.standardOutput = FileHandle.nullDevice
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        processes.append(nginx)
        base = "http://127.0.0.1:\(listen)"
        try ServerProcess.waitForHealth(base)
    }

    /// Waits until `/health` answers 200.
    static func waitForHealth(_ base: String) throws {
        let transport = CurlTransport()
        for _ in 0..<150 {
            if let response = try? transport.get(base + "/health", token: ""), response.status == 200 { return }
            usleep(100_000)
        }
        throw SyncBenchmark.Failure(description: "no answer from \(base)/health")
    }

    deinit {
        for process in processes.reversed() {
            process.terminate()
            process.waitUntilExit()
        }
        if let nginxDirectory { try? FileManager.default.removeItem(atPath: nginxDirectory) }
    }
}
