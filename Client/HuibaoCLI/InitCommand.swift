import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao init`: create a workspace.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace for a unit, with a new replica id.",
        discussion: """
            Example:
              huibao init --unit 某局 --name 张三 --workspace ~/汇报
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The unit (单位) this workspace reports for.")
    var unit: String

    @Option(help: "Your name, shown to others beside your changes (e.g. 张三); `huibao config name` changes it.")
    var name: String?

    @Option(help: "The sync server's URL, e.g. https://hq.example/huibao.")
    var server: String?

    func validate() throws {
        if let problem = NameRules.problem(withName: unit) {
            throw ValidationError(Language.text("--unit：\(problem)", "--unit: \(problem)"))
        }
        if let name, let problem = NameRules.problem(withName: name, what: Language.text("姓名", "the name")) {
            throw ValidationError(Language.text("--name：\(problem)", "--name: \(problem)"))
        }
    }

    func run() throws {
        let workspace = try Workspace.create(at: options.directory, unit: unit, server: server)
        if let name { try workspace.setPersonName(name) }
        print(
            Language.text(
                "已为\(workspace.unit)创建工作区 \(workspace.directory)（副本 \(workspace.replica)）",
                "created workspace \(workspace.directory) for \(workspace.unit) (replica \(workspace.replica))"))
    }
}
