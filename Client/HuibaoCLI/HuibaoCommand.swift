public import ArgumentParser
import Foundation
import HuibaoModel

/// The `huibao` command: a unit's client for drafting, importing and syncing work reports.
public struct HuibaoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "huibao",
        abstract: "Draft work reports offline and sync them with headquarters.",
        discussion: """
            Huibao keeps every edit of a report as an operation log, merges the edits of several
            clerks and of headquarters without losing any, and syncs when a connection exists.

            This build reads report files (inspect, roundtrip); the local store and sync
            arrive with the next releases.

            Examples:
              huibao inspect report.txt
              huibao roundtrip report.txt
            """,
        version: HuibaoVersion.current,
        subcommands: [InspectCommand.self, RoundtripCommand.self]
    )

    public init() {}
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
