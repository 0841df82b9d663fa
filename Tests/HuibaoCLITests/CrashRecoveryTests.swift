import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore
import HuibaoTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 of the client and of the server in the middle of a long sync, and a server whose
/// disk fills up: nothing lost or doubled, acknowledged work not redone, clear errors.
@Suite("Crashes and a full disk (binaries, loopback)", .serialized)
struct CrashRecoveryTests {
    static let report = "2023H1/党风廉政"

    /// A clerk's workspace holding the sample plus `edits` single-character changes.
    static func longHistory(_ cluster: SyncCluster, _ workspace: String, edits: Int) throws {
        try cluster.clerk(workspace, of: "某局")
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try cluster.huibao(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], workspace).status == 0)
        let store = try Workspace(opening: cluster.path(workspace))
        let id = try store.resolve(report).id
        var document = try store.load(id).document
        var batch: [Change] = []
        for k in 0..<edits {
            try document.insert(k % 7 == 0 ? "。" : "字", at: (k * 7919) % (document.textLength + 1))
            if let change = document.commit(wallTime: Workspace.now()) { batch.append(change) }
            if batch.count == 2_000 || k == edits - 1 {
                try store.append(batch, to: id)
                batch.removeAll()
            }
        }
    }

    /// How many of a report's changes the server acknowledged, read from the workspace.
    static func acknowledged(_ cluster: SyncCluster, _ workspace: String) throws -> Int {
        let store = try Workspace(opening: cluster.path(workspace))
        let id = try store.resolve(report).id
        return try store.resolve(id).changeCount - store.unacknowledgedCount(of: id)
    }

    /// Starts `huibao sync` in small rounds and kills it once at least `target` changes are
    /// acknowledged (a random moment inside a round, since the rounds' pace is not the poll's),
    /// or after 60 seconds.
    static func killedSync(_ cluster: SyncCluster, _ workspace: String, at target: Int) throws {
        let process = Process()
        process.executableURL = BinaryRunner.huibao
        process.arguments = ["sync", "--round-bytes", "20000", "--workspace", cluster.path(workspace)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, try acknowledged(cluster, workspace) < target {
            usleep(UInt32.random(in: 5_000...40_000))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test("kill -9 of the client during a 20,000-change upload: progress survives, nothing is sent twice or lost")
    func clientKilledDuringUpload() throws {
        let cluster = try SyncCluster(units: ["某局"])
        try cluster.start()
        try Self.longHistory(cluster, "c0", edits: 20_000)
        var generator = SeededGenerator(seed: UInt64.random(in: 1...1_000_000))
        var progress = try Self.acknowledged(cluster, "c0")
        let total = try Workspace(opening: cluster.path("c0")).resolve(Self.report).changeCount
        for kill in 1...6 where progress < total {
            let target = progress + Int.random(in: 1...max(1, (total - progress) / (8 - kill)), using: &generator)
            try Self.killedSync(cluster, "c0", at: target)
            let now = try Self.acknowledged(cluster, "c0")
            #expect(now >= progress, "acknowledged work was forgotten")
            progress = now
        }
        #expect(progress > 0, "no round finished before the kills")
        #expect(progress < total, "the sync finished before the last kill")
        try Workspace(opening: cluster.path("c0")).verify()
        let final = try cluster.huibao(["sync"], "c0")
        #expect(final.status == 0, "\(final.stderr)")
        // Only what was not acknowledged goes again.
        #expect(final.stdout.contains("sent \(total - progress),"), "\(final.stdout); acknowledged before: \(progress)")
        try cluster.clerk("fresh", of: "某局")
        #expect(try cluster.huibao(["sync"], "fresh").status == 0)
        #expect(try cluster.list("fresh") == cluster.list("c0"))
        #expect(try cluster.text(Self.report, "fresh") == cluster.text(Self.report, "c0"))
    }

    @Test("kill -9 of the server during ingest: after a restart everything arrives exactly once")
    func serverKilledDuringIngest() throws {
        let cluster = try SyncCluster(units: ["某局"])
        try cluster.start()
        try Self.longHistory(cluster, "c0", edits: 20_000)
        let total = try Workspace(opening: cluster.path("c0")).resolve(Self.report).changeCount
        var generator = SeededGenerator(seed: UInt64.random(in: 1...1_000_000))
        do {
            // Kill the server once the upload is under way; the same sync retries until it is back.
            let process = Process()
            process.executableURL = BinaryRunner.huibao
            process.arguments = ["sync", "--round-bytes", "20000", "--workspace", cluster.path("c0")]
            process.environment = ProcessInfo.processInfo.environment.merging(["HUIBAO_LANG": "zh"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            process.standardError = err
            try process.run()
            let start = try Self.acknowledged(cluster, "c0")
            let target = start + Int.random(in: 1...max(1, (total - start) / 2), using: &generator)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline, try Self.acknowledged(cluster, "c0") < target {
                usleep(UInt32.random(in: 5_000...40_000, using: &generator))
            }
            cluster.stop(kill: true)
            try cluster.start()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(message)")
            #expect(message.contains("重试"), "the sync did not notice the server's death: \(message)")
        }
        let final = try cluster.huibao(["sync"], "c0")
        #expect(final.status == 0, "\(final.stderr)")
        try cluster.clerk("fresh", of: "某局")
        #expect(try cluster.huibao(["sync"], "fresh").status == 0)
        #expect(try cluster.list("fresh") == cluster.list("c0"))
        #expect(try cluster.text(Self.report, "fresh") == cluster.text(Self.report, "c0"))
    }

    @Test(
        "a full disk on the server: the client is told, the server logs it, and the sync goes through once space returns"
    )
    func serverDiskFull() throws {
        let cluster = try SyncCluster(units: ["某局"])
        // The server's data on a small tmpfs (this suite runs as root, as CI does).
        let disk = cluster.root.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "mounting a tmpfs needs root")
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [disk]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        let data = disk + "/server"
        try FileManager.default.copyItem(atPath: cluster.data, toPath: data)
        let onTmpfs = SyncCluster(reusing: cluster, data: data)
        try onTmpfs.start()
        try onTmpfs.clerk("c0", of: "某局")
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try onTmpfs.huibao(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], "c0").status == 0)
        #expect(try onTmpfs.huibao(["sync"], "c0").status == 0)
        // Fill the disk, then send a large report.
        let filler = disk + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        let block = Data(repeating: 0, count: 64 << 10)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()
        let big = cluster.root.appendingPathComponent("big.txt")
        let text = try String(contentsOfFile: sample, encoding: .utf8)
        try Data(String(repeating: text, count: 60).utf8).write(to: big)
        #expect(try onTmpfs.huibao(["import", big.path, "--period", "2023", "--kind", "工作总结"], "c0").status == 0)
        let refused = try onTmpfs.huibao(["sync"], "c0")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("full"), "\(refused.stderr)")
        let log = try String(contentsOf: onTmpfs.serverLog, encoding: .utf8)
        #expect(log.contains("500") && log.contains("full"), "\(log)")
        // Space returns: the same sync goes through, and nothing of the failed one is left half stored.
        try FileManager.default.removeItem(atPath: filler)
        let retried = try onTmpfs.huibao(["sync"], "c0")
        #expect(retried.status == 0, "\(retried.stderr)")
        try onTmpfs.clerk("fresh", of: "某局")
        #expect(try onTmpfs.huibao(["sync"], "fresh").status == 0)
        #expect(try onTmpfs.list("fresh") == onTmpfs.list("c0"))
        onTmpfs.stop()
    }
}
