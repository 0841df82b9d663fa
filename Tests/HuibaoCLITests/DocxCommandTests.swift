import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import Testing

/// Word documents through the real `huibao` binary: import, apply, inspect, roundtrip, export.
@Suite("huibao with Word documents (binary)", .serialized)
struct DocxCommandTests {
    /// The .docx fixtures LibreOffice made (Tests/HuibaoDocxTests/Fixtures/README.md).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HuibaoDocxTests/Fixtures")

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws
        -> BinaryRunner.Result
    {
        try BinaryRunner.run(arguments + ["--workspace", directory.path], environment: environment)
    }

    @Test("import a .docx, export it as .docx, apply an edited .docx: only the edit is recorded")
    func importExportApply() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let docx = Self.fixtures.appendingPathComponent("report-001.docx").path
        let imported = try Self.run(["import", docx, "--period", "2023H1", "--kind", "党风廉政"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("16 metric(s)"))
        #expect(imported.stderr.contains("note: left out the headers and footers"), "\(imported.stderr)")
        // The same text as the .txt sample.
        let text = try Self.run(["export", "2023H1/党风廉政", "--format", "txt"], in: directory)
        let sample = try ReportText(
            bytes: [UInt8](Data(contentsOf: BinaryRunner.samples.appendingPathComponent("report-001.txt"))), source: "s"
        )
        #expect(text.stdout == sample.text)

        let exported = directory.appendingPathComponent("导出.docx")
        let export = try Self.run(["export", "2023H1/党风廉政", "--format", "docx", "-o", exported.path], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        // Unchanged, the exported document records nothing.
        let same = try Self.run(["apply", "2023H1/党风廉政", exported.path], in: directory)
        #expect(same.stdout.contains("no differences"), "\(same.stdout) \(same.stderr)")

        // A clerk changes a number and a word in Word: a document with the edited text.
        let read = try DocxReader.read(bytes: [UInt8](Data(contentsOf: exported)), source: "e")
        #expect(read.text == sample.text)
        let editedText = read.text.replacingOccurrences(of: "领导干部讲党课3期", with: "领导干部讲党课4期")
            .replacingOccurrences(of: "强化安排部署", with: "加强安排部署")
        let edited = directory.appendingPathComponent("改后.docx")
        let document = OfficialDocument(snapshot: ReportSnapshot(report: ReportText(text: editedText)))
        try Data(DocxWriter.write(document)).write(to: edited)
        let applied = try Self.run(["apply", "2023H1/党风廉政", edited.path], in: directory)
        #expect(applied.status == 0, "\(applied.stderr)")
        // One metric write, one deletion and one insertion.
        #expect(applied.stdout.contains("recorded 3 operation(s)"), "\(applied.stdout) \(applied.stderr)")
        let after = try Self.run(["export", "2023H1/党风廉政", "--format", "txt"], in: directory)
        #expect(after.stdout == editedText)
        let metric = try Self.run(["metric", "2023H1/党风廉政"], in: directory)
        #expect(metric.stdout.contains("讲党课 = 4 期"), "\(metric.stdout)")
    }

    @Test("inspect and roundtrip read a .docx; the structure comes from Word's numbering")
    func inspectAndRoundtrip() throws {
        let docx = Self.fixtures.appendingPathComponent("report-000.docx").path
        let inspect = try BinaryRunner.run(["inspect", docx])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("二、上半年工作存在的问题与不足"))
        #expect(inspect.stdout.contains("  （五）"))
        let roundtrip = try BinaryRunner.run(["roundtrip", docx])
        #expect(roundtrip.status == 0, "\(roundtrip.stderr)")
        let sample = try ReportText(
            bytes: [UInt8](Data(contentsOf: BinaryRunner.samples.appendingPathComponent("report-000.txt"))), source: "s"
        )
        #expect(roundtrip.stdout == sample.text)
        let table = try BinaryRunner.run(["inspect", Self.fixtures.appendingPathComponent("table-revisions.docx").path])
        #expect(table.stdout.contains("line 7: 廉政约谈 = 3 次"), "\(table.stdout)")
    }

    @Test("export --format docx writes a package to a pipe or a file; HQ export takes docx as a format")
    func exportToPipe() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let sample = BinaryRunner.samples.appendingPathComponent("report-002.txt").path
        #expect(try Self.run(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], in: directory).status == 0)
        // Standard output here is a pipe, not a terminal: the bytes are the package.
        let piped = try Self.run(["export", "2023H1/党风廉政", "--format", "docx"], in: directory)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("PK"))
        // On a terminal (script(1) gives the command one), the package is refused: use -o.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
            let command = [
                BinaryRunner.huibao.path, "export", "2023H1/党风廉政", "--format", "docx", "--workspace", directory.path,
            ]
            .map { "'\($0)'" }.joined(separator: " ")
            let terminal = try BinaryRunner.run(
                ["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
            #expect(terminal.status != 0)
            #expect(terminal.stdout.contains("not to a terminal; give -o FILE"), "\(terminal.stdout)")
            #expect(!terminal.stdout.contains("PK"))
        }
        let help = try BinaryRunner.run(["hq", "export", "--help"])
        #expect(help.stdout.contains("docx"))
        let refused = try BinaryRunner.run(["hq", "export", "--period", "p", "--kind", "k", "--format", "pdf"])
        #expect(refused.stderr.contains("md, txt, csv, json or docx"), "\(refused.stderr)")
    }

    @Test("a damaged .docx, an encrypted one and a .doc without LibreOffice fail in one line naming the file")
    func badFiles() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("坏.docx")
        let bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent("report-000.docx"))
        try bytes.prefix(bytes.count / 2).write(to: broken)
        let encrypted = Self.fixtures.appendingPathComponent("encrypted.docx").path
        let doc = Self.fixtures.appendingPathComponent("table-revisions.doc").path
        for (file, words) in [
            (broken.path, "不是有效的 Word 文档"), (encrypted, "文档已加密"), (doc, "需要 LibreOffice（soffice）"),
        ] {
            let result = try BinaryRunner.run(
                ["inspect", file], environment: ["HUIBAO_LANG": "zh", "PATH": "/nonexistent"])
            #expect(result.status != 0)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(file) && result.stderr.contains(words), "\(result.stderr)")
        }
    }
}
