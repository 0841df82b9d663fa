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
        // Read from the change log, not the report: a long history costs one pass over its bytes.
        let history = try workspace.history(of: id)
        // A few replicas make all the changes: name each once.
        var people: [ReplicaID: String] = [:]
        func person(_ replica: ReplicaID) -> String {
            if let known = people[replica] { return known }
            let name = history.person(replica)
            people[replica] = name
            return name
        }
        func author(of change: ReportHistory.Entry) -> String {
            // A first version is made by no one in particular: name who imported it, and when.
            change.importer.map { Language.text("\(person($0))导入", "imported by \(person($0))") }
                ?? person(change.author)
        }
        // Changes made in one second share their time's text.
        var times: [Int64: String] = [:]
        func time(_ milliseconds: Int64) -> String {
            guard milliseconds >= 0 else { return WallTime.local(milliseconds) }
            if let known = times[milliseconds / 1000] { return known }
            let text = WallTime.local(milliseconds)
            times[milliseconds / 1000] = text
            return text
        }
        if output.json {
            return try output.printJSON(
                history.entries.map { change in
                    Entry(
                        hash: change.hash.description, author: author(of: change), seq: change.seq,
                        time: time(change.wallTime), inserted: change.inserted, deleted: change.deleted,
                        registerWrites: change.registerWrites, actions: change.actions)
                })
        }
        // The lines are written as bytes and written out at once: a long log is mostly formatting.
        let chinese = Language.current == .chinese
        let (chars, values) = chinese ? ("字，", "个值") : (" chars, ", " value(s)")
        let (colon, semicolon) = chinese ? ("：", "；") : (": ", "; ")
        var out: [UInt8] = []
        out.reserveCapacity(history.count * 96)
        for index in 0..<history.count {
            let change = history.entry(at: index)
            change.hash.appendShortDescription(to: &out)
            out.append(contentsOf: "  ".utf8)
            out.append(contentsOf: time(change.wallTime).utf8)
            out.append(contentsOf: "  ".utf8)
            out.append(contentsOf: author(of: change).utf8)
            out.append(contentsOf: "#\(change.seq)  +\(change.inserted) -\(change.deleted)".utf8)
            out.append(contentsOf: chars.utf8)
            out.append(contentsOf: String(change.registerWrites).utf8)
            out.append(contentsOf: values.utf8)
            // The first version's dozens of values are its import, not news: name at most 3.
            for (index, action) in change.actions.prefix(4).enumerated() {
                out.append(contentsOf: (index == 0 ? colon : semicolon).utf8)
                out.append(contentsOf: (index == 3 ? "…" : action).utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
        out.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: base, count: bytes.count, deallocator: .none))
        }
    }
}
