/// Messages of the command-line parser (swift-argument-parser) as a Chinese reader gets them.
public enum CommandLineMessage {
    /// ArgumentParser's error text for a Chinese reader, on one line: `错误：缺少参数“--period
    /// <period>”（用法：huibao import --help）` instead of the error, a help line, the usage and a
    /// pointer to `--help` in English.
    public static func chinese(_ message: String) -> String {
        let lines = message.split(separator: "\n").map(String.init)
        guard var first = lines.first, first.hasPrefix("Error: ") else { return message }
        first.removeFirst("Error: ".count)
        let phrases: [(String, (String) -> String)] = [
            ("Unexpected argument ", { "多余的参数\($0)" }), ("Unknown option ", { "未知选项\($0)" }),
            ("Missing expected argument ", { "缺少参数\($0)" }), ("Missing value for ", { "缺少取值：\($0)" }),
            ("The value ", { "取值有误：\($0)" }),
        ]
        for (english, chinese) in phrases where first.hasPrefix(english) {
            let quoted = first.dropFirst(english.count).split(separator: "'", omittingEmptySubsequences: false)
                .enumerated().map { $0.offset % 2 == 1 ? "“\($0.element)”" : String($0.element) }.joined()
            first = chinese(quoted)
        }
        let help =
            lines.first { $0.contains("--help' for more information") }
            .flatMap { $0.split(separator: "'").dropFirst().first }
            .map { "（用法：\($0)）" } ?? ""
        return "错误：" + first + help
    }
}
