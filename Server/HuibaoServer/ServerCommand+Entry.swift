import ArgumentParser
import Foundation
import HuibaoModel

extension ServerCommand {
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
            FileHandle.standardError.write(
                Data("note: HUIBAO_TIMEZONE is not a time zone we can read; showing Beijing time\n".utf8))
        }
        await Language.$current.withValue(language) {
            await DisplayTimeZone.$current.withValue(zone ?? .shanghai) {
                await main()
            }
        }
    }
}
