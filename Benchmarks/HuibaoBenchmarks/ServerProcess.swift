import Foundation
import HuibaoSync

/// A `huibao-server serve` process (the binary next to this one) on a random loopback port.
final class ServerProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`.
    let base: String

    /// Starts the server on `data` and waits until `/health` answers.
    init(data: String) throws {
        let port = Int.random(in: 20_000..<60_000)
        base = "http://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("huibao-server")
        process.arguments = ["serve", "--data", data, "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let transport = CurlTransport()
        for _ in 0..<100 {
            if let response = try? transport.get(base + "/health", token: ""), response.status == 200 { return }
            usleep(100_000)
        }
        process.terminate()
        throw SyncBenchmark.Failure(description: "huibao-server did not start on \(base)")
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}
