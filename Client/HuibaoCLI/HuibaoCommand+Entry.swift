import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport

extension HuibaoCommand {
    /// Runs `huibao` with the process's arguments in the language and time zone the user chose:
    /// `--lang zh|en` anywhere on the command line, else `HUIBAO_LANG`/`LC_ALL`/`LANG`
    /// (Chinese by default); `HUIBAO_TIMEZONE` (Asia/Shanghai by default).
    public static func mainInUserLanguage() -> Never {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let environment = ProcessInfo.processInfo.environment
        var language = Language(environment: environment)
        if let index = arguments.firstIndex(where: { $0 == "--lang" || $0.hasPrefix("--lang=") }) {
            let value: String?
            if arguments[index] == "--lang" {
                value = index + 1 < arguments.count ? arguments[index + 1] : nil
                arguments.removeSubrange(index..<min(index + 2, arguments.count))
            } else {
                value = String(arguments[index].dropFirst("--lang=".count))
                arguments.remove(at: index)
            }
            guard let value, let chosen = Language(localeSetting: value) else {
                printError(
                    Language.$current.withValue(language) {
                        Language.text("错误：--lang 取 zh（中文）或 en（English）", "error: --lang takes zh (中文) or en (English)")
                    })
                Foundation.exit(64)
            }
            language = chosen
        }
        let zone = DisplayTimeZone.configured(environment: environment, zoneinfo: Self.readZoneinfo)
        if zone == nil {
            printError(
                Language.$current.withValue(language) {
                    Language.text(
                        "注意：HUIBAO_TIMEZONE=\(environment["HUIBAO_TIMEZONE"] ?? "") 不是可识别的时区（如 Asia/Shanghai、+08:00），按北京时间显示",
                        "note: HUIBAO_TIMEZONE=\(environment["HUIBAO_TIMEZONE"] ?? "") is not a time zone we can read (such as Asia/Shanghai or +08:00); showing Beijing time"
                    )
                })
        }
        Language.$current.withValue(language) {
            DisplayTimeZone.$current.withValue(zone ?? .shanghai) {
                run(arguments)
            }
        }
    }

    /// Parses and runs a command like ArgumentParser's `main`, with its error prefix in the
    /// user's language (`错误：`).
    static func run(_ arguments: [String]) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if Language.current == .chinese { message = CommandLineMessage.chinese(message) }
            if !message.isEmpty { printError(message) }
            Foundation.exit(code.rawValue)
        }
    }

    /// The bytes of `/usr/share/zoneinfo/NAME`, if readable.
    static func readZoneinfo(_ name: String) -> [UInt8]? {
        let directory = ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo"
        return FileManager.default.contents(atPath: directory + "/" + name).map { [UInt8]($0) }
    }
}
