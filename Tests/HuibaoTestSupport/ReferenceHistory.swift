import Foundation
public import HuibaoModel
public import HuibaoReport

/// What `huibao log` and `huibao blame` print, computed the straightforward way from a report
/// whose whole history is decoded (as the commands did before they read the change log
/// directly, #13): the oracle their fast paths are compared with.
///
/// It reads every change as a `Change`, asks the report who made it (``ReportDocument/attribution(of:)``,
/// ``ReportDocument/person(_:)``) and what it did (``ReportDocument/actions(of:labels:)``), and
/// formats the lines itself, so that a change to the commands' formatting shows up too.
public enum ReferenceHistory {
    /// One line of `huibao log --json`, with the command's field names.
    public struct LogEntry: Codable, Hashable, Sendable {
        public var hash: String
        public var author: String
        public var seq: UInt64
        public var time: String
        public var inserted: Int
        public var deleted: Int
        public var registerWrites: Int
        public var actions: [String]
    }

    /// The log entries of `report` (its history decoded), in the order of its history, in the
    /// current language and time zone.
    public static func logEntries(of report: ReportDocument) -> [LogEntry] {
        var labels: [String: String] = [:]
        for metric in report.snapshot().metrics {
            if let id = metric.id { labels[id] = metric.label }
        }
        return report.document.changes.map { change in
            let shown = report.attribution(of: change)
            let author =
                shown != change
                ? Language.text(
                    "\(report.person(shown.author))导入", "imported by \(report.person(shown.author))")
                : report.person(change.author)
            var entry = LogEntry(
                hash: change.hash.description, author: author, seq: change.seq, time: WallTime.local(shown.wallTime),
                inserted: 0, deleted: 0, registerWrites: 0, actions: report.actions(of: change, labels: labels))
            for operation in change.operations {
                switch operation {
                case .insertText: entry.inserted += operation.width
                case .deleteText: entry.deleted += operation.width
                case .setRegister: entry.registerWrites += 1
                }
            }
            return entry
        }
    }

    /// What `huibao log` prints (without `--json`), line by line.
    public static func logLines(of report: ReportDocument) -> [String] {
        logEntries(of: report).map { entry in
            let actions = entry.actions.count > 3 ? Array(entry.actions.prefix(3)) + ["…"] : entry.actions
            return "\(entry.hash.prefix(12))  \(entry.time)  \(entry.author)#\(entry.seq)  "
                + Language.text(
                    "+\(entry.inserted) -\(entry.deleted)字，\(entry.registerWrites)个值",
                    "+\(entry.inserted) -\(entry.deleted) chars, \(entry.registerWrites) value(s)")
                + (actions.isEmpty
                    ? "" : Language.text("：", ": ") + actions.joined(separator: Language.text("；", "; ")))
        }
    }

    /// Each line of the report with the newest change among its characters and values (an
    /// imported first version counted as its recording change).
    public static func blame(of report: ReportDocument) -> [BlameLine] {
        let document = report.document
        var lines: [BlameLine] = []
        var text: [Unicode.Scalar] = []
        var newest: Change?
        func consider(_ written: Change) {
            let change = report.attribution(of: written)
            if newest.map({ ($0.lamport, $0.wallTime) < (change.lamport, change.wallTime) }) ?? true { newest = change }
        }
        func endLine() {
            lines.append(
                BlameLine(
                    line: lines.count + 1, text: String(String.UnicodeScalarView(text)),
                    author: newest?.author.description, wallTime: newest?.wallTime, change: newest?.hash.description))
            text.removeAll()
            newest = nil
        }
        let snapshot = report.snapshot()
        var anchors = snapshot.metrics.makeIterator()
        let metricPrefix = "metric:"
        document.forEachVisibleCharacter { lv, scalar in
            if scalar == "\n" { return endLine() }
            consider(document.changes[document.changeIndex(holding: lv)])
            guard scalar == ReportDocument.anchor, let metric = anchors.next() else { return text.append(scalar) }
            text.append(
                contentsOf: snapshot.text.unicodeScalars.dropFirst(metric.range.lowerBound).prefix(metric.range.count))
            let id = document.id(of: lv).description
            for entry in document.registers[metricPrefix + id]?.entries ?? [] {
                if let lv = document.lv(of: entry.id) { consider(document.changes[document.changeIndex(holding: lv)]) }
            }
        }
        if !text.isEmpty || newest != nil { endLine() }
        return lines
    }

    /// What `huibao blame` prints (without `--json`), line by line.
    public static func blameLines(of report: ReportDocument) -> [String] {
        blame(of: report).map { line in
            let when = line.wallTime.map(WallTime.local) ?? "-"
            let who = line.author.flatMap { ReplicaID(hex: $0) }.map(report.person) ?? line.author ?? "-"
            return
                "\(line.change?.prefix(8) ?? "--------") \(who) \(when) \(String(format: "%4d", line.line)) \(line.text)"
        }
    }

    /// `value` as the commands print JSON: pretty, keys sorted, slashes unescaped.
    public static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
