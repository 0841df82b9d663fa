import ArgumentParser
import Foundation
import HuibaoStore

/// `--workspace DIR`, shared by the commands that use a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The workspace directory (default: $HUIBAO_WORKSPACE, else the current directory).", valueName: "DIR"))
    var workspace: String?

    /// The directory to use.
    var directory: String {
        workspace ?? ProcessInfo.processInfo.environment["HUIBAO_WORKSPACE"]
            ?? FileManager.default.currentDirectoryPath
    }

    /// Opens the workspace.
    func open() throws -> Workspace {
        try Workspace(opening: directory)
    }
}

/// `--json`, for commands whose output a script reads.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// Prints a value as pretty JSON with sorted keys.
    func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
