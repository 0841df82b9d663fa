import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// Times the workspace: importing report files, appending many single-character edits, and
/// opening a workspace whose report has that many changes to print it.
struct StoreBenchmark {
    var files: [String]
    var edits: Int
    var reps: Int
    /// Keep the workspace in this directory instead of a temporary one that is removed.
    var keep: String?

    func run() throws -> BenchmarkResult {
        let directory =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("huibao-bench-\(UUID().uuidString)").path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let workspace = try Workspace.create(at: directory, unit: "某局", server: nil)

        // Import every file as its own report, as `huibao import` does.
        let (_, importTime) = try milliseconds {
            for (index, file) in files.enumerated() {
                let report = try ReportText(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: file))), source: file)
                let document = try ReportDocument.importing(
                    report, metadata: ReportMetadata(unit: "某局", period: "P\(index)", kind: "k"),
                    replica: workspace.replica, wallTime: 0)
                try workspace.save(document)
            }
        }

        // Append single-character edits, each its own change, in transactions of 1,000.
        let id = ReportSummary.id(unit: "某局", period: "P0", kind: "k")
        var document = try workspace.load(id).document
        let imported = document.changes.count  // the first version and who imported it
        var storeTime = 0.0
        let (_, appendTime) = try milliseconds {
            var batch: [Change] = []
            for k in 0..<edits {
                try document.insert(k % 7 == 0 ? "。" : "字", at: (k * 7919) % (document.textLength + 1))
                if let change = document.commit(wallTime: Int64(k)) { batch.append(change) }
                if batch.count == 1_000 || k == edits - 1 {
                    let (_, time) = try milliseconds { try workspace.append(batch, to: id) }
                    storeTime += time
                    batch.removeAll(keepingCapacity: true)
                }
            }
        }
        // One transaction per edit, for comparison.
        let single = min(2_000, edits)
        let (_, singleTime) = try milliseconds {
            for k in 0..<single {
                try document.insert("字", at: k % (document.textLength + 1))
                if let change = document.commit(wallTime: Int64(edits + k)) { try workspace.append([change], to: id) }
            }
        }
        // A kept workspace also keeps a copy from before the checkpoint (the database and its
        // write-ahead log, both idle now), to time or profile the checkpoint alone:
        // `cp DIR/before-checkpoint/* DIR/ && huibao show P0/k --workspace DIR`.
        if let keep {
            let copy = keep + "/before-checkpoint"
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            for name in [Workspace.fileName, Workspace.fileName + "-wal"]
            where FileManager.default.fileExists(atPath: keep + "/" + name) {
                try FileManager.default.copyItem(atPath: keep + "/" + name, toPath: copy + "/" + name)
            }
        }
        // The first print after the edits loads the report and writes a checkpoint.
        let (_, checkpointTime) = try milliseconds { _ = try workspace.renderedText(of: id) }
        var openTimes: [Double] = []
        var ok = true
        for _ in 0..<reps {
            let (text, time) = try milliseconds { () throws -> String in
                let reopened = try Workspace(opening: directory)
                return try reopened.renderedText(of: reopened.resolve("P0/k").id)
            }
            openTimes.append(time)
            ok = ok && text == ReportDocument(document: document).snapshot().text
        }
        let (loaded, loadTime) = try milliseconds { try Workspace(opening: directory).load(id) }
        ok = ok && loaded.document.changes.count == edits + single + imported
        try workspace.verify()
        return BenchmarkResult(fields: [
            ("files", files.count), ("import_all_ms", importTime), ("edits", edits),
            ("edits_per_s", Double(edits) / (appendTime / 1000)),
            ("store_append_edits_per_s", Double(edits) / (storeTime / 1000)),
            ("transaction_per_edit_per_s", Double(single) / (singleTime / 1000)), ("checkpoint_ms", checkpointTime),
            ("open_and_print_ms", median(openTimes)), ("full_load_ms", loadTime),
            ("changes", loaded.document.changes.count), ("ok", ok), ("reps", reps),
        ])
    }
}
