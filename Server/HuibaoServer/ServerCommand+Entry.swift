import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport

extension ServerCommand {
    /// Parses and runs a command like ArgumentParser's `main`, with its errors in the
    /// administrator's language (`错误：…`).
    static func run(_ arguments: [String]) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if Language.current == .chinese { message = CommandLineMessage.chinese(message) }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }

    /// Runs `huibao-server` in the language (`HUIBAO_LANG`/`LC_ALL`/`LANG`, Chinese by default) and
    /// time zone (`HUIBAO_TIMEZONE`, Asia/Shanghai by default) of the environment. The dashboard
    /// and the consolidated report are Chinese whatever the language.
    public static func mainInUserLanguage() async {
        let environment = ProcessInfo.processInfo.environment
        let language = Language(environment: environment)
        let zone = DisplayTimeZone.configured(environment: environment) { name in
            let directory = environment["TZDIR"] ?? "/usr/share/zoneinfo"
            return FileManager.default.contents(atPath: directory + "/" + name).map { [UInt8]($0) }
        }
        if zone == nil {
            let note = Language.$current.withValue(language) {
                let value = environment["HUIBAO_TIMEZONE"] ?? ""
                return Language.text(
                    "注意：HUIBAO_TIMEZONE=\(value) 不是可识别的时区（如 Asia/Shanghai、+08:00），按北京时间显示",
                    "note: HUIBAO_TIMEZONE=\(value) is not a time zone we can read (such as Asia/Shanghai or +08:00); showing Beijing time"
                )
            }
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
        await Language.$current.withValue(language) {
            await DisplayTimeZone.$current.withValue(zone ?? .shanghai) {
                await run(Array(CommandLine.arguments.dropFirst()))
            }
        }
    }
}
