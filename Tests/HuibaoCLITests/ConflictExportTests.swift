import Foundation
import Testing

/// `huibao export` of a report whose number two clerks set differently: the text keeps the
/// `{4|5}` form that `huibao edit` and re-import understand, and says in words what it is.
@Suite("export of a conflicted report (binary)")
struct ConflictExportTests {
    @Test("txt and md exports of a conflicted report list each conflict after the text, in the chosen language")
    func conflictedExport() throws {
        let root = try BinaryRunner.temporaryDirectory()
        func huibao(_ arguments: [String], _ workspace: String, language: String = "en") throws -> String {
            let result = try BinaryRunner.run(
                arguments + ["--workspace", root.appendingPathComponent(workspace).path],
                environment: ["HUIBAO_LANG": language])
            #expect(result.status == 0, "huibao \(arguments): \(result.stderr)")
            return result.stdout
        }
        let text = "一、工作情况\n开展集体廉政约谈3次，成效明显。\n"
        let file = root.appendingPathComponent("report.txt")
        try Data(text.utf8).write(to: file)
        _ = try huibao(["init", "--unit", "某局", "--name", "张三"], "one")
        _ = try huibao(["import", file.path, "--period", "2023H1", "--kind", "党建"], "one")
        _ = try huibao(["init", "--unit", "某局", "--name", "李四"], "two")
        _ = try huibao(["merge-from", root.appendingPathComponent("one").path], "two")
        // A clean report exports exactly its text.
        #expect(try huibao(["export", "2023H1/党建", "--format", "txt"], "one") == text)
        _ = try huibao(["metric", "2023H1/党建", "开展集体廉政约谈", "4"], "one")
        _ = try huibao(["metric", "2023H1/党建", "开展集体廉政约谈", "5"], "two")
        _ = try huibao(["merge-from", root.appendingPathComponent("two").path], "one")

        let chinese = try huibao(["export", "2023H1/党建", "--format", "txt"], "one", language: "zh")
        let marked = chinese.contains("约谈{4|5}次") ? "4（张三） 或 5（李四）" : "5（李四） 或 4（张三）"
        #expect(chinese.hasPrefix("一、工作情况\n开展集体廉政约谈{"), "\(chinese)")
        #expect(chinese.contains("待处理的冲突：1 处"), "\(chinese)")
        #expect(chinese.contains("  第2行 开展集体廉政约谈：\(marked)（次）\n"), "\(chinese)")
        #expect(chinese.contains("huibao resolve"))

        let english = try huibao(["export", "2023H1/党建", "--format", "txt"], "one")
        #expect(english.contains("conflicts to resolve: 1"), "\(english)")
        #expect(
            english.contains(
                "  line 2 开展集体廉政约谈: \(marked.replacingOccurrences(of: "（张三） 或 ", with: " (张三) or ").replacingOccurrences(of: "（李四） 或 ", with: " (李四) or ").replacingOccurrences(of: "（张三）", with: " (张三)").replacingOccurrences(of: "（李四）", with: " (李四)")) (次)\n"
            ))

        // The exported file applied back changes nothing: the list is left out, the conflict stays.
        let exported = root.appendingPathComponent("exported.txt")
        try Data(chinese.utf8).write(to: exported)
        let log = try huibao(["log", "2023H1/党建"], "one")
        let applied = try BinaryRunner.run(
            ["apply", "2023H1/党建", exported.path, "--workspace", root.appendingPathComponent("one").path],
            environment: ["HUIBAO_LANG": "zh"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stderr.contains("已略去 huibao export 附在正文后的冲突清单"), "\(applied.stderr)")
        #expect(try huibao(["log", "2023H1/党建"], "one") == log)
        #expect(try huibao(["export", "2023H1/党建", "--format", "txt"], "one", language: "zh") == chinese)

        let markdown = try huibao(["export", "2023H1/党建", "--format", "md"], "one", language: "zh")
        #expect(markdown.contains("> ———— 待处理的冲突：1 处"), "\(markdown)")
        #expect(markdown.contains("> 两人同时填写了不同的数值，正文中以 {甲\\|乙} 标出"), "\(markdown)")

        // Keeping one value in the text and applying it settles the conflict, as the list says.
        let settled = root.appendingPathComponent("settled.txt")
        let body = String(chinese[..<(try #require(chinese.range(of: "———— 待处理的冲突：")).lowerBound)])
        let one = body.replacingOccurrences(of: "{4|5}", with: "5").replacingOccurrences(of: "{5|4}", with: "5")
        try Data(one.utf8).write(to: settled)
        let kept = try BinaryRunner.run(
            ["apply", "2023H1/党建", settled.path, "--workspace", root.appendingPathComponent("one").path],
            environment: ["HUIBAO_LANG": "zh"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try huibao(["conflicts", "2023H1/党建"], "one", language: "zh") == "没有冲突\n")
        #expect(!(try huibao(["export", "2023H1/党建", "--format", "txt"], "one", language: "zh")).contains("待处理的冲突"))
    }
}
