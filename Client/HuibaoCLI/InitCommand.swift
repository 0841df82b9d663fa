import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoStore

/// `huibao init`: create a workspace.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace for a unit, with a new replica id.",
        discussion: """
            Example:
              huibao init --unit 某局 --workspace ~/汇报
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The unit (单位) this workspace reports for.")
    var unit: String

    @Option(help: "The sync server's URL, e.g. https://hq.example/huibao.")
    var server: String?

    func validate() throws {
        if let problem = NameRules.problem(withName: unit) { throw ValidationError("--unit: \(problem)") }
    }

    func run() throws {
        let workspace = try Workspace.create(at: options.directory, unit: unit, server: server)
        print("created workspace \(workspace.directory) for \(workspace.unit) (replica \(workspace.replica))")
    }
}
