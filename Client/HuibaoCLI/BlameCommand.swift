import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao blame REPORT`: each line with its last author and time.
struct BlameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "Show each line of a report with the replica and time of its latest change.",
        discussion: """
            Example:
              huibao blame 2023H1/党风廉政
            """)

    @OptionGroup var target: ReportTarget
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try target.workspace()
        // The report's state and the hashes of the blamed changes: its history stays encoded.
        let (lines, report) = try workspace.blame(of: workspace.resolve(target.report).id)
        if output.json { return try output.printJSON(lines) }
        for line in lines {
            let when =
                line.wallTime.map(WallTime.local) ?? "-"
            let who = line.author.flatMap { ReplicaID(hex: $0) }.map(report.person) ?? line.author ?? "-"
            print(
                "\(line.change?.prefix(8) ?? "--------") \(who) \(when) \(String(format: "%4d", line.line)) \(line.text)"
            )
        }
    }
}
