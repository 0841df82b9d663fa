import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// nginx (Debian's package) on loopback as a round-robin load balancer in front of several
/// `huibao-server` processes, with the configuration `huibao-server nginx-config` prints.
final class NginxProxy {
    let directory: URL
    private(set) var port = 0
    private var process: Process?

    /// The nginx binary; the tests need Debian's `nginx-light` (or `nginx`) package.
    static let binary = "/usr/sbin/nginx"

    /// Starts nginx on a free loopback port, forwarding to `upstreams` (ports on 127.0.0.1).
    init(upstreams: [Int], in directory: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: NginxProxy.binary) else {
            throw SyncScenarioTests.BinaryRunnerError(
                "\(NginxProxy.binary) is missing: install Debian's nginx-light (scripts/bootstrap.sh does)")
        }
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var log = ""
        // A port found free may be taken before nginx binds it (other tests start servers too):
        // then try another.
        for _ in 0..<5 {
            let candidate = Int.random(in: 20_000..<60_000)
            if SyncScenarioTests.canConnect(candidate) { continue }
            if let process = try NginxProxy.launch(port: candidate, upstreams: upstreams, in: directory) {
                self.process = process
                port = candidate
                return
            }
            log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        }
        throw SyncScenarioTests.BinaryRunnerError("nginx did not start: \(log)")
    }

    /// Runs nginx on `port` with the configuration users get from `huibao-server nginx-config`;
    /// the process once it accepts connections, `nil` if it did not start.
    private static func launch(port: Int, upstreams: [Int], in directory: URL) throws -> Process? {
        let configuration = try SyncScenarioTests.runServer(
            ["nginx-config", "--listen", "127.0.0.1:\(port)", "--run-dir", directory.path]
                + upstreams.flatMap { ["--upstream", "127.0.0.1:\($0)"] })
        let path = directory.path
        let file = directory.appendingPathComponent("nginx.conf")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NginxProxy.binary)
        process.arguments = ["-c", file.path, "-p", path, "-e", "\(path)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where process.isRunning {
            if SyncScenarioTests.canConnect(port) { return process }
            usleep(50_000)
        }
        process.terminate()
        process.waitUntilExit()
        return nil
    }

    /// The address clients use.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops nginx (fast shutdown).
    func stop() {
        guard let process else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    deinit { stop() }
}
