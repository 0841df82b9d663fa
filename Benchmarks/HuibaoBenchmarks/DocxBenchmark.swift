import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport

/// Times reading a Word document of about 10,000 characters (LibreOffice's, with automatic
/// numbering) as report text, importing it into a document, and exporting the report as a
/// .docx in the official-document layout; checks that the export reads back to the same text.
struct DocxBenchmark {
    /// The .docx to read.
    var file: String
    var reps: Int

    /// The benchmark's document in the repository (Tests/HuibaoDocxTests/Fixtures/README.md).
    static let defaultFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/HuibaoDocxTests/Fixtures/bench-10k.docx").path

    func run() throws -> BenchmarkResult {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        var readTimes: [Double] = []
        var importTimes: [Double] = []
        var exportTimes: [Double] = []
        var ok = true
        var characters = 0
        var metrics = 0
        var exportedBytes = 0
        for _ in 0..<reps {
            let (report, readTime) = try milliseconds { () throws -> ReportText in
                try DocxReader.read(bytes: bytes, source: file)
            }
            readTimes.append(readTime)
            characters = report.text.unicodeScalars.count
            let (document, importTime) = try milliseconds { () throws -> ReportDocument in
                let report = try DocxReader.read(bytes: bytes, source: file)
                return try ReportDocument.importing(
                    report, metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 0)
            }
            importTimes.append(importTime)
            let snapshot = document.snapshot()
            metrics = snapshot.metrics.count
            let (exported, exportTime) = try milliseconds { () throws -> [UInt8] in
                try DocxWriter.write(OfficialDocument(snapshot: document.snapshot()))
            }
            exportTimes.append(exportTime)
            exportedBytes = exported.count
            let back = try DocxReader.read(bytes: exported, source: "export")
            ok = ok && back.text == report.text
        }
        return BenchmarkResult(fields: [
            ("docx", URL(fileURLWithPath: file).lastPathComponent), ("bytes", bytes.count), ("chars", characters),
            ("metrics", metrics), ("ok", ok), ("read_ms", median(readTimes)), ("import_ms", median(importTimes)),
            ("export_ms", median(exportTimes)), ("export_bytes", exportedBytes), ("reps", reps),
        ])
    }
}
