import Foundation
import HuibaoModel
import HuibaoReport

#if canImport(Glibc)
    import Glibc

    /// glibc's `malloc_trim`, which the Glibc module does not export.
    @_silgen_name("malloc_trim")
    func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// `huibao-bench`: release-mode benchmarks that print one JSON object per line.
enum BenchmarkCommand {
    static let usage = """
        usage: huibao-bench trace [--edit] [--reps N] [--breakdown] [--load-loops N] PATH.json.gz [PATH...]
               huibao-bench merge [--reps N] PATH.json.gz [PATH...]
               huibao-bench report [--reps N] REPORT.txt [REPORT...]
               huibao-bench store [--edits N] [--reps N] [--keep DIR] REPORT.txt [REPORT...]
               huibao-bench sync [--units N] [--changes N] [--database URL] [--servers N] [--uploaders N]
               huibao-bench bigsync [--edits N] [--reports N] [--reps N] [--keep DIR] REPORT.txt
               huibao-bench concurrent [--clients N] [--reps N] REPORT.txt
               huibao-bench metrics [--verbose] REPORT.txt [REPORT...]
               huibao-bench docx [--reps N] [FILE.docx]

          trace  replays each editing trace as local edits of one replica (one change for the
                 whole trace, or one change per patch with --edit), checks the text, encodes the
                 full history, decodes it into a fresh replica and reads the text back.
                 --breakdown: the size of each section of the encoded body; --load-loops N:
                 loads the last document N more times (for profiling the load), with the
                 median and fastest of those loads.
          merge  splits each trace in two: both replicas share the first half, then each replays
                 the second half concurrently as a different replica; times merging the two
                 histories both ways and checks that the replicas converge.
          report repeats the report files into one report of at least 10,000 characters, times
                 its import (decoding, structure, metrics, document) and the re-import of a
                 copy with one number changed.
          sync   starts huibao-server (next to this binary) on loopback, uploads N units' reports
                 of M single-character changes each (default 100 × 5,000) into the empty
                 server, then times no-op round trips. --database URL: on PostgreSQL, in a new
                 database made with that URL's user; --servers N: N processes behind nginx
                 (huibao-server nginx-config); --uploaders N: N uploads at once (default 1).
          bigsync  imports REPORT into a workspace and types N (default 22,000) characters as
                 separate changes, starts huibao-server (next to this binary) and times
                 `huibao sync` (the binary next to this one) uploading the report, downloading
                 it into a new workspace, and a no-op sync; checks both workspaces agree.
                 --reports N: N such reports (periods 2001…), e.g. 50 × 10,000 edits;
                 --keep DIR leaves the workspaces and the server's data in DIR.
          concurrent  N clerks (default 50, 5 per unit) of their units' reports, each with its own
                 workspace, set a number and run `huibao sync` all at once, --reps waves
                 (default 5); times each process from the common start (p50, p99) and checks
                 every unit's clerks end identical.
          hq     builds a server database of N units (default 1,000, in groups of 100 under
                 intermediate HQs), each with an approved report of M indicators (--indicators,
                 default 50), starts huibao-server on it and times HQ's totals (in process and
                 over HTTP, on just-started processes and warm) and the dashboard's status page;
                 checks the totals. --database URL: on PostgreSQL, as for sync.
          store  in a temporary workspace: imports the reports, appends N (default 100,000)
                 single-character edits as separate changes in transactions of 1,000, then
                 times opening the workspace and printing the edited report (--keep DIR
                 leaves the workspace in DIR, e.g. to time `huibao show P0/k --workspace DIR`).
          metrics  scores the metrics found in each REPORT.txt against REPORT.metrics.tsv
                 (line, label, raw, unit per labelled metric): precision and recall of finding
                 the values, and of their labels (strict: equal; lenient: containing or mostly
                 the same characters); --verbose lists every miss.
          docx   reads FILE.docx (default: Tests/HuibaoDocxTests/Fixtures/bench-10k.docx, about
                 11,000 characters that LibreOffice wrote, with automatic numbering) as report
                 text, imports it into a document, and exports the report as a .docx in the
                 official-document layout; times each and checks that the export reads back
                 to the same text.
        Times are medians over N runs (default 5); build with `swift build -c release`.
        """

    static func run(arguments: [String]) {
        var arguments = arguments
        guard let mode = arguments.first,
            ["trace", "merge", "report", "store", "sync", "hq", "bigsync", "concurrent", "metrics", "docx"].contains(
                mode)
        else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(arguments.first == "--help" || arguments.first == "-h" ? 0 : 2)
        }
        arguments.removeFirst()
        var reps = 5
        var editMode = false
        var verbose = false
        var breakdown = false
        var loadLoops = 0
        var edits: Int?
        var keep: String?
        var units: Int?
        var reportCount: Int?
        var clients = 50
        var indicators = 50
        var changes = 5_000
        var database: String?
        var servers = 1
        var uploaders = 1
        var paths: [String] = []
        while !arguments.isEmpty {
            let argument = arguments.removeFirst()
            switch argument {
            case "--reps":
                guard let value = arguments.first.flatMap(Int.init), value >= 1 else {
                    fail("--reps needs a positive number")
                }
                reps = value
                arguments.removeFirst()
            case "--edit": editMode = true
            case "--verbose": verbose = true
            case "--breakdown": breakdown = true
            case "--load-loops":
                guard let value = arguments.first.flatMap(Int.init), value >= 0 else {
                    fail("--load-loops needs a number")
                }
                loadLoops = value
                arguments.removeFirst()
            case "--units", "--changes", "--indicators", "--clients", "--reports":
                guard let value = arguments.first.flatMap(Int.init), value >= 1 else {
                    fail("\(argument) needs a positive number")
                }
                switch argument {
                case "--units": units = value
                case "--reports": reportCount = value
                case "--changes": changes = value
                case "--clients": clients = value
                default: indicators = value
                }
                arguments.removeFirst()
            case "--database":
                guard let value = arguments.first else { fail("--database needs a PostgreSQL URL") }
                database = value
                arguments.removeFirst()
            case "--servers", "--uploaders":
                guard let value = arguments.first.flatMap(Int.init), value >= 1 else {
                    fail("\(argument) needs a positive number")
                }
                if argument == "--servers" { servers = value } else { uploaders = value }
                arguments.removeFirst()
            case "--keep":
                guard let value = arguments.first else { fail("--keep needs a directory") }
                keep = value
                arguments.removeFirst()
            case "--edits":
                guard let value = arguments.first.flatMap(Int.init), value >= 1 else {
                    fail("--edits needs a positive number")
                }
                edits = value
                arguments.removeFirst()
            default: paths.append(argument)
            }
        }
        if ["sync", "hq", "bigsync", "concurrent"].contains(mode) {
            let sync = SyncBenchmark(
                units: units ?? 100, changesPerUnit: changes, reps: reps, database: database, servers: servers,
                clients: uploaders)
            let hq = HQBenchmark(units: units ?? 1_000, indicators: indicators, reps: reps, database: database)
            if (mode == "bigsync" || mode == "concurrent") && paths.count != 1 {
                fail("\(mode) needs one report file\n" + usage)
            }
            let concurrent = ConcurrentSyncBenchmark(clients: clients, report: paths.first ?? "", waves: reps)
            let big = BigReportSyncBenchmark(
                edits: edits ?? 22_000, reports: reportCount ?? 1, report: paths.first ?? "", reps: reps, keep: keep)
            let semaphore = DispatchSemaphore(value: 0)
            let box = ResultBox()
            Task {
                do {
                    switch mode {
                    case "sync": box.line = try await sync.run().json
                    case "hq": box.line = try await hq.run().json
                    case "concurrent": box.line = try await concurrent.run().json
                    default: box.line = try await big.run().json
                    }
                } catch {
                    box.line = "error: \(error)"
                }
                semaphore.signal()
            }
            semaphore.wait()
            guard let line = box.line, !line.hasPrefix("error") else { fail(box.line ?? "\(mode) benchmark failed") }
            print(line)
            return
        }
        if mode == "docx" {
            guard paths.count <= 1 else { fail("docx takes one .docx file\n" + usage) }
            do {
                print(try DocxBenchmark(file: paths.first ?? DocxBenchmark.defaultFile, reps: reps).run().json)
            } catch {
                fail("\(error)")
            }
            return
        }
        guard !paths.isEmpty else { fail("no trace file given\n" + usage) }
        if mode == "metrics" {
            do {
                print(try MetricAccuracy(files: paths, verbose: verbose).run())
            } catch {
                fail("\(error)")
            }
            return
        }
        if mode == "report" || mode == "store" {
            do {
                print(
                    mode == "report"
                        ? try ReportBenchmark(files: paths, reps: reps).run().json
                        : try StoreBenchmark(files: paths, edits: edits ?? 100_000, reps: reps, keep: keep).run().json)
            } catch {
                fail("\(error)")
            }
            return
        }
        for path in paths {
            do {
                let trace = try EditingTrace(path: path)
                let result =
                    mode == "trace"
                    ? try TraceBenchmark(
                        trace: trace, reps: reps, commitEveryPatch: editMode, breakdown: breakdown,
                        loadLoops: loadLoops
                    ).run()
                    : try MergeBenchmark(trace: trace, reps: reps).run()
                print(result.json)
            } catch {
                fail("\(path): \(error)")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("huibao-bench: \(message)\n".utf8))
        exit(1)
    }
}

/// Wall time of `body` in milliseconds.
func milliseconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}

/// The median of some timings.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Peak resident memory: resets the kernel's high-water mark, then reads it.
enum PeakMemory {
    /// Returns freed memory to the system, then resets the high-water mark to the current RSS
    /// (Linux), as ../shared/bench/peers.py does, so the peak covers only what follows.
    static func reset() {
        #if canImport(Glibc)
            _ = glibcMallocTrim(0)
            if let file = fopen("/proc/self/clear_refs", "w") {
                fputs("5", file)
                fclose(file)
            }
        #endif
    }

    /// Current RSS in MiB (VmRSS).
    static func currentMegabytes() -> Double { read("VmRSS:") }

    /// VmHWM in MiB, or -1 where /proc is unavailable.
    static func megabytes() -> Double { read("VmHWM:") }

    static func read(_ key: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? -1
            return kilobytes / 1024
        }
        return -1
    }
}

/// One benchmark result, printed as a single JSON line with keys in a stable order.
struct BenchmarkResult {
    var fields: [(String, Any)]

    var json: String {
        "{"
            + fields.map { key, value in
                let rendered: String
                switch value {
                case let text as String: rendered = "\"\(text)\""
                case let flag as Bool: rendered = flag ? "true" : "false"
                case let number as Double: rendered = String(format: "%.3f", number)
                default: rendered = "\(value)"
                }
                return "\"\(key)\": \(rendered)"
            }.joined(separator: ", ") + "}"
    }
}

/// Carries the async benchmark's output back to the synchronous command.
final class ResultBox: @unchecked Sendable {
    var line: String?
}
