import Foundation
import HuibaoModel
import HuibaoReport
import Testing

/// Runs the real `huibao` binary on report files.
@Suite("huibao inspect and roundtrip (binary)")
struct ReportCommandTests {
    @Test("the binary is built next to the tests")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: BinaryRunner.huibao.path), "\(BinaryRunner.huibao.path)")
    }

    @Test(
        "roundtrip prints each sample back exactly and exits 0",
        arguments: ["report-000.txt", "report-001.txt", "report-002.txt"])
    func roundtripSamples(name: String) throws {
        let path = BinaryRunner.samples.appendingPathComponent(name).path
        let result = try BinaryRunner.run(["roundtrip", path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try ReportText(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), source: name)
        #expect(result.stdout == expected.text)
        #expect(result.stderr.contains("##paid") == (name == "report-002.txt"))
    }

    @Test("inspect --json gives metrics with labels, values, units and places")
    func inspectJSON() throws {
        let path = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        let result = try BinaryRunner.run(["inspect", "--json", path])
        #expect(result.status == 0)
        let snapshot = try JSONDecoder().decode(ReportSnapshot.self, from: Data(result.stdout.utf8))
        #expect(snapshot.metrics.count == 16)
        #expect(snapshot.metrics.first?.label == "组织开展理论学习中心组学习")
        #expect(snapshot.metrics.first?.value == 6)
        #expect(snapshot.structure.parts.count == 3)
    }

    @Test("inspect lists structure, metrics and warnings for a person")
    func inspectText() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("r.txt")
        try Data("一、情况\n一是学习3次。三是讨论*次。\n".utf8).write(to: file)
        let result = try BinaryRunner.run(["inspect", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("line 2: 学习 = 3 次"))
        #expect(result.stdout.contains("line 2: 讨论 = missing (*) 次"))
        #expect(result.stdout.contains("line 2: point 三是 skips number 2"))
    }

    @Test("a GB18030 file with CRLF round-trips, with notes on standard error")
    func gb18030() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("gb.txt")
        // "汇报如下：\r\n约谈1次" in GB18030.
        let bytes: [UInt8] = [
            0xBB, 0xE3, 0xB1, 0xA8, 0xC8, 0xE7, 0xCF, 0xC2, 0xA3, 0xBA, 0x0D, 0x0A, 0xD4, 0xBC, 0xCC, 0xB8, 0x31, 0xB4,
            0xCE,
        ]
        try Data(bytes).write(to: file)
        let result = try BinaryRunner.run(["roundtrip", file.path])
        #expect(result.status == 0)
        #expect(result.stdout == "汇报如下：\n约谈1次")
        #expect(result.stderr.contains("GB18030"))
        #expect(result.stderr.contains("line endings"))
    }

    @Test("a missing or undecodable file is a one-line error and a non-zero exit")
    func errors() throws {
        let missing = try BinaryRunner.run(["inspect", "/nonexistent/report.txt"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/report.txt"))
        let directory = try BinaryRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.txt")
        try Data([0x61, 0xFF, 0xFF, 0xFF]).write(to: file)
        let bad = try BinaryRunner.run(["roundtrip", file.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("byte 1"))
    }

    @Test("--help names the subcommands with an example")
    func help() throws {
        let result = try BinaryRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("inspect") && result.stdout.contains("roundtrip"))
        let sub = try BinaryRunner.run(["inspect", "--help"])
        #expect(sub.stdout.contains("Examples:"))
    }
}
