import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore
import HuibaoTestSupport
import Testing

/// `huibao log` and `huibao blame` print, line for line, what the report says when its whole
/// history is decoded (``ReferenceHistory``), in Chinese, in English and as JSON, also on the
/// reports whose history is unusual: two clerks who imported different first versions, one file
/// imported by two clerks, a merged concurrent history, a copied workspace merged back, a name
/// recorded after the first changes.
@Suite("log and blame output (binary)")
struct HistoryOutputTests {
    static let report = "2023H1/党风廉政"

    /// A directory of workspaces driven through the real binary, in UTC.
    struct Unit {
        let root: URL

        init() throws { root = try BinaryRunner.temporaryDirectory() }

        func path(_ workspace: String) -> String { root.appendingPathComponent(workspace).path }

        /// Runs `huibao` in `workspace` and returns its output; a failure fails the test.
        @discardableResult
        func huibao(_ arguments: [String], _ workspace: String, language: String = "en") throws -> String {
            let result = try BinaryRunner.run(
                arguments + ["--workspace", path(workspace)],
                environment: ["HUIBAO_LANG": language, "HUIBAO_TIMEZONE": "UTC"])
            #expect(result.status == 0, "huibao \(arguments) in \(workspace): \(result.stderr)")
            return result.stdout
        }

        /// Writes `text` to a file and returns its path.
        func file(_ name: String, _ text: String) throws -> String {
            let url = root.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        /// Applies the report's text with `old` replaced by `new` in `workspace`.
        func edit(_ workspace: String, replacing old: String, with new: String) throws {
            let text = try huibao(["show", HistoryOutputTests.report], workspace)
            #expect(text.contains(old), "\(old) not in the report of \(workspace)")
            let file = try self.file("\(workspace)-edited.txt", text.replacingOccurrences(of: old, with: new))
            try huibao(["apply", HistoryOutputTests.report, file], workspace)
        }

        /// The sample report's text.
        static func sample(_ number: Int) throws -> String {
            try String(
                contentsOf: BinaryRunner.samples.appendingPathComponent(String(format: "report-%03d.txt", number)),
                encoding: .utf8)
        }
    }

    /// Checks `log` and `blame` of `workspace`, in both languages and as JSON, against the
    /// reference computed from the report with its history decoded.
    static func expectSameAsReference(_ unit: Unit, _ workspace: String) throws {
        let opened = try Workspace(opening: unit.path(workspace))
        let report = try opened.load(try opened.resolve(Self.report).id, decodingHistory: true)
        for language in [Language.chinese, .english] {
            try Language.$current.withValue(language) {
                try DisplayTimeZone.$current.withValue(.utc) {
                    let log = try unit.huibao(["log", Self.report], workspace, language: language.rawValue)
                    #expect(log == ReferenceHistory.logLines(of: report).map { $0 + "\n" }.joined())
                    let logJSON = try unit.huibao(
                        ["log", Self.report, "--json"], workspace, language: language.rawValue)
                    #expect(logJSON == (try ReferenceHistory.json(ReferenceHistory.logEntries(of: report))) + "\n")
                    let blame = try unit.huibao(["blame", Self.report], workspace, language: language.rawValue)
                    #expect(blame == ReferenceHistory.blameLines(of: report).map { $0 + "\n" }.joined())
                    let blameJSON = try unit.huibao(
                        ["blame", Self.report, "--json"], workspace, language: language.rawValue)
                    #expect(blameJSON == (try ReferenceHistory.json(ReferenceHistory.blame(of: report))) + "\n")
                }
            }
        }
    }

    /// Whether the report's history, as the log reads it, is in another order than its change log.
    static func historyOrderDiffersFromLog(_ unit: Unit, _ workspace: String) throws -> Bool {
        let opened = try Workspace(opening: unit.path(workspace))
        let id = try opened.resolve(Self.report).id
        let history = try opened.load(id, decodingHistory: true).document.changes.map(\.hash)
        return history != (try opened.changes(of: id)).map(\.hash)
    }

    @Test("an ordinary report's log and blame: import, metrics, text edits, submission")
    func ordinaryReport() throws {
        let unit = try Unit()
        try unit.huibao(["init", "--unit", "某局", "--name", "张三"], "one")
        try unit.huibao(
            ["import", unit.file("a.txt", try Unit.sample(1)), "--period", "2023H1", "--kind", "党风廉政"], "one")
        try unit.huibao(["metric", Self.report, "开展集体廉政约谈", "5"], "one")
        try unit.edit("one", replacing: "领导干部讲党课3期", with: "领导干部讲党课4期")
        try unit.huibao(["submit", Self.report], "one")
        try Self.expectSameAsReference(unit, "one")
        // The reference sees the edits: the log is not trivially empty.
        let log = try unit.huibao(["log", Self.report], "one")
        // The first version, who imported it, the signature, two values, the submission.
        #expect(log.split(separator: "\n").count == 6, "\(log)")
        #expect(log.contains("imported by 张三 (") && log.contains("开展集体廉政约谈 = 5"), "\(log)")
    }

    @Test("two clerks who imported different first versions each show as their first version's importer")
    func differentFirstVersions() throws {
        let unit = try Unit()
        try unit.huibao(["init", "--unit", "某局", "--name", "张三"], "one")
        try unit.huibao(["init", "--unit", "某局", "--name", "李四"], "two")
        try unit.huibao(
            ["import", unit.file("a.txt", try Unit.sample(1)), "--period", "2023H1", "--kind", "党风廉政"], "one")
        try unit.huibao(
            ["import", unit.file("b.txt", try Unit.sample(2)), "--period", "2023H1", "--kind", "党风廉政"], "two")
        try unit.huibao(["merge-from", unit.path("two")], "one")
        try unit.huibao(["merge-from", unit.path("one")], "two")
        let log = try unit.huibao(["log", Self.report], "one")
        #expect(log.contains("imported by 张三 (") && log.contains("imported by 李四 ("), "\(log)")
        try Self.expectSameAsReference(unit, "one")
        try Self.expectSameAsReference(unit, "two")
    }

    @Test("one file imported by two clerks is one first version, shown as the earlier recorder's import")
    func sameFirstVersionTwice() throws {
        let unit = try Unit()
        try unit.huibao(["init", "--unit", "某局", "--name", "张三"], "one")
        try unit.huibao(["init", "--unit", "某局", "--name", "李四"], "two")
        let file = try unit.file("a.txt", try Unit.sample(1))
        try unit.huibao(["import", file, "--period", "2023H1", "--kind", "党风廉政"], "one")
        try unit.huibao(["import", file, "--period", "2023H1", "--kind", "党风廉政"], "two")
        try unit.huibao(["merge-from", unit.path("two")], "one")
        try Self.expectSameAsReference(unit, "one")
    }

    @Test("a merged concurrent history from several replicas, logged in the order the report holds it")
    func mergedConcurrentHistory() throws {
        let unit = try Unit()
        try unit.huibao(["init", "--unit", "某局", "--name", "张三"], "one")
        try unit.huibao(
            ["import", unit.file("a.txt", try Unit.sample(1)), "--period", "2023H1", "--kind", "党风廉政"], "one")
        try unit.huibao(["init", "--unit", "某局", "--name", "李四"], "two")
        try unit.huibao(["init", "--unit", "某局"], "three")
        try unit.huibao(["merge-from", unit.path("one")], "two")
        try unit.huibao(["merge-from", unit.path("one")], "three")
        // Concurrent edits: a value set twice (a conflict), text on both sides, a third replica.
        for round in 0..<4 {
            try unit.huibao(["metric", Self.report, "开展集体廉政约谈", "\(10 + round)"], "one")
            try unit.huibao(["metric", Self.report, "开展集体廉政约谈", "\(20 + round)"], "two")
            try unit.edit("two", replacing: "领导干部讲党课", with: "领导干部讲党课\(round)")
            try unit.edit("three", replacing: "一、", with: "一、\(round)")
        }
        try unit.huibao(["merge-from", unit.path("two")], "one")
        try unit.huibao(["merge-from", unit.path("three")], "one")
        try unit.huibao(["metric", Self.report, "开展集体廉政约谈", "30"], "one")
        try unit.huibao(["merge-from", unit.path("one")], "two")
        try unit.edit("two", replacing: "领导干部讲党课", with: "领导干部讲党课（合并后）")
        try unit.huibao(["merge-from", unit.path("two")], "one")
        try Self.expectSameAsReference(unit, "one")
        try Self.expectSameAsReference(unit, "two")
        // The case that matters for the order: the history read back from a checkpoint is not
        // the order the changes were logged in.
        #expect(try Self.historyOrderDiffersFromLog(unit, "one") || Self.historyOrderDiffersFromLog(unit, "two"))
    }

    @Test("a copy of a workspace merged back: its changes come in under the workspace's new replica id")
    func copiedWorkspaceMergedBack() throws {
        let unit = try Unit()
        try unit.huibao(["init", "--unit", "某局", "--name", "张三"], "one")
        try unit.huibao(
            ["import", unit.file("a.txt", try Unit.sample(1)), "--period", "2023H1", "--kind", "党风廉政"], "one")
        try FileManager.default.copyItem(atPath: unit.path("one"), toPath: unit.path("copy"))
        try unit.huibao(["metric", Self.report, "开展集体廉政约谈", "51"], "one")
        try unit.huibao(["metric", Self.report, "开展集体廉政约谈", "52"], "copy")
        try unit.edit("copy", replacing: "领导干部讲党课", with: "领导干部讲党课（副本）")
        try unit.huibao(["merge-from", unit.path("copy")], "one")
        try Self.expectSameAsReference(unit, "one")
    }

    @Test("a name recorded after the first changes names the replica in every line, old ones too")
    func nameRecordedLater() throws {
        let unit = try Unit()
        try unit.huibao(["init", "--unit", "某局"], "one")
        try unit.huibao(
            ["import", unit.file("a.txt", try Unit.sample(0)), "--period", "2023H1", "--kind", "党风廉政"], "one")
        try unit.edit("one", replacing: "一、", with: "一、（草稿）")
        let before = try unit.huibao(["log", Self.report], "one")
        try Self.expectSameAsReference(unit, "one")
        try unit.huibao(["config", "name", "王五"], "one")
        try unit.edit("one", replacing: "（草稿）", with: "")
        let after = try unit.huibao(["log", Self.report], "one")
        #expect(!before.contains("王五") && after.split(separator: "\n").allSatisfy { $0.contains("王五 (") }, "\(after)")
        try Self.expectSameAsReference(unit, "one")
    }
}
