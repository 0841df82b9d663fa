import Foundation
import HuibaoPostgres
import Testing

/// `huibao-server`'s administrator's commands on PostgreSQL, as the binaries run them.
@Suite("Administrator's commands on PostgreSQL (binaries)", .serialized)
struct PostgresAdminTests {
    @Test("every administrator's command works on PostgreSQL, by --database or HUIBAO_DATABASE_URL")
    func adminCommands() async throws {
        let url = try await MultiServerTests.database()
        let root = try BinaryRunner.temporaryDirectory()
        func server(_ arguments: [String], byEnvironment: Bool = false) throws -> BinaryRunner.Result {
            try BinaryRunner.run(
                arguments + (byEnvironment ? [] : ["--database", url]), executable: SyncScenarioTests.server,
                environment: byEnvironment ? ["HUIBAO_DATABASE_URL": url] : [:])
        }
        func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
            try BinaryRunner.run(arguments + ["--workspace", root.appendingPathComponent(workspace).path])
        }
        let hq = try server(["unit", "add", "总局", "--hq"])
        #expect(hq.status == 0 && hq.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 64, "\(hq.stderr)")
        #expect(try server(["unit", "add", "甲局", "--parent", "总局"], byEnvironment: true).status == 0)
        let token = try server(["unit", "add", "乙局", "--parent", "总局"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try server(["unit", "add", "甲局"]).stderr.contains("exists already"))
        #expect(try server(["unit", "revoke", "甲局"]).status == 0)
        let list = try server(["unit", "list"], byEnvironment: true).stdout
        #expect(list.contains("总局\tHQ") && list.contains("甲局\tunit\tparent: 总局\trevoked"), "\(list)")
        let rotated = try server(["unit", "rotate", "甲局"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(rotated.count == 64)
        #expect(try server(["unit", "list"]).stdout.contains("甲局\tunit\tparent: 总局\tactive"))
        #expect(try server(["expect", "2023H1", "--kind", "党风廉政", "--unit", "乙局"]).status == 0)
        let catalog = try server(["catalog", "show"]).stdout
        #expect(catalog.contains("|"))
        let file = root.appendingPathComponent("catalog.txt")
        try (catalog + "extra | 额外指标 | 次 | 额外事项\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try server(["catalog", "load", file.path]).status == 0)
        #expect(try server(["catalog", "show"], byEnvironment: true).stdout.contains("额外指标"))
        #expect(try server(["dashboard-link", "总局"]).stdout.contains("/dashboard/login?code="))

        // A unit's offline bundle, taken by the administrator into PostgreSQL.
        #expect(try huibao(["init", "--unit", "乙局"], "乙局").status == 0)
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try huibao(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], "乙局").status == 0)
        let bundle = root.appendingPathComponent("乙局.bundle").path
        let answer = root.appendingPathComponent("乙局.answer").path
        #expect(try huibao(["bundle", "export", "-o", bundle], "乙局").status == 0)
        let imported = try server(["bundle", "import", bundle, "--unit", "乙局", "-o", answer])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try huibao(["bundle", "import", answer], "乙局").status == 0)

        // What the bundle brought is what a server on that database serves.
        let (process, port) = try SyncScenarioTests.start(storage: ["--database", url])
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        #expect(try huibao(["init", "--unit", "乙局"], "fresh").status == 0)
        #expect(try huibao(["login", "--server", "http://127.0.0.1:\(port)", "--token", token], "fresh").status == 0)
        #expect(try huibao(["sync"], "fresh").status == 0)
        let listed = try huibao(["list"], "fresh").stdout
        #expect(listed == (try huibao(["list"], "乙局").stdout) && listed.contains("2023H1"), "\(listed)")

        // A database that cannot be reached: one line naming it, at once.
        let unreachable = try BinaryRunner.run(
            ["unit", "list", "--database", "postgres://huibao@127.0.0.1:1/huibao"], executable: SyncScenarioTests.server
        )
        #expect(unreachable.status != 0)
        #expect(
            unreachable.stderr.contains("connecting to postgres://huibao@127.0.0.1:1/huibao"), "\(unreachable.stderr)")
    }
}
