public import ArgumentParser

/// Checks of the help every command prints, shared by the client's and the server's tests.
public enum HelpTextChecks {
    /// Every command below `root`, with its path (`huibao bundle export`).
    public static func commands(_ root: any ParsableCommand.Type, path: String) -> [(String, any ParsableCommand.Type)]
    {
        [(path, root)]
            + root.configuration.subcommands.flatMap { sub in
                commands(sub, path: path + " " + (sub.configuration.commandName ?? "\(sub)".lowercased()))
            }
    }

    /// Paragraphs with a hard line break inside: ArgumentParser reflows each paragraph to the
    /// terminal's width, so a hard break wraps a line twice.
    public static func hardBreaks(below root: any ParsableCommand.Type, path: String) -> [String] {
        var problems: [String] = []
        for (name, command) in commands(root, path: path) {
            let lines = command.configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
            let prose = { (text: Substring) in !text.isEmpty && !text.hasPrefix(" ") && !text.hasSuffix(":") }
            for (line, next) in zip(lines, lines.dropFirst()) where prose(line) && prose(next) {
                problems.append("\(name): \"\(line)\" runs on into \"\(next)\"")
            }
        }
        return problems
    }

    /// The commands that do something (no subcommands) and show no example.
    public static func withoutExamples(below root: any ParsableCommand.Type, path: String) -> [String] {
        commands(root, path: path).filter { $0.1.configuration.subcommands.isEmpty }
            .filter { !$0.1.configuration.discussion.contains("Example") }.map(\.0)
    }
}
