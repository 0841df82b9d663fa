import ArgumentParser
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao config name [NAME]`: the workspace's settings.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change this workspace's settings.",
        subcommands: [Name.self]
    )

    struct Name: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set your name, shown to others beside your changes.",
            discussion: """
                The name is recorded in each report with your next change to it, and travels with \
                the changes: `huibao log`, `huibao blame` and HQ show it beside the replica id.

                Example:
                  huibao config name 张三
                """)

        @OptionGroup var options: WorkspaceOptions

        @Argument(help: "The name (none: print the current one).")
        var name: String?

        func validate() throws {
            if let name, let problem = NameRules.problem(withName: name, what: Language.text("姓名", "the name")) {
                throw ValidationError(problem)
            }
        }

        func run() throws {
            let workspace = try options.open()
            guard let name else {
                print(
                    workspace.personName
                        ?? Language.text(
                            "尚未设置姓名：用 `huibao config name 张三` 设置", "no name set: `huibao config name 张三` sets one"))
                return
            }
            try workspace.setPersonName(name)
            print(
                Language.text(
                    "您的修改今后署名为“\(name)”（副本 \(workspace.replica)）",
                    "your changes now show as \(name) (replica \(workspace.replica))"))
        }
    }
}
