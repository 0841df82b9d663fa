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
            return writeJSON(history, author: author(of:), time: time)
        }
        // The lines are written as bytes and written out at once: a long log is mostly formatting.
        let chinese = Language.current == .chinese
        let chars = Array((chinese ? "字，" : " chars, ").utf8)
        let values = Array((chinese ? "个值" : " value(s)").utf8)
        let (colon, semicolon) = chinese ? ("：", "；") : (": ", "; ")
        var authors: [ReplicaID: [UInt8]] = [:]
        var importers: [ReplicaID: [UInt8]] = [:]
        var seconds: [Int64: [UInt8]] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(history.count * 96)
        for index in 0..<history.count {
            let change = history.entry(at: index)
            change.hash.appendShortDescription(to: &out)
            out.append(contentsOf: [0x20, 0x20])
            if change.wallTime >= 0, let known = seconds[change.wallTime / 1000] {
                out.append(contentsOf: known)
            } else {
                let text = Array(time(change.wallTime).utf8)
                if change.wallTime >= 0 { seconds[change.wallTime / 1000] = text }
                out.append(contentsOf: text)
            }
            out.append(contentsOf: [0x20, 0x20])
            if let importer = change.importer {
                if importers[importer] == nil { importers[importer] = Array(author(of: change).utf8) }
                out.append(contentsOf: importers[importer] ?? [])
            } else {
                if authors[change.author] == nil { authors[change.author] = Array(author(of: change).utf8) }
                out.append(contentsOf: authors[change.author] ?? [])
            }
            out.append(UInt8(ascii: "#"))
            appendDecimal(change.seq, to: &out)
            out.append(contentsOf: [0x20, 0x20, UInt8(ascii: "+")])
            appendDecimal(UInt64(change.inserted), to: &out)
            out.append(contentsOf: [0x20, UInt8(ascii: "-")])
            appendDecimal(UInt64(change.deleted), to: &out)
            out.append(contentsOf: chars)
            appendDecimal(UInt64(change.registerWrites), to: &out)
            out.append(contentsOf: values)
            // The first version's dozens of values are its import, not news: name at most 3.
            for (index, action) in change.actions.prefix(4).enumerated() {
                out.append(contentsOf: (index == 0 ? colon : semicolon).utf8)
                out.append(contentsOf: (index == 3 ? "…" : action).utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
        LogCommand.write(out)
    }

    /// Prints the log as JSON: an array with an object per change (`actions`: what it did
    /// besides text, such as 报送 or 开展集体廉政约谈 = 5; `author`, `deleted`, `hash`, `inserted`,
    /// `registerWrites`, `seq`, `time`), laid out as `JSONEncoder` lays it out (pretty, sorted
    /// keys) but written directly: the encoder took a second for 100,000 changes.
    func writeJSON(
        _ history: ReportHistory, author: (ReportHistory.Entry) -> String, time: (Int64) -> String
    ) {
        var json = JSONWriter(capacity: history.count * 320)
        json.raw("[")
        for index in 0..<history.count {
            let change = history.entry(at: index)
            json.raw(index == 0 ? "\n  {\n    \"actions\" : [" : ",\n  {\n    \"actions\" : [")
            for (offset, action) in change.actions.enumerated() {
                json.raw(offset == 0 ? "\n      " : ",\n      ")
                json.string(action)
            }
            json.raw(change.actions.isEmpty ? "\n\n    ],\n    \"author\" : " : "\n    ],\n    \"author\" : ")
            json.string(author(change))
            json.raw(",\n    \"deleted\" : ")
            json.int(change.deleted)
            json.raw(",\n    \"hash\" : ")
            json.string(change.hash)
            json.raw(",\n    \"inserted\" : ")
            json.int(change.inserted)
            json.raw(",\n    \"registerWrites\" : ")
            json.int(change.registerWrites)
            json.raw(",\n    \"seq\" : ")
            json.int(change.seq)
            json.raw(",\n    \"time\" : ")
            json.string(time(change.wallTime))
            json.raw("\n  }")
        }
        json.raw(history.count == 0 ? "\n\n]\n" : "\n]\n")
        LogCommand.write(json.bytes)
    }

    /// Writes bytes to standard output at once.
    static func write(_ bytes: [UInt8]) {
        var bytes = bytes
        bytes.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: base, count: bytes.count, deallocator: .none))
        }
    }
}

/// Appends the decimal digits of `value` to `out`.
private func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
    var digits: (UInt64, Int) = (value, 1)
    while digits.0 >= 10 {
        digits.0 /= 10
        digits.1 += 1
    }
    let end = out.count + digits.1
    out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits.1))
    var rest = value
    for position in stride(from: end - 1, through: end - digits.1, by: -1) {
        out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
    }
}
