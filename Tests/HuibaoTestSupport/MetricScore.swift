import Foundation
import HuibaoModel
import HuibaoReport

/// How well the metrics found in a report match what a person labelled.
///
/// Each `NAME.txt` has a `NAME.metrics.tsv` beside it: `line<TAB>label<TAB>raw<TAB>unit` per
/// metric. A found metric is *detected* when one labelled on the same line has the same value
/// and unit as written (`1.2万份`, `12个场次` however they are split); its label is *right* when
/// it is equal (strict), or when one contains the other or they share most of their character
/// pairs (lenient: Dice coefficient of character bigrams at least 0.6).
package struct MetricScore: Sendable {
    /// A metric as labelled or as found.
    package struct Labelled: Hashable, Sendable {
        package var line: Int
        package var label: String
        /// Value and unit as written: `1.2万份`.
        package var written: String
    }

    package var labelled = 0
    package var found = 0
    package var detected = 0
    package var strict = 0
    package var lenient = 0
    /// One line per miss: `FILE:LINE: missed 3次 «label»`.
    package var misses: [String] = []

    package init() {}

    package var detectionPrecision: Double { ratio(detected, found) }
    package var detectionRecall: Double { ratio(detected, labelled) }
    /// Lenient label matches over everything found.
    package var precision: Double { ratio(lenient, found) }
    /// Lenient label matches over everything labelled.
    package var recall: Double { ratio(lenient, labelled) }
    package var strictPrecision: Double { ratio(strict, found) }
    package var strictRecall: Double { ratio(strict, labelled) }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// Scores the report at `path` (a `.txt` with its `.metrics.tsv` beside it).
    package mutating func add(reportAt path: String) throws {
        let text = try ReportText(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
        let tsv = String(path.dropLast(".txt".count)) + ".metrics.tsv"
        let expected = try Self.labels(in: try String(contentsOfFile: tsv, encoding: .utf8), source: tsv)
        let found = ReportSnapshot(report: text).metrics.map {
            Labelled(line: $0.line, label: $0.label, written: $0.raw + ($0.unit == "个场次" ? "场次" : $0.unit))
        }
        add(found: found, expected: expected, file: path)
    }

    /// Scores found metrics against labelled ones.
    package mutating func add(found: [Labelled], expected: [Labelled], file: String) {
        labelled += expected.count
        self.found += found.count
        var unmatched = expected
        for metric in found {
            guard let index = unmatched.firstIndex(where: { $0.line == metric.line && $0.written == metric.written })
            else {
                misses.append("\(file):\(metric.line): extra \(metric.written) «\(metric.label)»")
                continue
            }
            let wanted = unmatched.remove(at: index)
            detected += 1
            if wanted.label == metric.label { strict += 1 }
            if Self.similar(wanted.label, metric.label) {
                lenient += 1
            } else {
                misses.append(
                    "\(file):\(metric.line): «\(metric.label)» for \(metric.written), labelled «\(wanted.label)»")
            }
        }
        misses += unmatched.map { "\(file):\($0.line): missed \($0.written) «\($0.label)»" }
    }

    /// The rows of a `.metrics.tsv` file.
    package static func labels(in text: String, source: String) throws -> [Labelled] {
        try text.split(separator: "\n").filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { row in
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let line = Int(fields[0]) else {
                throw MetricScoreError(message: "\(source): a row needs line, label, raw and unit: \(row)")
            }
            return Labelled(line: line, label: fields[1], written: fields[2] + fields[3])
        }
    }

    /// Whether two labels name the same thing (see the type's documentation).
    package static func similar(_ a: String, _ b: String) -> Bool {
        if a == b || (!a.isEmpty && !b.isEmpty && (a.contains(b) || b.contains(a))) { return true }
        func bigrams(_ text: String) -> [String] {
            let characters = Array(text)
            return characters.count < 2 ? [text] : (0..<characters.count - 1).map { String(characters[$0...$0 + 1]) }
        }
        let left = bigrams(a)
        let right = bigrams(b)
        var remaining = right
        var shared = 0
        for pair in left {
            if let index = remaining.firstIndex(of: pair) {
                remaining.remove(at: index)
                shared += 1
            }
        }
        return Double(2 * shared) / Double(left.count + right.count) >= 0.6
    }
}

/// A labelled-metrics file that cannot be read.
package struct MetricScoreError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
