import Foundation
import HuibaoStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Whole scenarios with the real `huibao` binary in temporary workspaces.
@Suite("huibao workspace scenarios (binary)", .serialized)
struct WorkspaceScenarioTests {
    static func run(_ arguments: [String], in directory: URL) throws -> BinaryRunner.Result {
        try BinaryRunner.run(arguments + ["--workspace", directory.path])
    }

    @Test("init, import a sample, set a metric, apply an edit, log and export")
    func scenario() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let imported = try Self.run(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("16 metric(s)"))
        let set = try Self.run(["metric", "2023H1/党风廉政", "开展集体廉政约谈", "5"], in: directory)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("3 → 5"))
        let exported = try Self.run(["export", "2023H1/党风廉政", "--format", "txt"], in: directory)
        #expect(exported.stdout.contains("开展集体廉政约谈5次"))
        let edited = directory.appendingPathComponent("edited.txt")
        try Data(exported.stdout.replacingOccurrences(of: "领导干部讲党课3期", with: "领导干部讲党课4期").utf8).write(to: edited)
        let applied = try Self.run(["apply", "2023H1/党风廉政", edited.path], in: directory)
        #expect(applied.stdout.contains("recorded 1 operation(s)"), "\(applied.stdout) \(applied.stderr)")
        let log = try Self.run(["log", "2023H1/党风廉政", "--json"], in: directory)
        let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]]
        // The first version, who imported it, the metric, the applied edit.
        #expect(entries?.count == 4)
        let list = try Self.run(["list"], in: directory)
        #expect(list.stdout.contains("2023H1/党风廉政"))
        let show = try Self.run(["show", "2023H1/党风廉政"], in: directory)
        #expect(show.stdout.contains("领导干部讲党课4期"))
        let markdown = try Self.run(["export", "2023H1/党风廉政", "--format", "md"], in: directory)
        #expect(markdown.stdout.contains("## 一、"))
        try Workspace(opening: directory.path).verify()
    }

    @Test("new, edit through $EDITOR, diff and blame")
    func editDiffBlame() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let created = try Self.run(["new", "--period", "2023H2", "--kind", "党建"], in: directory)
        #expect(created.status == 0 && created.stdout.contains("created"))
        #expect(try Self.run(["new", "--period", "2023H2", "--kind", "党建"], in: directory).status != 0)
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try Self.run(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], in: directory).status == 0)
        let editor = directory.appendingPathComponent("editor.sh")
        try Data("#!/bin/sh\nsed -i 's/领导干部讲党课3期/领导干部讲党课5期/' \"$1\"\n".utf8).write(to: editor)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        let process = Process()
        process.executableURL = BinaryRunner.huibao
        process.arguments = ["edit", "2023H1/党风廉政", "--workspace", directory.path]
        process.environment = ["EDITOR": editor.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let diff = try Self.run(["diff", "2023H1/党风廉政"], in: directory)
        // One line, the changed number marked inside it.
        #expect(diff.stdout.split(separator: "\n").count == 1, "\(diff.stdout)")
        #expect(diff.stdout.hasPrefix("~") && diff.stdout.contains("领导干部讲党课[-3-]{+5+}期"), "\(diff.stdout)")
        let blame = try Self.run(["blame", "2023H1/党风廉政", "--json"], in: directory)
        let lines = try JSONSerialization.jsonObject(with: Data(blame.stdout.utf8)) as? [[String: Any]]
        let changes = Set((lines ?? []).compactMap { $0["change"] as? String })
        #expect(changes.count == 2, "the edited line has the edit's change, the others the import's")
        #expect(lines?[3]["change"] as? String != lines?[0]["change"] as? String)
    }

    @Test("commands outside a workspace and with bad references fail with one line")
    func errors() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let outside = try Self.run(["list"], in: directory)
        #expect(outside.status != 0)
        #expect(outside.stderr.contains("not a Huibao workspace"))
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let missing = try Self.run(["show", "2023H1/none"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no report matches"))
        let half = try Self.run(["metric", "x", "only-metric"], in: directory)
        #expect(half.status != 0)
    }

    @Test("a unit name with a slash, a period that is not one and an empty kind are refused, naming the option")
    func badNames() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let slash = try Self.run(["init", "--unit", "甲局/乙局"], in: directory)
        #expect(
            slash.status != 0 && slash.stderr.contains("--unit") && slash.stderr.contains("\"/\""), "\(slash.stderr)")
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        let period = try Self.run(["import", sample, "--period", "上半年", "--kind", "k"], in: directory)
        #expect(period.status != 0 && period.stderr.contains("--period") && period.stderr.contains("2023H1"))
        let kind = try Self.run(["import", sample, "--period", "2023H1", "--kind", " "], in: directory)
        #expect(kind.status != 0 && kind.stderr.contains("--kind: the kind must not be empty"), "\(kind.stderr)")
        let server = try BinaryRunner.run(
            ["unit", "add", "某局 ", "--data", directory.appendingPathComponent("server").path],
            executable: SyncScenarioTests.server)
        #expect(server.status != 0 && server.stderr.contains("space"), "\(server.stderr)")
        #expect(try Self.run(["list"], in: directory).stdout.hasPrefix("no reports yet"))
        // A folder or a missing file: one line, no Foundation error dump.
        let folder = try Self.run(["import", "/tmp", "--period", "2023H1", "--kind", "k"], in: directory)
        #expect(folder.stderr == "Error: /tmp is a folder; give a report file\n", "\(folder.stderr)")
        let missing = try Self.run(["import", "/nonexistent.txt", "--period", "2023H1", "--kind", "k"], in: directory)
        #expect(missing.stderr == "Error: /nonexistent.txt: no such file\n", "\(missing.stderr)")
        // Notepad's "Unicode" (UTF-16 with a byte-order mark) is converted, and said so.
        let utf16 = directory.appendingPathComponent("notepad.txt")
        let text = try String(contentsOf: URL(fileURLWithPath: sample), encoding: .utf8)
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data(bytes).write(to: utf16)
        let imported = try Self.run(["import", utf16.path, "--period", "2023H1", "--kind", "k"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("converted from UTF-16LE"), "\(imported.stderr)")
        #expect(try Self.run(["export", "2023H1/k", "--format", "txt"], in: directory).stdout == text)
        // A negative value, which the argument parser would take for an option.
        let negative = try Self.run(["metric", "2023H1/k", "开展集体廉政约谈", "-1"], in: directory)
        #expect(negative.status != 0 && negative.stderr.contains("-1 is negative"), "\(negative.stderr)")
    }

    @Test("a read-only workspace is called read-only, not damaged")
    func readOnlyWorkspace() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        let files = [directory.path, directory.appendingPathComponent("huibao.sqlite").path]
        var arguments = ["list", "--workspace", directory.path]
        var executable = BinaryRunner.huibao
        if getuid() == 0 {
            // Root writes anywhere: run as `nobody`, who may read the workspace but not write it.
            for file in files {
                try FileManager.default.setAttributes(
                    [.ownerAccountID: 0, .posixPermissions: 0o755], ofItemAtPath: file)
            }
            // A copy of the binary where `nobody` may run it, wherever the build is.
            let copy = try BinaryRunner.temporaryDirectory().appendingPathComponent("huibao")
            try FileManager.default.copyItem(at: BinaryRunner.huibao, to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
            arguments = ["-u", "nobody", "--", copy.path] + arguments
            executable = URL(fileURLWithPath: "/usr/sbin/runuser")
        } else {
            for file in files { try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: file) }
        }
        defer {
            for file in files { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        }
        let result = try BinaryRunner.run(arguments, executable: executable)
        #expect(result.status != 0 && result.stderr.contains("is read-only"), "\(result.stderr)")
        #expect(!result.stderr.contains("damaged"))
    }

    @Test("SIGKILL at random moments during writes never leaves a workspace that fails to verify")
    func crashDuringWrites() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let sample = BinaryRunner.samples.appendingPathComponent("report-000.txt").path
        #expect(try Self.run(["init", "--unit", "某局"], in: directory).status == 0)
        #expect(try Self.run(["import", sample, "--period", "2023H1", "--kind", "k"], in: directory).status == 0)
        var generator = SystemRandomNumberGenerator()
        var committed = 1
        for round in 0..<24 {
            let process = Process()
            process.executableURL = BinaryRunner.huibao
            let period = String(2000 + round)
            process.arguments = ["import", sample, "--period", period, "--kind", "k", "--workspace", directory.path]
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            usleep(UInt32.random(in: 0..<60_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let workspace = try Workspace(opening: directory.path)
            try workspace.verify()
            let count = try workspace.reports().count
            #expect(count >= committed)
            committed = count
        }
    }
}
