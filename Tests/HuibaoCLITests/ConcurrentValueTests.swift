import Foundation
import Testing

/// Values set by many `huibao` processes at once on one workspace: each is made from the
/// report's stored tip inside its own transaction, so none is lost and the stored view stays
/// what a full reading of the report gives.
@Suite("Values set by many processes at once (binary)")
struct ConcurrentValueTests {
    static let report = "2023H1/党风廉政"

    static func run(_ arguments: [String], in directory: URL) throws -> BinaryRunner.Result {
        try BinaryRunner.run(arguments + ["--workspace", directory.path])
    }

    /// The metrics as `huibao metric REPORT --json` lists them.
    static func metrics(in directory: URL) throws -> [[String: Any]] {
        let listed = try run(["metric", report, "--json"], in: directory)
        return try #require(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    /// Collects the processes' results across threads.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Int: BinaryRunner.Result] = [:]
        func set(_ index: Int, _ result: BinaryRunner.Result) { lock.withLock { results[index] = result } }
        var all: [Int: BinaryRunner.Result] { lock.withLock { results } }
    }

    @Test("twelve `huibao metric` processes at once lose no value, and a full reading in another workspace agrees")
    func concurrentSets() throws {
        let directory = try BinaryRunner.temporaryDirectory()
        let sample = BinaryRunner.samples.appendingPathComponent("report-001.txt").path
        #expect(try Self.run(["init", "--unit", "某局", "--name", "张三"], in: directory).status == 0)
        #expect(try Self.run(["import", sample, "--period", "2023H1", "--kind", "党风廉政"], in: directory).status == 0)
        let ids = try Self.metrics(in: directory).compactMap { $0["id"] as? String }
        try #require(ids.count >= 12)
        // A history long enough that values are set from the stored tip, not by loading.
        for k in 0..<24 {
            #expect(try Self.run(["metric", Self.report, ids[k % ids.count], String(k)], in: directory).status == 0)
        }
        let logged = try Self.run(["log", Self.report, "--json"], in: directory)
        let before = (try JSONSerialization.jsonObject(with: Data(logged.stdout.utf8)) as? [Any])?.count ?? 0
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 12) { k in
            if let result = try? Self.run(["metric", Self.report, ids[k], String(100 + k)], in: directory) {
                results.set(k, result)
            }
        }
        let all = results.all
        #expect(all.count == 12)
        for (k, result) in all { #expect(result.status == 0, "process \(k): \(result.stderr)") }
        let after = try Self.run(["log", Self.report, "--json"], in: directory)
        #expect((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [Any])?.count == before + 12)
        let stored = try Self.metrics(in: directory)
        for k in 0..<12 {
            #expect(stored.first { $0["id"] as? String == ids[k] }?["raw"] as? String == String(100 + k))
        }
        // Another workspace of the unit merges the report: its view is a full reading of it.
        let other = try BinaryRunner.temporaryDirectory()
        #expect(try Self.run(["init", "--unit", "某局"], in: other).status == 0)
        #expect(try Self.run(["merge-from", directory.path], in: other).status == 0)
        let merged = try Self.metrics(in: other)
        #expect(merged.count == stored.count)
        let canonical = { (metrics: [[String: Any]]) throws -> String in
            String(decoding: try JSONSerialization.data(withJSONObject: metrics, options: .sortedKeys), as: UTF8.self)
        }
        #expect(try canonical(merged) == canonical(stored))
        #expect(
            try Self.run(["show", Self.report], in: other).stdout
                == Self.run(["show", Self.report], in: directory).stdout)
    }
}
