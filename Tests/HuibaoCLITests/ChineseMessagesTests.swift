import Foundation
import Testing

/// What a clerk reads: Chinese by default, English with `--lang en` or an English locale, times
/// in Beijing time unless `HUIBAO_TIMEZONE` says otherwise.
@Suite("huibao speaks Chinese by default (binary)", .serialized)
struct ChineseMessagesTests {
    /// No language chosen at all: the process environment's locale variables emptied.
    static let noLanguage = ["HUIBAO_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""]
    /// Chinese, as chosen explicitly.
    static let chinese = ["HUIBAO_LANG": "zh"]
    /// English from the locale only.
    static let englishLocale = ["HUIBAO_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"]

    /// English words that must not appear in Chinese output.
    static let englishWords = [
        "draft", "submitted", "returned", "approved", "change(s)", "metric(s)", "created", "no such file",
        "negative", "no server", "version", "note:", "line ",
    ]

    static func run(_ arguments: [String], in directory: URL, environment: [String: String]) throws
        -> BinaryRunner.Result
    {
        try BinaryRunner.run(arguments + ["--workspace", directory.path], environment: environment)
    }

    /// A workspace of 某局 with report-001 imported as 2023H1/党风廉政 and submitted.
    static func submittedWorkspace() throws -> URL {
        let directory = try BinaryRunner.temporaryDirectory()
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try run(["init", "--unit", "某局"], in: directory, environment: chinese).status == 0)
        let imported = try run(
            ["import", sample, "--period", "2023H1", "--kind", "党风廉政"], in: directory, environment: chinese)
        #expect(imported.status == 0, "\(imported.stderr)")
        let submitted = try run(["submit", "2023H1/党风廉政"], in: directory, environment: chinese)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        return directory
    }

    /// Checks that `text` has none of the English words a clerk should not see.
    static func expectNoEnglish(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in englishWords {
            #expect(!text.contains(word), "“\(word)” in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("init, import, submit, status, list and log print Chinese when no language is set")
    func chineseByDefault() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        for environment in [Self.noLanguage, Self.chinese] {
            let created = try Self.run(
                ["init", "--unit", "某局", "--name", "张三"], in: directory.appendingPathComponent(UUID().uuidString),
                environment: environment)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("已为某局创建工作区"), "\(created.stdout)")
            Self.expectNoEnglish(created.stdout)
        }
        #expect(try Self.run(["init", "--unit", "某局"], in: directory, environment: Self.noLanguage).status == 0)
        let imported = try Self.run(
            ["import", sample, "--period", "2023H1", "--kind", "党风廉政"], in: directory, environment: Self.noLanguage)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2023H1/党风廉政：16个指标，新增"), "\(imported.stdout)")
        Self.expectNoEnglish(imported.stdout + imported.stderr)

        let submitted = try Self.run(["submit", "2023H1/党风廉政"], in: directory, environment: Self.noLanguage)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("已报送版本"), "\(submitted.stdout)")
        #expect(submitted.stdout.contains("`huibao sync`"), "commands stay as they are typed")
        Self.expectNoEnglish(submitted.stdout)

        let status = try Self.run(["status"], in: directory, environment: Self.noLanguage)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("某局/2023H1/党风廉政  已报送"), "\(status.stdout)")
        Self.expectNoEnglish(status.stdout)
        let detail = try Self.run(["status", "2023H1/党风廉政"], in: directory, environment: Self.noLanguage)
        #expect(detail.stdout.contains("某局于 ") && detail.stdout.contains(" 报送，版本 "), "\(detail.stdout)")
        Self.expectNoEnglish(detail.stdout)

        let list = try Self.run(["list"], in: directory, environment: Self.noLanguage)
        #expect(list.stdout.contains("次修改"), "\(list.stdout)")
        Self.expectNoEnglish(list.stdout)
        let metrics = try Self.run(["metric", "2023H1/党风廉政"], in: directory, environment: Self.noLanguage)
        #expect(metrics.stdout.contains("第4行"), "\(metrics.stdout)")
        Self.expectNoEnglish(metrics.stdout)
        let log = try Self.run(["log", "2023H1/党风廉政"], in: directory, environment: Self.noLanguage)
        #expect(log.stdout.contains("导入#1") && log.stdout.contains("字，"), "\(log.stdout)")
        // Each change says what it did: the import, the submission.
        #expect(log.stdout.contains("个值：导入 ") && log.stdout.contains("个值：报送"), "\(log.stdout)")
        #expect(!log.stdout.contains("chars") && !log.stdout.contains("imported by"), "\(log.stdout)")
        #expect(try Self.run(["conflicts"], in: directory, environment: Self.chinese).stdout == "没有冲突\n")
        #expect(try Self.run(["refused"], in: directory, environment: Self.chinese).stdout == "没有被拒收的修改\n")
    }

    @Test("a clerk may write the period the Chinese way: 2024年上半年 names the report 2024H1")
    func chinesePeriod() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try Self.run(["init", "--unit", "某局"], in: directory, environment: Self.chinese).status == 0)
        let imported = try Self.run(
            ["import", sample, "--period", "2024年上半年", "--kind", "党风廉政"], in: directory, environment: Self.chinese)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.run(["list"], in: directory, environment: Self.chinese).stdout.contains("2024H1/党风廉政"))
        let wrong = try Self.run(
            ["new", "--period", "2024年13月", "--kind", "党风廉政"], in: directory, environment: Self.chinese)
        #expect(wrong.status != 0 && wrong.stderr.contains("--period"), "\(wrong.stderr)")
    }

    @Test("errors a clerk makes are explained in Chinese, in one line")
    func chineseErrors() throws {
        let directory = try Self.submittedWorkspace()
        let missing = try Self.run(
            ["import", "/nonexistent/汇报.txt", "--period", "2023H1", "--kind", "党风廉政"], in: directory,
            environment: Self.chinese)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/汇报.txt：文件不存在"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        Self.expectNoEnglish(missing.stderr)

        let negative = try Self.run(
            ["metric", "2023H1/党风廉政", "开展集体廉政约谈", "-1"], in: directory, environment: Self.chinese)
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("-1 是负数"), "\(negative.stderr)")
        Self.expectNoEnglish(negative.stderr)

        let notANumber = try Self.run(
            ["metric", "2023H1/党风廉政", "开展集体廉政约谈", "3x"], in: directory, environment: Self.chinese)
        #expect(notANumber.status != 0)
        #expect(notANumber.stderr.contains("“3x”不是数字"), "\(notANumber.stderr)")

        let unknown = try Self.run(["show", "2024/没有"], in: directory, environment: Self.chinese)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("没有与“2024/没有”匹配的报告"), "\(unknown.stderr)")

        let sync = try Self.run(["sync"], in: directory, environment: Self.chinese)
        #expect(sync.status != 0)
        #expect(sync.stderr.contains("尚未配置服务器"), "\(sync.stderr)")
        #expect(sync.stderr.contains("`huibao login --server URL --token TOKEN`"), "\(sync.stderr)")
        Self.expectNoEnglish(sync.stderr)

        let period = try Self.run(
            ["new", "--period", "2023H3", "--kind", "党建"], in: directory, environment: Self.chinese)
        #expect(period.status != 0)
        #expect(period.stderr.contains("--period：报告期须为"), "\(period.stderr)")

        let outside = try BinaryRunner.temporaryDirectory()
        let noWorkspace = try Self.run(["status"], in: outside, environment: Self.chinese)
        #expect(noWorkspace.status != 0)
        #expect(noWorkspace.stderr.contains("不是 Huibao 工作区"), "\(noWorkspace.stderr)")
    }

    @Test("inspect's listing and warnings, and import's notes, are in Chinese")
    func chineseInspectAndNotes() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("汇报.txt")
        let text = "一、工作情况\r\n（一）学习。一是学习。二是讨论。三是交流。三是总结。五是提高。开展廉政约谈*次。\r\n（三）宣传\r\n三、问题\r\n"
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: file)
        let inspected = try BinaryRunner.run(["inspect", file.path], environment: Self.chinese)
        #expect(inspected.status == 0, "\(inspected.stderr)")
        for expected in [
            "[第2行，要点 一是 二是 三是 三是 五是]", "第2行：开展廉政约谈 = 缺失（*）（单位：次）", "警告：6条", "  已删除 UTF-8 字节顺序标记（BOM）",
            "第2行：要点“三是”与上一个序号重复", "第3行：二级标题“（三）”跳过了序号2",
        ] {
            #expect(inspected.stdout.contains(expected), "\(expected): \(inspected.stdout)")
        }
        Self.expectNoEnglish(inspected.stdout)
        #expect(!inspected.stdout.contains("warnings") && !inspected.stdout.contains("skips"), "\(inspected.stdout)")
        let roundtrip = try BinaryRunner.run(["roundtrip", file.path], environment: Self.chinese)
        #expect(roundtrip.stderr.contains("提示：已删除 UTF-8 字节顺序标记（BOM）"), "\(roundtrip.stderr)")
        #expect(roundtrip.stderr.contains("提示：已将 CRLF/CR 换行符转换为 LF"), "\(roundtrip.stderr)")
        Self.expectNoEnglish(roundtrip.stderr)
    }

    @Test("--lang en anywhere on the command line, or an English locale, gives English")
    func english() throws {
        let directory = try Self.submittedWorkspace()
        for (arguments, environment) in [
            (["--lang", "en", "status"], Self.chinese),
            (["status", "--lang", "en"], Self.chinese),
            (["status", "--lang=en"], Self.noLanguage),
            (["status"], Self.englishLocale),
        ] {
            let status = try Self.run(arguments, in: directory, environment: environment)
            #expect(status.status == 0, "\(arguments): \(status.stderr)")
            #expect(status.stdout.contains("某局/2023H1/党风廉政  submitted"), "\(arguments): \(status.stdout)")
            #expect(!status.stdout.contains("已报送"), "\(arguments): \(status.stdout)")
        }
        let sync = try Self.run(["sync", "--lang", "en"], in: directory, environment: Self.chinese)
        #expect(sync.stderr.contains("no server configured"), "\(sync.stderr)")
        #expect(!sync.stderr.contains("尚未配置服务器"))
        let negative = try Self.run(
            ["metric", "2023H1/党风廉政", "开展集体廉政约谈", "-1"], in: directory, environment: Self.englishLocale)
        #expect(negative.stderr.contains("-1 is negative"), "\(negative.stderr)")
        // --lang zh wins over an English locale.
        let chinese = try Self.run(["status", "--lang", "zh"], in: directory, environment: Self.englishLocale)
        #expect(chinese.stdout.contains("已报送"), "\(chinese.stdout)")
    }

    @Test("--lang with a language we do not speak is a one-line error")
    func unknownLanguage() throws {
        let directory = try Self.submittedWorkspace()
        for arguments in [["--lang", "xx", "status"], ["status", "--lang", "fr"], ["status", "--lang"]] {
            let result = try Self.run(arguments, in: directory, environment: Self.chinese)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && result.stderr.contains("--lang"), "\(arguments): \(result.stderr)")
        }
    }

    /// The `YYYY-MM-DD HH:MM:SS` times in `text`, as dates read in UTC.
    static func times(in text: String) throws -> [Date] {
        let regex = try NSRegularExpression(pattern: "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range, in: text).flatMap { formatter.date(from: String(text[$0])) }
        }
    }

    @Test("status and log show Beijing time as YYYY-MM-DD HH:MM:SS; HUIBAO_TIMEZONE=UTC shows UTC")
    func localTime() throws {
        let directory = try Self.submittedWorkspace()
        let now = Date()
        for command in [["status", "2023H1/党风廉政"], ["log", "2023H1/党风廉政"]] {
            let beijing = try Self.run(command, in: directory, environment: Self.chinese)
            let utc = try Self.run(
                command, in: directory, environment: Self.chinese.merging(["HUIBAO_TIMEZONE": "UTC"]) { $1 })
            let beijingTimes = try Self.times(in: beijing.stdout)
            let utcTimes = try Self.times(in: utc.stdout)
            #expect(!beijingTimes.isEmpty, "\(command): \(beijing.stdout)")
            #expect(beijingTimes.count == utcTimes.count, "\(command): \(beijing.stdout) \(utc.stdout)")
            for (shown, inUTC) in zip(beijingTimes, utcTimes) {
                #expect(shown.timeIntervalSince(inUTC) == 8 * 3600, "\(command): \(beijing.stdout) \(utc.stdout)")
                // The UTC reading is the real time the report was submitted, a moment ago.
                #expect(abs(inUTC.timeIntervalSince(now)) < 300, "\(command): \(utc.stdout)")
            }
            for output in [beijing.stdout, utc.stdout] {
                #expect(!output.contains("Z "), "\(command): \(output)")
                #expect(!output.contains("T0") && !output.contains("T1") && !output.contains("T2"), "\(output)")
                #expect(!output.contains("+08:00"), "\(command): \(output)")
            }
        }
    }

    @Test("the server's answers reach the clerk in the clerk's language: a unit asking for HQ's view")
    func serverMessagesInClerksLanguage() throws {
        let cluster = try SyncCluster(units: ["某局"])
        try cluster.start()
        defer { cluster.stop() }
        try cluster.clerk("clerk", of: "某局")
        for (language, message) in [("zh", "某局不是上级单位"), ("en", "某局 is not an HQ unit")] {
            let status = try BinaryRunner.run(
                ["hq", "status", "--workspace", cluster.path("clerk")], environment: ["HUIBAO_LANG": language])
            #expect(status.status != 0)
            #expect(status.stderr.contains(message), "\(language): \(status.stderr)")
        }
    }

    @Test("huibao-server's administrator's commands answer in Chinese by default, in English on request")
    func serverAdministrationInChinese() throws {
        let data = try BinaryRunner.temporaryDirectory().path
        func server(_ arguments: [String], _ environment: [String: String] = Self.noLanguage) throws
            -> BinaryRunner.Result
        {
            try BinaryRunner.run(
                arguments + ["--data", data], executable: SyncScenarioTests.server, environment: environment)
        }
        #expect(try server(["unit", "add", "总局", "--hq"]).status == 0)
        #expect(try server(["unit", "add", "甲局", "--parent", "总局"]).status == 0)
        let revoked = try server(["unit", "revoke", "甲局"])
        #expect(revoked.stdout.contains("已吊销 甲局 的令牌"), "\(revoked.stdout)")
        let zoned = try server(["unit", "list"], Self.noLanguage.merging(["HUIBAO_TIMEZONE": "Mars/Base"]) { $1 })
        #expect(zoned.stderr.contains("注意：HUIBAO_TIMEZONE=Mars/Base 不是可识别的时区"), "\(zoned.stderr)")
        let list = try server(["unit", "list"]).stdout
        #expect(list.contains("总局\t上级单位\t上级：-\t有效"), "\(list)")
        #expect(list.contains("甲局\t下级单位\t上级：总局\t已吊销"), "\(list)")
        let expected = try server(["expect", "2023H1", "--kind", "党风廉政"]).stdout
        #expect(expected.contains("2023H1/党风廉政：应报单位为所有下级单位"), "\(expected)")
        let link = try server(["dashboard-link", "甲局"])
        #expect(link.status != 0 && link.stderr.contains("甲局不是上级单位"), "\(link.stderr)")
        let port = try server(["serve", "--port", "0"])
        #expect(port.status != 0 && port.stderr.contains("--port 必须在 1 到 65535 之间"), "\(port.stderr)")
        Self.expectNoEnglish(list + expected + link.stderr + port.stderr)
        let english = try server(["unit", "list"], ["HUIBAO_LANG": "en"]).stdout
        #expect(english.contains("甲局\tunit\tparent: 总局\trevoked"), "\(english)")
    }
}
