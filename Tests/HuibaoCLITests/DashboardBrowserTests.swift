import Foundation
import Testing

/// HQ's dashboard in headless Chromium (Debian's `chromium`, installed by scripts/bootstrap.sh),
/// against the real server with reports sent and reviewed through the real CLI.
@Suite("dashboard in headless Chromium (binaries, loopback)", .serialized)
struct DashboardBrowserTests {
    /// Where the screenshot goes: $HUIBAO_ARTIFACTS, else .build/test-artifacts.
    static var artifacts: URL {
        if let path = ProcessInfo.processInfo.environment["HUIBAO_ARTIFACTS"] { return URL(fileURLWithPath: path) }
        return BinaryRunner.productsDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("test-artifacts")
    }

    /// Runs headless Chromium on `url` with extra arguments and returns its standard output.
    static func chromium(_ arguments: [String], _ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let profile = try BinaryRunner.temporaryDirectory().path
        process.arguments =
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
                "--window-size=1280,900",
            ] + arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SyncScenarioTests.BinaryRunnerError(
                "chromium exited with \(process.terminationStatus) (scripts/bootstrap.sh installs it)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("status matrix, a report page and the totals page render the expected states and numbers; screenshot saved")
    func pagesInChromium() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let tokenHQ = try SyncScenarioTests.runServer(["unit", "add", "总局", "--hq", "--data", data])
        var tokens: [String: String] = [:]
        for unit in ["甲局", "乙局", "丙局"] {
            tokens[unit] = try SyncScenarioTests.runServer(["unit", "add", unit, "--parent", "总局", "--data", data])
        }
        _ = try SyncScenarioTests.runServer(["expect", "2023H1", "--kind", "党风廉政", "--data", data])
        let (server, port) = try SyncScenarioTests.start(data: data)
        defer { server.terminate() }
        let url = "http://127.0.0.1:\(port)"
        func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
            let result = try BinaryRunner.run(arguments + ["--workspace", root.appendingPathComponent(workspace).path])
            #expect(result.status == 0, "huibao \(arguments): \(result.stderr)")
            return result
        }
        for (unit, sample) in [("甲局", "report-000.txt"), ("乙局", "report-001.txt")] {
            _ = try huibao(["init", "--unit", unit], unit)
            _ = try huibao(["login", "--server", url, "--token", tokens[unit] ?? ""], unit)
            let path = BinaryRunner.samples.appendingPathComponent(sample).path
            _ = try huibao(["import", path, "--period", "2023H1", "--kind", "党风廉政"], unit)
            _ = try huibao(["submit", "2023H1/党风廉政"], unit)
            _ = try huibao(["sync"], unit)
        }
        _ = try huibao(["init", "--unit", "总局"], "hq")
        _ = try huibao(["login", "--server", url, "--token", tokenHQ], "hq")
        _ = try huibao(["sync"], "hq")
        _ = try huibao(["hq", "approve", "甲局", "2023H1/党风廉政"], "hq")
        _ = try huibao(["hq", "approve", "乙局", "2023H1/党风廉政"], "hq")
        _ = try huibao(["sync"], "hq")

        func link(_ page: String) throws -> String {
            try SyncScenarioTests.runServer([
                "dashboard-link", "总局", "--url", url, "--open", page, "--data", data,
            ])
        }
        let status = try Self.chromium(["--dump-dom"], try huibao(["hq", "dashboard"], "hq").stdout)
        #expect(status.contains("<table id=\"status\">"), "\(status.prefix(500))")
        // Two approved cells (links); the legend's badge is not a link.
        #expect(status.components(separatedBy: "class=\"state approved\" href").count - 1 == 2)
        #expect(status.components(separatedBy: ">已审核</a>").count - 1 == 2)
        #expect(status.contains("<span class=\"state not-started\">未报送</span>"))
        #expect(status.contains("丙局"))

        let kind = "%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF"
        let report = try Self.chromium(
            ["--dump-dom"], try link("/dashboard/report?unit=%E4%B9%99%E5%B1%80&period=2023H1&kind=\(kind)"))
        #expect(report.contains("乙局 · 2023H1 党风廉政"))
        #expect(report.contains("<mark class=\"metric\" title=\"全体干部职工集体学习（次）\">12</mark>"), "\(report.prefix(800))")
        #expect(report.contains("<td>审核通过</td><td>总局</td>"))

        let totals = try Self.chromium(["--dump-dom"], try link("/dashboard/totals?period=2023H1&kind=\(kind)"))
        // 乙局's 集体学习 12 and 中心组学习 6 are two indicators.
        #expect(totals.contains("data-indicator=\"study\">12</td>"), "\(totals.prefix(800))")
        #expect(totals.contains("data-indicator=\"group-study\">6</td>"))
        #expect(totals.contains("data-indicator=\"talks\">3</td>"))
        #expect(totals.contains("data-indicator=\"articles\">45</td>"))

        // A number changed after approval shows inside its line: the old value struck, the new one marked.
        _ = try huibao(["metric", "2023H1/党风廉政", "全体干部职工集体学习", "13"], "乙局")
        _ = try huibao(["sync"], "乙局")
        let changed = try Self.chromium(
            ["--dump-dom"], try link("/dashboard/report?unit=%E4%B9%99%E5%B1%80&period=2023H1&kind=\(kind)"))
        #expect(
            changed.contains("<del class=\"diff-removed\">12</del><ins class=\"diff-added\">13</ins>"),
            "\(changed.prefix(3000))")

        // Without a session the pages show the login form, and a used code does not work twice.
        let anonymous = try Self.chromium(["--dump-dom"], "\(url)/dashboard/status")
        #expect(anonymous.contains("action=\"/dashboard/login\""))
        let once = try link("/dashboard/status")
        _ = try Self.chromium(["--dump-dom"], once)
        #expect(try Self.chromium(["--dump-dom"], once).contains("登录链接无效"))

        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let screenshot = Self.artifacts.appendingPathComponent("dashboard-totals.png")
        try? FileManager.default.removeItem(at: screenshot)
        _ = try Self.chromium(
            ["--screenshot=\(screenshot.path)"], try link("/dashboard/totals?period=2023H1&kind=\(kind)"))
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
    }
}
