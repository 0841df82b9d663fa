import Foundation
import HuibaoStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `huibao-server` on loopback and the real `huibao` CLI.
@Suite("huibao sync with huibao-server (binaries, loopback)", .serialized)
struct SyncScenarioTests {
    static var server: URL { BinaryRunner.productsDirectory.appendingPathComponent("huibao-server") }

    static func runServer(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = server
        process.arguments = arguments
        // In English whatever the machine's locale (the server speaks Chinese by default).
        process.environment = ProcessInfo.processInfo.environment.merging(["HUIBAO_LANG": "en"]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts `huibao-server serve` on a free loopback port (another one if the first is taken)
    /// and waits until it answers.
    static func start(data: String, port fixed: Int? = nil) throws -> (Process, Int) {
        try start(storage: ["--data", data], port: fixed)
    }

    /// Starts `huibao-server serve` with `storage` arguments (`--data DIR`, `--database URL`).
    static func start(storage: [String], port fixed: Int? = nil) throws -> (Process, Int) {
        for _ in 0..<(fixed == nil ? 5 : 1) {
            let port = fixed ?? Int.random(in: 20_000..<60_000)
            if fixed == nil && canConnect(port) { continue }
            let process = Process()
            process.executableURL = server
            process.arguments = ["serve", "--port", String(port)] + storage
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<150 where process.isRunning {
                if canConnect(port) { return (process, port) }
                usleep(100_000)
            }
            process.terminate()
            process.waitUntilExit()
        }
        throw BinaryRunnerError("huibao-server did not start")
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func canConnect(_ port: Int) -> Bool {
        let descriptor = connect(port)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    /// A TCP connection to 127.0.0.1:`port`, or -1.
    static func connect(_ port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if !connected { close(descriptor) }
        return connected ? descriptor : -1
    }

    struct BinaryRunnerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test(
        "two replicas of a unit and HQ end identical; another unit's token cannot read; a dead server is a clear error")
    func scenario() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let tokenHQ = try Self.runServer(["unit", "add", "HQ", "--hq", "--data", data])
        let tokenA = try Self.runServer(["unit", "add", "某局", "--parent", "HQ", "--data", data])
        let tokenB = try Self.runServer(["unit", "add", "另局", "--parent", "HQ", "--data", data])
        #expect(tokenA.count == 64 && tokenB != tokenA)
        let (server, port) = try Self.start(data: data)
        defer { server.terminate() }
        let url = "http://127.0.0.1:\(port)"
        func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
            try BinaryRunner.run(arguments + ["--workspace", root.appendingPathComponent(workspace).path])
        }
        for (workspace, unit, token) in [("a1", "某局", tokenA), ("a2", "某局", tokenA), ("b", "另局", tokenB)] {
            #expect(try huibao(["init", "--unit", unit], workspace).status == 0)
            #expect(try huibao(["login", "--server", url, "--token", token], workspace).status == 0)
        }
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try huibao(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], "a1").status == 0)
        #expect(try huibao(["sync"], "a1").status == 0)
        let pulled = try huibao(["sync"], "a2")
        #expect(pulled.stdout.contains("received 2"), "\(pulled.stdout) \(pulled.stderr)")
        #expect(try huibao(["metric", "2023H1/党风廉政", "开展集体廉政约谈", "4"], "a1").status == 0)
        #expect(try huibao(["metric", "2023H1/党风廉政", "开展集体廉政约谈", "5"], "a2").status == 0)
        for workspace in ["a1", "a2", "a1", "a1"] { #expect(try huibao(["sync"], workspace).status == 0) }
        let one = try huibao(["export", "2023H1/党风廉政", "--format", "txt"], "a1").stdout
        let two = try huibao(["export", "2023H1/党风廉政", "--format", "txt"], "a2").stdout
        #expect(one == two)
        #expect(one.contains("约谈{4|5}次") || one.contains("约谈{5|4}次"))
        // Another unit sees none of it.
        let other = try huibao(["sync"], "b")
        #expect(other.status == 0)
        #expect(try huibao(["list"], "b").stdout.contains("no reports"))
        // HQ pulls its subtree.
        #expect(try huibao(["init", "--unit", "HQ"], "hq").status == 0)
        #expect(try huibao(["login", "--server", url, "--token", tokenHQ], "hq").status == 0)
        #expect(try huibao(["sync"], "hq").status == 0)
        #expect(try huibao(["export", "2023H1/党风廉政", "--format", "txt"], "hq").stdout == one)
        // A unit without network: bundle to the server's administrator and back.
        #expect(try huibao(["metric", "2023H1/党风廉政", "开展集体廉政约谈", "6"], "a1").status == 0)
        let bundle = root.appendingPathComponent("a1.bundle").path
        let answer = root.appendingPathComponent("a1.answer").path
        #expect(try huibao(["bundle", "export", "-o", bundle], "a1").status == 0)
        let imported = try Self.runServer(["bundle", "import", bundle, "--unit", "某局", "-o", answer, "--data", data])
        #expect(imported.contains("1 acknowledged"), "\(imported)")
        let applied = try huibao(["bundle", "import", answer], "a1")
        #expect(applied.stdout.contains("acknowledged 1"), "\(applied.stdout) \(applied.stderr)")
        #expect(try huibao(["sync"], "a2").stdout.contains("received 1"))
        #expect(try huibao(["export", "2023H1/党风廉政", "--format", "txt"], "a2").stdout.contains("约谈6次"))
        // A wrong token (refused at login, nothing changed) and a dead server are one-line errors.
        let refused = try huibao(["login", "--server", url, "--token", "wrong"], "b")
        #expect(refused.status != 0 && refused.stderr.contains("refused the token"), "\(refused.stderr)")
        #expect(try huibao(["sync"], "b").status == 0)
        server.terminate()
        server.waitUntilExit()
        let unreachable = try huibao(["sync"], "a1")
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("cannot reach"), "\(unreachable.stderr)")
    }
}
