public import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport

/// The `huibao` command: a unit's client for drafting, importing and syncing work reports.
public struct HuibaoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "huibao",
        abstract: "Draft work reports offline and sync them with headquarters.",
        discussion: """
            Huibao keeps every edit of a report as an operation log, merges the edits of several \
            clerks and of headquarters without losing any, and syncs when a connection exists.

            Reports live in a workspace (a directory with one SQLite file). `huibao sync` \
            exchanges changes with huibao-server; `merge-from` merges another workspace of the \
            same unit without a server. A unit submits a report with `huibao submit`; HQ reviews \
            it with `huibao hq approve` or `huibao hq return`.

            Examples:
              huibao init --unit 某局
              huibao import report.txt --period 2023H1 --kind 党风廉政
              huibao metric 2023H1/党风廉政 开展廉政约谈 5
              huibao submit 2023H1/党风廉政 && huibao sync
              huibao inspect report.txt
            """,
        version: HuibaoVersion.current,
        subcommands: [
            InitCommand.self, ConfigCommand.self, NewCommand.self, ImportCommand.self, ListCommand.self,
            ShowCommand.self,
            ExportCommand.self, EditCommand.self, ApplyCommand.self, MetricCommand.self, ConflictsCommand.self,
            ResolveCommand.self, AcceptCommand.self, KeepCommand.self, LogCommand.self, BlameCommand.self,
            DiffCommand.self,
            MergeFromCommand.self,
            SubmitCommand.self, StatusCommand.self, HQCommand.self,
            LoginCommand.self, SyncCommand.self, RefusedCommand.self, BundleCommand.self,
            InspectCommand.self, RoundtripCommand.self,
        ]
    )

    public init() {}
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
