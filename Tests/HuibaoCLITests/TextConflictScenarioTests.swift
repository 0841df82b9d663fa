import Foundation
import Testing

/// Two clerks edit one sentence offline and merge: `huibao conflicts` lists it, `huibao accept`
/// settles it on both (real binary).
@Suite("text conflicts through the CLI (binary)")
struct TextConflictScenarioTests {
    @Test("concurrent edits of one sentence are listed with both edits; accepting clears them on both workspaces")
    func concurrentSentenceEdits() throws {
        let root = try BinaryRunner.temporaryDirectory()
        func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
            let result = try BinaryRunner.run(arguments + ["--workspace", root.appendingPathComponent(workspace).path])
            #expect(result.status == 0, "huibao \(arguments): \(result.stderr)")
            return result
        }
        let text = "一、工作情况\n开展廉政约谈3次，成效明显。\n二、存在问题\n学习不够深入。\n"
        let original = root.appendingPathComponent("report.txt")
        try Data(text.utf8).write(to: original)
        _ = try huibao(["init", "--unit", "某局"], "one")
        _ = try huibao(["import", original.path, "--period", "2023H1", "--kind", "党建"], "one")
        _ = try huibao(["init", "--unit", "某局"], "two")
        _ = try huibao(["merge-from", root.appendingPathComponent("one").path], "two")
        for (workspace, edited) in [
            ("one", text.replacingOccurrences(of: "开展廉政", with: "认真开展廉政")),
            ("two", text.replacingOccurrences(of: "，成效明显", with: "")),
        ] {
            let file = root.appendingPathComponent("\(workspace).txt")
            try Data(edited.utf8).write(to: file)
            _ = try huibao(["apply", "2023H1/党建", file.path], workspace)
        }
        #expect(try huibao(["conflicts", "2023H1/党建"], "one").stdout == "no conflicts\n")
        _ = try huibao(["merge-from", root.appendingPathComponent("two").path], "one")
        _ = try huibao(["merge-from", root.appendingPathComponent("one").path], "two")
        let listed = try huibao(["conflicts", "2023H1/党建"], "one").stdout
        #expect(listed.contains("line 2 concurrent edits"), "\(listed)")
        #expect(listed.contains("now reads “认真开展廉政约谈3次。”"))
        #expect(listed.contains("inserted “认真”") && listed.contains("deleted “，成效明显”"))
        #expect(try huibao(["conflicts", "2023H1/党建"], "two").stdout == listed)
        let id = try #require(listed.split(separator: "[").dropFirst().first?.prefix(while: { $0 != "]" }))
        let refused = try BinaryRunner.run([
            "accept", "2023H1/党建", "zzzz", "--workspace", root.appendingPathComponent("one").path,
        ])
        #expect(refused.status != 0 && refused.stderr.contains("no open text conflict"))
        #expect(try huibao(["accept", "2023H1/党建", String(id)], "one").stdout.contains("accepted line 2"))
        #expect(try huibao(["conflicts", "2023H1/党建"], "one").stdout == "no conflicts\n")
        _ = try huibao(["merge-from", root.appendingPathComponent("one").path], "two")
        #expect(try huibao(["conflicts", "2023H1/党建"], "two").stdout == "no conflicts\n")
    }
}
