import Foundation
import Testing

/// Submission and review through the real binaries and a real server on loopback.
@Suite("workflow: submit, return, approve (binaries, loopback)", .serialized)
struct WorkflowScenarioTests {
    @Test("HQ returns with a comment, the unit resubmits, HQ approves; a later edit shows as changed since approval")
    func reviewCycle() throws {
        let root = try BinaryRunner.temporaryDirectory()
        let data = root.appendingPathComponent("server").path
        let tokenHQ = try SyncScenarioTests.runServer(["unit", "add", "HQ", "--hq", "--data", data])
        let tokenA = try SyncScenarioTests.runServer(["unit", "add", "某局", "--parent", "HQ", "--data", data])
        let (server, port) = try SyncScenarioTests.start(data: data)
        defer { server.terminate() }
        let url = "http://127.0.0.1:\(port)"
        func huibao(_ arguments: [String], _ workspace: String) throws -> BinaryRunner.Result {
            let result = try BinaryRunner.run(
                arguments + ["--workspace", root.appendingPathComponent(workspace).path])
            return result
        }
        for (workspace, unit, token) in [("a", "某局", tokenA), ("hq", "HQ", tokenHQ)] {
            #expect(try huibao(["init", "--unit", unit], workspace).status == 0)
            #expect(try huibao(["login", "--server", url, "--token", token], workspace).status == 0)
        }
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try huibao(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], "a").status == 0)
        #expect(try huibao(["status"], "a").stdout.contains("某局/2023H1/党风廉政  draft"))
        #expect(try huibao(["submit", "2023H1/党风廉政"], "a").status == 0)
        #expect(try huibao(["sync"], "a").status == 0)
        #expect(try huibao(["sync"], "hq").status == 0)
        #expect(try huibao(["status"], "hq").stdout.contains("某局/2023H1/党风廉政  submitted"))

        // Returning needs a comment; with one, the unit sees it after syncing.
        let bare = try huibao(["hq", "return", "某局", "2023H1/党风廉政"], "hq")
        #expect(bare.status != 0 && bare.stderr.contains("--comment"))
        #expect(try huibao(["hq", "return", "某局", "2023H1/党风廉政", "--comment", "请核实约谈次数"], "hq").status == 0)
        #expect(try huibao(["sync"], "hq").status == 0)
        #expect(try huibao(["sync"], "a").status == 0)
        let returned = try huibao(["status", "2023H1/党风廉政"], "a").stdout
        #expect(returned.contains("returned") && returned.contains("请核实约谈次数"), "\(returned)")

        // The unit approving itself: refused at once, nothing recorded (the server would refuse
        // it by role; SyncIntegrityTests covers a step that reaches the server).
        #expect(try huibao(["metric", "2023H1/党风廉政", "开展集体廉政约谈", "4"], "a").status == 0)
        #expect(try huibao(["submit", "2023H1/党风廉政"], "a").status == 0)
        #expect(try huibao(["sync"], "a").status == 0)
        let refused = try huibao(["hq", "approve", "某局", "2023H1/党风廉政"], "a")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("cannot approve its own report"), "\(refused.stderr)")

        // HQ approves the resubmitted version; the unit's later edit shows with the diff.
        #expect(try huibao(["sync"], "hq").status == 0)
        #expect(try huibao(["hq", "approve", "某局", "2023H1/党风廉政"], "hq").status == 0)
        #expect(try huibao(["sync"], "hq").status == 0)
        #expect(try huibao(["sync"], "a").status == 0)
        #expect(try huibao(["status"], "a").stdout.contains("某局/2023H1/党风廉政  approved\n"))
        #expect(try huibao(["metric", "2023H1/党风廉政", "开展集体廉政约谈", "7"], "a").status == 0)
        let changed = try huibao(["status", "2023H1/党风廉政"], "a").stdout
        #expect(changed.contains("approved, changed since approval"), "\(changed)")
        #expect(changed.contains("约谈[-4-]{+7+}次"), "\(changed)")
    }
}
