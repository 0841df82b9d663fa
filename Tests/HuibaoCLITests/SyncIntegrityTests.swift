import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore
import Testing

/// Nothing lost, doubled or stuck: concurrent syncs, copied workspaces, refused changes, a
/// server restored from a backup, wrong bundles. Real binaries on loopback.
@Suite("Sync integrity (binaries, loopback)", .serialized)
struct SyncIntegrityTests {
    static let report = "2023H1/党风廉政"
    static var sample: String { BinaryRunner.samples.appendingPathComponent("report-001.txt").path }

    /// A cluster where `clerks` workspaces of 某局 hold the imported sample.
    static func unitWithClerks(_ clerks: Int, units: [String] = ["某局"]) throws -> SyncCluster {
        let cluster = try SyncCluster(units: units)
        try cluster.start()
        for index in 0..<clerks { try cluster.clerk("c\(index)", of: "某局") }
        let imported = try cluster.huibao(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], "c0")
        guard imported.status == 0 else { throw SyncScenarioTests.BinaryRunnerError(imported.stderr) }
        for index in 0..<clerks {
            let synced = try cluster.huibao(["sync"], "c\(index)")
            guard synced.status == 0 else { throw SyncScenarioTests.BinaryRunnerError(synced.stderr) }
        }
        return cluster
    }

    /// Syncs every workspace in turn twice, then checks they hold the same text and log.
    static func expectConverged(_ cluster: SyncCluster, _ workspaces: [String]) throws {
        for _ in 0..<2 {
            for workspace in workspaces {
                let synced = try cluster.huibao(["sync"], workspace)
                #expect(synced.status == 0, "\(workspace): \(synced.stderr)")
            }
        }
        let first = try cluster.text(report, workspaces[0])
        let firstList = try cluster.list(workspaces[0])
        #expect(!first.isEmpty)
        for workspace in workspaces.dropFirst() {
            #expect(try cluster.text(report, workspace) == first, "\(workspace) differs")
            #expect(try cluster.list(workspace) == firstList, "\(workspace) holds another log")
        }
    }

    @Test(
        "a sync prints changes and bytes per round with -v (and once it takes over a second); a quick one stays quiet")
    func progressLines() throws {
        let cluster = try SyncCluster(units: ["某局"])
        try cluster.start()
        try cluster.clerk("c0", of: "某局")
        #expect(
            try cluster.huibao(["import", Self.sample, "--period", "2023H1", "--kind", "党风廉政"], "c0").status == 0)
        for value in 1...5 {
            #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", String(value)], "c0").status == 0)
        }
        let synced = try cluster.huibao(["sync", "-v", "--round-bytes", "200"], "c0")
        #expect(synced.status == 0, "\(synced.stderr)")
        let rounds = synced.stderr.split(separator: "\n").filter { $0.hasPrefix("round ") }
        #expect(rounds.count >= 2, "\(synced.stderr)")
        #expect(rounds.first?.contains(" change(s) sent (") == true && rounds.first?.contains(" received (") == true)
        #expect(rounds.dropLast().allSatisfy { $0.hasSuffix("more to come") })
        #expect(rounds.last?.hasSuffix("more to come") == false)
        #expect(!(try cluster.huibao(["sync"], "c0").stderr.contains("round ")))
    }

    @Test("clerks' names travel with their changes: log and blame name the person beside the replica")
    func namesTravel() throws {
        let cluster = try SyncCluster(units: ["某局"])
        try cluster.start()
        #expect(try cluster.huibao(["init", "--unit", "某局", "--name", "张三"], "c0").status == 0)
        #expect(
            try cluster.huibao(["login", "--server", cluster.url, "--token", cluster.tokens["某局"] ?? ""], "c0").status
                == 0)
        try cluster.clerk("c1", of: "某局")
        #expect(try cluster.huibao(["config", "name", "李四"], "c1").stdout.contains("李四"))
        #expect(try cluster.huibao(["config", "name"], "c1").stdout == "李四\n")
        #expect(
            try cluster.huibao(["import", Self.sample, "--period", "2023H1", "--kind", "党风廉政"], "c0").status == 0)
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
        #expect(try cluster.huibao(["sync"], "c1").status == 0)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "9"], "c1").status == 0)
        #expect(try cluster.huibao(["sync"], "c1").status == 0)
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
        let log = try cluster.huibao(["log", Self.report], "c0").stdout
        #expect(log.contains("imported by 张三 (") && log.contains("李四 ("), "\(log)")
        let blame = try cluster.huibao(["blame", Self.report], "c0").stdout
        #expect(blame.contains("李四 ("), "\(blame)")
        // A conflict names both people; HQ's consolidated report names who wrote each value.
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "10"], "c0").status == 0)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "11"], "c1").status == 0)
        for workspace in ["c0", "c1", "c0"] { #expect(try cluster.huibao(["sync"], workspace).status == 0) }
        let conflicts = try cluster.huibao(["conflicts", Self.report], "c0").stdout
        #expect(conflicts.contains("张三 (replica") && conflicts.contains("李四 (replica"), "\(conflicts)")
        try cluster.clerk("hq", of: "HQ")
        #expect(try cluster.huibao(["sync"], "hq").status == 0)
        let csv = try cluster.huibao(
            ["hq", "export", "--period", "2023H1", "--kind", "党风廉政", "--format", "csv"], "hq"
        ).stdout
        #expect(csv.contains(",person\r\n") && csv.contains(",张三\r\n"), "\(csv.prefix(600))")
        let markdown = try cluster.huibao(
            ["hq", "export", "--period", "2023H1", "--kind", "党风廉政", "--format", "md"], "hq"
        ).stdout
        #expect(markdown.contains("，张三（副本 ") || markdown.contains("，李四（副本 "), "\(markdown)")
    }

    @Test("clerks of one unit syncing at once lose nothing: every stored change reaches everyone")
    func concurrentSyncsOfOneReport() throws {
        let clerks = (0..<4).map { "c\($0)" }
        let cluster = try Self.unitWithClerks(clerks.count)
        var written: [String] = []
        for wave in 0..<20 {
            for (index, clerk) in clerks.enumerated() {
                let value = String(100 * wave + index + 1)
                #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", value], clerk).status == 0)
                written.append(value)
            }
            for (result, _) in try cluster.concurrently(["sync"], in: clerks) {
                #expect(result.status == 0, "\(result.stderr)")
            }
        }
        try Self.expectConverged(cluster, clerks)
        // A fresh workspace gets exactly what the clerks have: the server lost nothing.
        try cluster.clerk("fresh", of: "某局")
        #expect(try cluster.huibao(["sync"], "fresh").status == 0)
        #expect(try cluster.list("fresh") == cluster.list("c0"))
        // The last wave's concurrent values are all kept as a conflict.
        let text = try cluster.text(Self.report, "c0")
        for value in written.suffix(clerks.count) {
            #expect(text.contains(value), "\(value) missing from the merged value")
        }
    }

    @Test(
        "30 clerks of 10 units and 10 clerks of one unit syncing at once, 5 waves: all converge; fresh workspaces pull exactly the server's set"
    )
    func wavesOfConcurrentSyncs() throws {
        let units = (1...10).map { "单位\($0)" }
        let cluster = try Self.unitWithClerks(10, units: ["某局"] + units)
        var workspaces = (0..<10).map { "c\($0)" }
        for unit in units {
            for clerk in 0..<3 {
                let name = "\(unit)-\(clerk)"
                try cluster.clerk(name, of: unit)
                workspaces.append(name)
            }
            let imported = try cluster.huibao(
                ["import", Self.sample, "--period", "2023H1", "--kind", "党风廉政"], "\(unit)-0")
            #expect(imported.status == 0)
        }
        for wave in 0..<5 {
            for (index, workspace) in workspaces.enumerated() where wave > 0 || workspace.hasSuffix("-0") {
                let value = String(wave * 1000 + index)
                _ = try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", value], workspace)
            }
            for (result, _) in try cluster.concurrently(["sync"], in: workspaces) {
                #expect(result.status == 0, "\(result.stderr)")
            }
        }
        try Self.expectConverged(cluster, (0..<10).map { "c\($0)" })
        try cluster.clerk("某局-fresh", of: "某局")
        #expect(try cluster.huibao(["sync"], "某局-fresh").status == 0)
        #expect(try cluster.list("某局-fresh") == cluster.list("c0"))
        for unit in units {
            try Self.expectConverged(cluster, (0..<3).map { "\(unit)-\($0)" })
            try cluster.clerk("\(unit)-fresh", of: unit)
            #expect(try cluster.huibao(["sync"], "\(unit)-fresh").status == 0)
            #expect(try cluster.list("\(unit)-fresh") == cluster.list("\(unit)-0"))
        }
    }

    @Test("a copied workspace re-keys its unsynced edits under a new replica id; both copies converge")
    func copiedWorkspaceRecovers() throws {
        let cluster = try Self.unitWithClerks(1)
        try FileManager.default.copyItem(atPath: cluster.path("c0"), toPath: cluster.path("copy"))
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "41"], "c0").status == 0)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "42"], "copy").status == 0)
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
        let second = try cluster.huibao(["sync"], "copy")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("also used by another copy"), "\(second.stderr)")
        try Self.expectConverged(cluster, ["c0", "copy"])
        let text = try cluster.text(Self.report, "c0")
        #expect(text.contains("41") && text.contains("42"))
        // Later edits of the copy flow without trouble.
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "43"], "copy").status == 0)
        try Self.expectConverged(cluster, ["c0", "copy"])
        #expect(try cluster.text(Self.report, "c0").contains("约谈43次"))
    }

    @Test(
        "a workspace restored from a backup and edited before syncing keeps both its old synced edits and the new one")
    func restoredBackupRecovers() throws {
        let cluster = try Self.unitWithClerks(1)
        try FileManager.default.copyItem(atPath: cluster.path("c0"), toPath: cluster.path("backup"))
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "71"], "c0").status == 0)
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
        try FileManager.default.removeItem(atPath: cluster.path("c0"))
        try FileManager.default.copyItem(atPath: cluster.path("backup"), toPath: cluster.path("c0"))
        #expect(try cluster.huibao(["metric", Self.report, "组织开展理论学习中心组学习", "72"], "c0").status == 0)
        let synced = try cluster.huibao(["sync"], "c0")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stderr.contains("also used by another copy"), "\(synced.stderr)")
        try cluster.clerk("fresh", of: "某局")
        try Self.expectConverged(cluster, ["c0", "fresh"])
        let text = try cluster.text(Self.report, "fresh")
        #expect(text.contains("约谈71次") && text.contains("学习72次"), "\(text.prefix(400))")
    }

    @Test("merge-from of a copied workspace keeps the copy's edits instead of calling it damaged")
    func mergeFromCopy() throws {
        let cluster = try Self.unitWithClerks(1)
        try FileManager.default.copyItem(atPath: cluster.path("c0"), toPath: cluster.path("copy"))
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "51"], "c0").status == 0)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "52"], "copy").status == 0)
        let merged = try cluster.huibao(["merge-from", cluster.path("copy")], "c0")
        #expect(merged.status == 0, "\(merged.stderr)")
        let text = try cluster.text(Self.report, "c0")
        #expect(text.contains("51") && text.contains("52"), "\(text.prefix(300))")
    }

    @Test("a change the server refuses is quarantined; other reports sync; dropping it lets later edits go")
    func refusedChangeIsQuarantined() throws {
        let cluster = try Self.unitWithClerks(2)
        // A second report that must keep syncing.
        let other = try cluster.huibao(
            [
                "import", BinaryRunner.samples.appendingPathComponent("report-002.txt").path, "--period", "2023H2",
                "--kind", "党风廉政",
            ], "c0")
        #expect(other.status == 0)
        // An approval only HQ may give, written by the library as an old build would have let it.
        do {
            let workspace = try Workspace(opening: cluster.path("c0"))
            let id = try workspace.resolve(Self.report).id
            var document = try workspace.load(id)
            try document.submit(as: "某局", wallTime: Workspace.now())
            try document.review(.approve, as: "某局", wallTime: Workspace.now())
            try workspace.save(document)
        }
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "77"], "c0").status == 0)
        let refused = try cluster.huibao(["sync"], "c0")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("huibao refused"), "\(refused.stderr)")
        // The other report reached the server; the refused report's later edit did not.
        #expect(try cluster.huibao(["sync"], "c1").status == 0)
        #expect(try cluster.list("c1").contains("2023H2"))
        #expect(!(try cluster.text(Self.report, "c1").contains("约谈77次")))
        let listed = try cluster.huibao(["refused"], "c0")
        #expect(
            listed.stdout.contains("forbidden") && listed.stdout.contains("workflow step approve"), "\(listed.stdout)")
        // The next sync does not send it again, and fails the same way without doubling anything.
        #expect(try cluster.huibao(["sync"], "c0").status != 0)
        let dropped = try cluster.huibao(["sync", "--drop-refused"], "c0")
        #expect(dropped.status == 0, "\(dropped.stderr)")
        #expect(try cluster.huibao(["refused"], "c0").stdout.contains("no refused changes"))
        try Self.expectConverged(cluster, ["c0", "c1"])
        let text = try cluster.text(Self.report, "c1")
        #expect(text.contains("约谈77次"))
    }

    @Test(
        "another unit's token: login refuses it; a workspace using it anyway loses nothing and syncs once the right token is set"
    )
    func wrongToken() throws {
        let cluster = try Self.unitWithClerks(1, units: ["某局", "另局"])
        #expect(try cluster.huibao(["init", "--unit", "某局"], "w").status == 0)
        let refused = try cluster.huibao(
            ["login", "--server", cluster.url, "--token", cluster.tokens["另局"] ?? ""], "w")
        #expect(refused.status != 0 && refused.stderr.contains("belongs to 另局"), "\(refused.stderr)")
        // Saved anyway (an older build did not check): the server refuses the report, nothing is quarantined.
        try Workspace(opening: cluster.path("w")).login(server: cluster.url, token: cluster.tokens["另局"] ?? "")
        let other = BinaryRunner.samples.appendingPathComponent("report-002.txt").path
        #expect(try cluster.huibao(["import", other, "--period", "2023H2", "--kind", "党风廉政"], "w").status == 0)
        let sync = try cluster.huibao(["sync"], "w")
        #expect(sync.status != 0 && sync.stderr.contains("own unit's token"), "\(sync.stderr)")
        #expect(try cluster.huibao(["refused"], "w").stdout.contains("no refused changes"))
        let login = try cluster.huibao(["login", "--server", cluster.url, "--token", cluster.tokens["某局"] ?? ""], "w")
        #expect(login.status == 0, "\(login.stderr)")
        #expect(try cluster.huibao(["sync"], "w").status == 0)
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
        #expect(try cluster.text("2023H2/党风廉政", "c0") == cluster.text("2023H2/党风廉政", "w"))
    }

    @Test("submit waits while two clerks' numbers differ, names them, and goes with --force or once resolved")
    func submitWithConflicts() throws {
        let cluster = try Self.unitWithClerks(2)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "4"], "c0").status == 0)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "5"], "c1").status == 0)
        try Self.expectConverged(cluster, ["c0", "c1"])
        let refused = try cluster.huibao(["submit", Self.report], "c0")
        #expect(refused.status != 0 && refused.stderr.contains("开展集体廉政约谈"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(try cluster.huibao(["status", Self.report], "c0").stdout.contains("draft"))
        #expect(try cluster.huibao(["submit", Self.report, "--force"], "c0").status == 0)
        #expect(try cluster.huibao(["resolve", Self.report, "开展集体廉政约谈", "5"], "c1").status == 0)
        #expect(try cluster.huibao(["submit", Self.report], "c1").status == 0)
    }

    @Test("a unit's workspace refuses HQ's review steps itself")
    func reviewInUnitWorkspaceIsRefusedLocally() throws {
        let cluster = try Self.unitWithClerks(1)
        #expect(try cluster.huibao(["submit", Self.report], "c0").status == 0)
        let approve = try cluster.huibao(["hq", "approve", "某局", Self.report], "c0")
        #expect(approve.status != 0)
        #expect(approve.stderr.contains("cannot approve its own report"), "\(approve.stderr)")
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
    }

    @Test("after the server is restored from an older backup, clients send what it lost")
    func serverRestoredFromBackup() throws {
        let cluster = try Self.unitWithClerks(2)
        cluster.stop()
        let backup = cluster.root.appendingPathComponent("backup").path
        try FileManager.default.copyItem(atPath: cluster.data, toPath: backup)
        try cluster.start()
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "61"], "c0").status == 0)
        #expect(try cluster.huibao(["sync"], "c0").status == 0)
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "62"], "c1").status == 0)
        #expect(try cluster.huibao(["sync"], "c1").status == 0)
        cluster.stop()
        try FileManager.default.removeItem(atPath: cluster.data)
        try FileManager.default.copyItem(atPath: backup, toPath: cluster.data)
        try cluster.start()
        let resent = try cluster.huibao(["sync"], "c0")
        #expect(resent.status == 0, "\(resent.stderr)")
        #expect(resent.stderr.contains("sending them again"), "\(resent.stderr)")
        try Self.expectConverged(cluster, ["c0", "c1"])
        try cluster.clerk("fresh", of: "某局")
        #expect(try cluster.huibao(["sync"], "fresh").status == 0)
        #expect(try cluster.text(Self.report, "fresh").contains("62"))
        #expect(try cluster.list("fresh") == cluster.list("c0"))
    }

    @Test("a bundle imported as the wrong unit is refused whole: nothing stored, no answer written")
    func bundleOfAnotherUnit() throws {
        let cluster = try Self.unitWithClerks(1, units: ["某局", "另局"])
        #expect(try cluster.huibao(["metric", Self.report, "开展集体廉政约谈", "9"], "c0").status == 0)
        let bundle = cluster.root.appendingPathComponent("c0.bundle").path
        let answer = cluster.root.appendingPathComponent("c0.answer").path
        #expect(try cluster.huibao(["bundle", "export", "-o", bundle], "c0").status == 0)
        cluster.stop()
        for unit in ["另局", "HQ"] {
            let refused = try BinaryRunner.run(
                ["bundle", "import", bundle, "--unit", unit, "-o", answer, "--data", cluster.data],
                executable: SyncScenarioTests.server)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("written by a workspace of 某局"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: answer))
        }
        let imported = try SyncScenarioTests.runServer(
            ["bundle", "import", bundle, "--unit", "某局", "-o", answer, "--data", cluster.data])
        #expect(imported.contains("1 acknowledged"), "\(imported)")
    }

    @Test("two clerks importing the same file converge to one copy; different files are kept apart until one is kept")
    func twoClerksImport() throws {
        let cluster = try SyncCluster(units: ["某局"])
        try cluster.start()
        for clerk in ["c0", "c1"] { try cluster.clerk(clerk, of: "某局") }
        let period = ["--period", "2023H1", "--kind", "党风廉政"]
        for clerk in ["c0", "c1"] { #expect(try cluster.huibao(["import", Self.sample] + period, clerk).status == 0) }
        let alone = try cluster.huibao(["metric", Self.report], "c0").stdout
        try Self.expectConverged(cluster, ["c0", "c1"])
        #expect(try cluster.huibao(["metric", Self.report], "c1").stdout == alone)
        #expect(try cluster.huibao(["conflicts"], "c1").stdout.contains("no conflicts"))

        // Different files for another period: both versions are listed, submit waits, keep settles.
        let other = BinaryRunner.samples.appendingPathComponent("report-002.txt").path
        let period2 = ["--period", "2023H2", "--kind", "党风廉政"]
        #expect(try cluster.huibao(["import", Self.sample] + period2, "c0").status == 0)
        #expect(try cluster.huibao(["import", other] + period2, "c1").status == 0)
        let keptText = try cluster.text("2023H2/党风廉政", "c0")
        for clerk in ["c0", "c1", "c0"] { #expect(try cluster.huibao(["sync"], clerk).status == 0) }
        let listed = try cluster.huibao(["conflicts", "2023H2/党风廉政"], "c1").stdout
        #expect(listed.contains("2 different first versions"), "\(listed)")
        let submit = try cluster.huibao(["submit", "2023H2/党风廉政"], "c1")
        #expect(submit.status != 0 && submit.stderr.contains("huibao keep"), "\(submit.stderr)")
        // c0's version is the one whose title c0 imported; its id is on the listed line.
        let title = String(keptText.prefix { $0 != "\n" }.prefix(10))
        let line = try #require(listed.split(separator: "\n").first { $0.contains(title) })
        let id = String(try #require(line.split(separator: "[").last?.split(separator: "]").first))
        let kept = try cluster.huibao(["keep", "2023H2/党风廉政", id], "c1")
        #expect(kept.status == 0, "\(kept.stderr)")
        try Self.expectConverged(cluster, ["c0", "c1"])
        #expect(try cluster.text("2023H2/党风廉政", "c0") == keptText)
        #expect(try cluster.huibao(["conflicts", "2023H2/党风廉政"], "c0").stdout.contains("no conflicts"))
    }
}
