import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real `huibao-server` on loopback with units and clerks' workspaces, for tests that run the
/// binaries as users do: one directory holds the server's data and every workspace.
final class SyncCluster {
    let root: URL
    let data: String
    /// A PostgreSQL database URL the servers use instead of the SQLite file in `data`.
    let database: String?
    private(set) var server: Process?
    private(set) var port = 0
    /// Each unit's token.
    private(set) var tokens: [String: String] = [:]
    /// The server's log (stderr).
    var serverLog: URL { root.appendingPathComponent("server.log") }

    /// The address clients log in to (may be a proxy's).
    var url: String { "http://127.0.0.1:\(port)" }

    /// Creates the directory and registers `HQ` and the units below it, in the SQLite file of
    /// the data directory or in the PostgreSQL `database`.
    init(units: [String], database: String? = nil) throws {
        root = try BinaryRunner.temporaryDirectory()
        data = root.appendingPathComponent("server").path
        self.database = database
        let storage = database.map { ["--database", $0] } ?? ["--data", data]
        tokens["HQ"] = try SyncScenarioTests.runServer(["unit", "add", "HQ", "--hq"] + storage)
        for unit in units {
            tokens[unit] = try SyncScenarioTests.runServer(["unit", "add", unit, "--parent", "HQ"] + storage)
        }
    }

    /// The same units, tokens and directory as `other`, with the server's data at `data` (a
    /// copy of `other`'s, made by the caller).
    init(reusing other: SyncCluster, data: String) {
        root = other.root
        self.data = data
        database = other.database
        tokens = other.tokens
    }

    deinit {
        server?.terminate()
    }

    /// Starts the server (on the same port as before, if it ran already; else on a random free
    /// port, trying another if the first is taken).
    func start() throws {
        (server, port) = try launchServer(port: port == 0 ? nil : port)
    }

    /// Starts one more `huibao-server serve` process on this cluster's storage, on `port` or a
    /// random free one; returns it with its port once it accepts connections.
    func launchServer(port fixed: Int? = nil) throws -> (Process, Int) {
        for _ in 0..<(fixed == nil ? 5 : 1) {
            let port = fixed ?? Int.random(in: 20_000..<60_000)
            if fixed == nil && SyncScenarioTests.canConnect(port) { continue }
            let process = Process()
            process.executableURL = SyncScenarioTests.server
            process.arguments =
                ["serve", "--port", String(port)] + (database.map { ["--database", $0] } ?? ["--data", data])
            process.standardOutput = FileHandle.nullDevice
            if !FileManager.default.fileExists(atPath: serverLog.path) {
                FileManager.default.createFile(atPath: serverLog.path, contents: nil)
            }
            let log = try FileHandle(forWritingTo: serverLog)
            log.seekToEndOfFile()
            process.standardError = log
            try process.run()
            for _ in 0..<200 where process.isRunning {
                if SyncScenarioTests.canConnect(port) { return (process, port) }
                usleep(100_000)
            }
            process.terminate()
            process.waitUntilExit()
        }
        throw SyncScenarioTests.BinaryRunnerError("huibao-server did not start (see \(serverLog.path))")
    }

    /// Stops the server: SIGKILL when `kill`, else SIGTERM.
    func stop(kill: Bool = false) {
        guard let server else { return }
        if kill { Glibc.kill(server.processIdentifier, SIGKILL) } else { server.terminate() }
        server.waitUntilExit()
        self.server = nil
    }

    /// The path of a workspace.
    func path(_ workspace: String) -> String { root.appendingPathComponent(workspace).path }

    /// Runs `huibao` in a workspace.
    @discardableResult
    func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
        try BinaryRunner.run(arguments + ["--workspace", path(workspace)])
    }

    /// Creates a clerk's workspace of `unit` logged in to `url` (default: the server).
    func clerk(_ workspace: String, of unit: String, url: String? = nil) throws {
        let created = try huibao(["init", "--unit", unit], workspace)
        guard created.status == 0 else { throw SyncScenarioTests.BinaryRunnerError(created.stderr) }
        let login = try huibao(["login", "--server", url ?? self.url, "--token", tokens[unit] ?? ""], workspace)
        guard login.status == 0 else { throw SyncScenarioTests.BinaryRunnerError(login.stderr) }
    }

    /// One `huibao` process per workspace at once; their results in order and how long each took.
    func concurrently(_ arguments: [String], in workspaces: [String]) throws -> [(BinaryRunner.Result, Double)] {
        var running: [(Process, URL, URL, Date)] = []
        for (index, workspace) in workspaces.enumerated() {
            let out = root.appendingPathComponent("out-\(index)")
            let err = root.appendingPathComponent("err-\(index)")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = Process()
            process.executableURL = BinaryRunner.huibao
            process.arguments = arguments + ["--workspace", path(workspace)]
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
            running.append((process, out, err, Date()))
        }
        return try running.map { process, out, err, started in
            process.waitUntilExit()
            let elapsed = Date().timeIntervalSince(started)
            return (
                BinaryRunner.Result(
                    status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                    stderr: try String(contentsOf: err, encoding: .utf8)),
                elapsed
            )
        }
    }

    /// What a workspace holds of a report, as text (the same in every converged workspace).
    func text(_ report: String, _ workspace: String) throws -> String {
        try huibao(["export", report, "--format", "txt"], workspace).stdout
    }

    /// The reports of a workspace with their change counts.
    func list(_ workspace: String) throws -> String {
        try huibao(["list"], workspace).stdout
    }
}
