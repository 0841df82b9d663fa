import Foundation
import HuibaoModel
import HuibaoReport

/// Times report import (decode, structure, metrics, document) and a one-number re-import on a
/// report of at least 10,000 characters made by repeating the given report files.
struct ReportBenchmark {
    var files: [String]
    var reps: Int
    var minimumLength = 10_000

    func run() throws -> BenchmarkResult {
        var texts: [String] = []
        for file in files {
            texts.append(
                try ReportText(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: file))), source: file).text)
        }
        var text = ""
        var index = 0
        while text.unicodeScalars.count < minimumLength {
            text += texts[index % texts.count] + (texts[index % texts.count].hasSuffix("\n") ? "" : "\n")
            index += 1
        }
        let bytes = Array(text.utf8)
        // The edited version: the first Arabic metric value + 1.
        let snapshot = ReportSnapshot(report: ReportText(text: text))
        guard let metric = snapshot.metrics.first(where: { $0.value != nil }), let value = metric.value else {
            throw EditingTrace.FormatError(description: "the reports hold no numeric metric to change")
        }
        var scalars = Array(text.unicodeScalars)
        scalars.replaceSubrange(metric.range, with: String(Int(value) + 1).unicodeScalars)
        let edited = ReportText(text: String(String.UnicodeScalarView(scalars)))

        var importTimes: [Double] = []
        var reimportTimes: [Double] = []
        var ok = true
        var metrics = 0
        var operations = 0
        for _ in 0..<reps {
            let (imported, importTime) = try milliseconds { () throws -> (ReportDocument, ReportSnapshot) in
                let report = try ReportText(bytes: bytes, source: "bench")
                let document = try ReportDocument.importing(
                    report, metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 0)
                return (document, document.snapshot())
            }
            importTimes.append(importTime)
            metrics = imported.1.metrics.count
            ok = ok && imported.1.text == text
            var document = imported.0
            let (change, reimportTime) = try milliseconds { () throws -> Change? in
                let change = try document.reimport(edited, wallTime: 1)
                _ = document.snapshot()
                return change
            }
            reimportTimes.append(reimportTime)
            operations = change?.operations.count ?? 0
            ok = ok && document.snapshot().text == edited.text && operations == 1
        }
        return BenchmarkResult(fields: [
            ("report", "samples×\(index)"), ("chars", text.unicodeScalars.count), ("metrics", metrics),
            ("ok", ok), ("import_ms", median(importTimes)), ("reimport_one_number_ms", median(reimportTimes)),
            ("reimport_operations", operations), ("reps", reps),
        ])
    }
}
