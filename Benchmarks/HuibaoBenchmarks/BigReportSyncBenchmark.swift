import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import HuibaoStore

/// Times `huibao sync` of reports with a long history against a real `huibao-server`: the
/// upload from the workspace that made it, the download into a new workspace, and a no-op sync.
/// Runs the `huibao` binary next to this one, as a user does.
struct BigReportSyncBenchmark {
    /// Single-character edits after the import (each its own change).
    var edits: Int
    /// How many such reports (periods 2001, 2002, …; one report is 2023H1).
    var reports: Int
    var report: String
    var reps: Int
    /// A directory to leave the workspaces and the server's data in, if any.
    var keep: String?

    func run() async throws -> BenchmarkResult {
        let root =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("huibao-bigsync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: root) } }
        let data = (root as NSString).appendingPathComponent("server")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let service = SyncService(
            storage: try SQLiteStorage(path: (data as NSString).appendingPathComponent("server.sqlite")))
        _ = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let token = try await service.registry.addUnit(name: "某局", parent: "HQ", isHQ: false).1
        let server = try ServerProcess(arguments: ["--data", data])

        // The author's workspace: the imported report, then one change per character typed.
        let authorPath = (root as NSString).appendingPathComponent("author")
        let author = try Workspace.create(at: authorPath, unit: "某局", server: nil)
        try author.login(server: server.base, token: token)
        let text = try ReportText(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: report))), source: report)
        let periods = reports == 1 ? ["2023H1"] : (0..<reports).map { String(2001 + $0) }
        var changes = 0
        for period in periods {
            var document = try ReportDocument.importing(
                text, metadata: ReportMetadata(unit: "某局", period: period, kind: "党风廉政"),
                replica: author.replica, wallTime: 0
            ).document
            try author.save(ReportDocument(document: document))
            let id = ReportSummary.id(unit: "某局", period: period, kind: "党风廉政")
            var batch: [Change] = []
            for k in 0..<edits {
                try document.insert(k % 7 == 0 ? "。" : "字", at: (k * 7919) % (document.textLength + 1))
                if let change = document.commit(wallTime: Int64(k)) { batch.append(change) }
                if batch.count == 1_000 || k == edits - 1 {
                    try author.append(batch, to: id)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            changes += try author.resolve(id).changeCount
        }
        let (_, upload) = try milliseconds { try HuibaoBinary.run(["sync"], authorPath) }
        var downloads: [Double] = []
        var noops: [Double] = []
        var ok = true
        for rep in 0..<reps {
            let readerPath = (root as NSString).appendingPathComponent("reader\(rep)")
            _ = try Workspace.create(at: readerPath, unit: "某局", server: nil)
            try HuibaoBinary.run(["login", "--server", server.base, "--token", token], readerPath)
            let (_, download) = try milliseconds { try HuibaoBinary.run(["sync"], readerPath) }
            downloads.append(download)
            let (_, noop) = try milliseconds { try HuibaoBinary.run(["sync"], readerPath) }
            noops.append(noop)
            let reader = try Workspace(opening: readerPath)
            for period in periods {
                let id = ReportSummary.id(unit: "某局", period: period, kind: "党风廉政")
                let same = try reader.renderedText(of: id) == author.renderedText(of: id)
                let count = try reader.resolve(id).changeCount == author.resolve(id).changeCount
                ok = ok && same && count
            }
        }
        withExtendedLifetime(server) {}
        return BenchmarkResult(fields: [
            ("reports", reports), ("changes", changes), ("upload_ms", upload), ("download_ms", median(downloads)),
            ("noop_sync_ms", median(noops)), ("ok", ok), ("reps", reps),
        ])
    }
}
