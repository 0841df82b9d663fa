import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao log REPORT`: the history, one line per change.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show a report's history: who changed what, when.",
        discussion: """
            Example:
              huibao log 2023H1/党风廉政
            """)

    @OptionGroup var target: ReportTarget
    @OptionGroup var output: OutputOptions

    struct Entry: Codable {
        var hash: String
        var author: String
        var seq: UInt64
        var time: String
        var inserted: Int
        var deleted: Int
        var registerWrites: Int
        /// What the change did besides text: 报送, 开展集体廉政约谈 = 5, …
        var actions: [String]
    }

    func run() throws {
        let workspace = try target.workspace()
        let id = try workspace.resolve(target.report).id
        let report = try workspace.load(id, decodingHistory: true)
        // The loaded report holds the history (in a causal order): the log is not decoded twice.
        let changes = report.document.changes
        var labels: [String: String] = [:]
        for metric in report.snapshot().metrics {
            if let id = metric.id { labels[id] = metric.label }
        }
        let entries = changes.map { change -> Entry in
            // A first version is made by no one in particular: name who imported it, and when.
            let shown = report.attribution(of: change)
            let author =
                shown != change
                ? Language.text(
                    "\(report.person(shown.author))导入", "imported by \(report.person(shown.author))")
                : report.person(change.author)
            var entry = Entry(
                hash: change.hash.description, author: author, seq: change.seq,
                time: WallTime.local(shown.wallTime),
                inserted: 0, deleted: 0, registerWrites: 0, actions: report.actions(of: change, labels: labels))
            for op in change.operations {
                switch op {
                case .insertText: entry.inserted += op.width
                case .deleteText: entry.deleted += op.width
                case .setRegister: entry.registerWrites += 1
                }
            }
            return entry
        }
        if output.json { return try output.printJSON(entries) }
        for e in entries {
            // The first version's dozens of values are its import, not news: name at most 3.
            let actions = e.actions.count > 3 ? Array(e.actions.prefix(3)) + ["…"] : e.actions
            print(
                "\(e.hash.prefix(12))  \(e.time)  \(e.author)#\(e.seq)  "
                    + Language.text(
                        "+\(e.inserted) -\(e.deleted)字，\(e.registerWrites)个值",
                        "+\(e.inserted) -\(e.deleted) chars, \(e.registerWrites) value(s)")
                    + (actions.isEmpty
                        ? "" : Language.text("：", ": ") + actions.joined(separator: Language.text("；", "; "))))
        }
    }
}
