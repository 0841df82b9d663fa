import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `huibao sync` over https: a TLS front (socat with a self-signed certificate made by openssl)
/// before the real `huibao-server` on loopback.
@Suite("huibao sync over https (binaries, loopback, socat TLS front)", .serialized)
struct TLSSyncTests {
    /// Runs a tool from PATH and fails the test with its output if it fails.
    static func tool(_ name: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SyncScenarioTests.BinaryRunnerError("\(name) failed (scripts/bootstrap.sh installs it): \(text)")
        }
    }

    @Test("a CA file given at login makes https sync work; without it the certificate is refused at once")
    func httpsSync() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let certificate = root.appendingPathComponent("cert.pem").path
        let key = root.appendingPathComponent("key.pem").path
        try Self.tool(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ])
        let token = try SyncScenarioTests.runServer(["unit", "add", "某局", "--data", data])
        let (server, port) = try SyncScenarioTests.start(data: data)
        defer { server.terminate() }
        // The TLS front on a free port; a port found free may be taken before socat binds it
        // (other tests start servers at the same time): then another.
        var front: Process?
        var tlsPort = 0
        for _ in 0..<5 where front == nil {
            let candidate = Int.random(in: 20_000..<60_000)
            if SyncScenarioTests.canConnect(candidate) { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "socat",
                "OPENSSL-LISTEN:\(candidate),bind=127.0.0.1,reuseaddr,fork,cert=\(certificate),key=\(key),verify=0",
                "TCP:127.0.0.1:\(port)",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 where process.isRunning && !SyncScenarioTests.canConnect(candidate) { usleep(50_000) }
            if process.isRunning && SyncScenarioTests.canConnect(candidate) {
                front = process
                tlsPort = candidate
            } else {
                kill(process.processIdentifier, SIGKILL)
            }
        }
        // socat in fork mode ignores SIGTERM while it serves: stop it for good.
        defer { front.map { kill($0.processIdentifier, SIGKILL) } }
        try #require(front != nil, "socat did not listen on any of 5 ports")

        let url = "https://127.0.0.1:\(tlsPort)"
        func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
            try BinaryRunner.run(arguments + ["--workspace", root.appendingPathComponent(workspace).path])
        }
        let sample = BinaryRunner.samples.appendingPathComponent("report-002.txt").path
        for workspace in ["w1", "w2"] {
            #expect(try huibao(["init", "--unit", "某局"], workspace).status == 0)
        }
        #expect(try huibao(["import", sample, "--period", "2023", "--kind", "工作总结"], "w1").status == 0)

        // The self-signed certificate is not in the system's store: login checks the token with
        // the server and is refused at once (not retried), naming --ca-file.
        let started = Date()
        let refused = try huibao(["login", "--server", url, "--token", token], "w1")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("TLS with") && refused.stderr.contains("--ca-file"), "\(refused.stderr)")
        #expect(Date().timeIntervalSince(started) < 5, "a certificate failure must not be retried with backoff")

        // A missing CA file is a usage error naming the file.
        let missing = try huibao(["login", "--server", url, "--token", token, "--ca-file", "/nonexistent.pem"], "w1")
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent.pem"))

        for workspace in ["w1", "w2"] {
            #expect(
                try huibao(["login", "--server", url, "--token", token, "--ca-file", certificate], workspace).status
                    == 0)
        }
        let sent = try huibao(["sync"], "w1")
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent 2"), "\(sent.stdout)")
        let received = try huibao(["sync"], "w2")
        #expect(received.stdout.contains("received 2"), "\(received.stdout) \(received.stderr)")
        let one = try huibao(["export", "2023/工作总结", "--format", "txt"], "w1").stdout
        let two = try huibao(["export", "2023/工作总结", "--format", "txt"], "w2").stdout
        #expect(!one.isEmpty && one == two)
    }
}
