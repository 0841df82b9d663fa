public import ArgumentParser
import HuibaoModel

/// The `huibao` command: a unit's client for drafting, importing and syncing work reports.
public struct HuibaoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "huibao",
        abstract: "Draft work reports offline and sync them with headquarters.",
        discussion: """
            Huibao keeps every edit of a report as an operation log, merges the edits of several
            clerks and of headquarters without losing any, and syncs when a connection exists.

            This build carries the foundation (the replicated document model); report import,
            the local store and sync arrive with the next releases.

            Example:
              huibao --version
            """,
        version: HuibaoVersion.current
    )

    public init() {}
}
