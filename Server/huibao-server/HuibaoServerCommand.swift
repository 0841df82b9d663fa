import ArgumentParser
import HuibaoModel

/// The `huibao-server` command: headquarters' sync server.
@main
struct HuibaoServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huibao-server",
        abstract: "Merge the report logs of all units and serve headquarters' dashboard.",
        discussion: """
            This build carries the foundation (the replicated document model); the HTTP sync
            server, unit registry and dashboard arrive with the next releases.

            Example:
              huibao-server --version
            """,
        version: HuibaoVersion.current
    )
}
