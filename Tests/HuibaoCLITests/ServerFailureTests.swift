import Foundation
import HuibaoStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The server under failure: killed during syncs, and sent requests cut off mid-body.
@Suite("huibao-server failures (binaries, loopback)", .serialized)
struct ServerFailureTests {
    func huibao(_ arguments: [String], _ workspace: URL) throws -> BinaryRunner.Result {
        try BinaryRunner.run(arguments + ["--workspace", workspace.path])
    }

    @Test("a missing token, a wrong path and https against a plain-http server each get a message saying what to do")
    func wrongAddresses() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let token = try SyncScenarioTests.runServer(["unit", "add", "某局", "--data", data])
        let (server, port) = try SyncScenarioTests.start(data: data)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let workspace = root.appendingPathComponent("w")
        let base = "http://127.0.0.1:\(port)"
        #expect(try huibao(["init", "--unit", "某局", "--server", base], workspace).status == 0)
        let noToken = try huibao(["sync"], workspace)
        #expect(noToken.status != 0 && noToken.stderr.contains("has no token yet"), "\(noToken.stderr)")
        // A wrong path is refused at login (nothing saved), and a sync to it names the URL.
        let wrongLogin = try huibao(["login", "--server", base + "/wrong", "--token", token], workspace)
        #expect(wrongLogin.status != 0 && wrongLogin.stderr.contains("nothing answers at \(base)/wrong/v1/whoami"))
        #expect(wrongLogin.stderr.contains("nothing was changed"), "\(wrongLogin.stderr)")
        let wrongPath = try huibao(
            ["init", "--unit", "某局", "--server", base + "/wrong"], root.appendingPathComponent("v"))
        #expect(wrongPath.status == 0)
        let noAnswer = try huibao(["sync"], root.appendingPathComponent("v"))
        #expect(noAnswer.status != 0 && noAnswer.stderr.contains("has no token yet"), "\(noAnswer.stderr)")
        let tls = try huibao(["login", "--server", "https://127.0.0.1:\(port)", "--token", token], workspace)
        #expect(tls.status != 0 && tls.stderr.contains("log in with http://"), "\(tls.stderr)")
    }

    @Test("a server killed (SIGKILL) during syncs loses no acknowledged change and the client's retry completes")
    func killedDuringSync() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let token = try SyncScenarioTests.runServer(["unit", "add", "某局", "--data", data])
        var (server, port) = try SyncScenarioTests.start(data: data)
        let writer = root.appendingPathComponent("writer")
        #expect(try huibao(["init", "--unit", "某局"], writer).status == 0)
        #expect(try huibao(["login", "--server", "http://127.0.0.1:\(port)", "--token", token], writer).status == 0)
        for (index, name) in ["report-000.txt", "report-001.txt", "report-002.txt"].enumerated() {
            let sample = BinaryRunner.samples.appendingPathComponent(name).path
            #expect(try huibao(["import", sample, "--period", "202\(index)", "--kind", "k"], writer).status == 0)
        }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<4 {
            // Edits, then a sync racing a SIGKILL of the server.
            #expect(try huibao(["metric", "2021/k", "开展集体廉政约谈", String(10 + round)], writer).status == 0)
            let sync = Process()
            sync.executableURL = BinaryRunner.huibao
            sync.arguments = ["sync", "--workspace", writer.path]
            sync.standardOutput = Pipe()
            sync.standardError = Pipe()
            try sync.run()
            usleep(UInt32.random(in: 0..<40_000, using: &generator))
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            sync.waitUntilExit()
            // Restart on the same port; the client's next sync completes.
            (server, port) = try SyncScenarioTests.start(data: data, port: port)
            let retry = try huibao(["sync"], writer)
            #expect(retry.status == 0, "\(retry.stderr)")
        }
        defer { server.terminate() }
        // A fresh replica receives exactly what the writer has.
        let reader = root.appendingPathComponent("reader")
        #expect(try huibao(["init", "--unit", "某局"], reader).status == 0)
        #expect(try huibao(["login", "--server", "http://127.0.0.1:\(port)", "--token", token], reader).status == 0)
        #expect(try huibao(["sync"], reader).status == 0)
        for period in ["2020", "2021", "2022"] {
            let expected = try huibao(["export", "\(period)/k"], writer).stdout
            #expect(try huibao(["export", "\(period)/k"], reader).stdout == expected)
        }
        try Workspace(opening: writer.path).verify()
    }

    @Test("a request cut off mid-body is refused cleanly and stores nothing")
    func cutOffRequest() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let token = try SyncScenarioTests.runServer(["unit", "add", "某局", "--data", data])
        let (server, port) = try SyncScenarioTests.start(data: data)
        defer { server.terminate() }
        // Headers promise 100,000 bytes; 200 arrive, then the connection closes.
        let descriptor = SyncScenarioTests.connect(port)
        #expect(descriptor >= 0)
        let head =
            "POST /v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 100000\r\n\r\n"
        let bytes = Array(head.utf8) + Array("HBSQ".utf8) + [UInt8](repeating: 7, count: 196)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        close(descriptor)
        usleep(200_000)
        // The server still works, and holds nothing.
        let workspace = root.appendingPathComponent("w")
        #expect(try huibao(["init", "--unit", "某局"], workspace).status == 0)
        #expect(try huibao(["login", "--server", "http://127.0.0.1:\(port)", "--token", token], workspace).status == 0)
        let sync = try huibao(["sync"], workspace)
        #expect(sync.status == 0)
        #expect(sync.stdout.contains("received 0"))
    }
}
