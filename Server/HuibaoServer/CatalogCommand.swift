import ArgumentParser
import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoServerCore

/// `huibao-server catalog load|show`: the indicators HQ sums.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Load or show the indicator catalogue used for totals.",
        discussion: """
            A catalogue has one indicator per line: id | name | measure word | label words. \
            Until one is loaded, a standard catalogue of common 党风廉政/党建 indicators is used \
            (`huibao-server catalog show` prints it, a good start for your own).

            Example:
              huibao-server catalog show > catalog.txt && huibao-server catalog load catalog.txt
            """,
        subcommands: [Load.self, Show.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and store a catalogue file.",
            discussion: """
                One indicator a line: `id | name | measure word | label words`; an error names the \
                line and the field. Totals use the catalogue from the next request on.

                Example:
                  huibao-server catalog show > catalog.txt    # edit it, then:
                  huibao-server catalog load catalog.txt
                """)

        @OptionGroup var data: DataOptions

        @Argument(help: "The catalogue file (UTF-8).")
        var file: String

        func run() async throws {
            let bytes: Data
            do {
                bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError(Language.text("\(file)：无法读取该文件", "\(file): cannot read the file"))
            }
            guard let text = String(data: bytes, encoding: .utf8) else {
                throw ValidationError(Language.text("\(file)：不是 UTF-8 文本", "\(file): not UTF-8 text"))
            }
            let catalog = try await data.withService { try await HQService(sync: $0).loadCatalog(text, source: file) }
            print(
                Language.text(
                    "已从 \(file) 载入\(catalog.indicators.count)个指标",
                    "loaded \(catalog.indicators.count) indicator(s) from \(file)"))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the catalogue in use.",
            discussion: """
                Example:
                  huibao-server catalog show > catalog.txt
                """)

        @OptionGroup var data: DataOptions

        func run() async throws {
            print(try await data.withService { try await HQService(sync: $0).catalog() }.text, terminator: "")
        }
    }
}

/// `huibao-server expect PERIOD --kind K [--unit U ...]`: who must report.
struct ExpectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expect",
        abstract: "Set the units expected to report for a period and kind.",
        discussion: """
            Without --unit, every unit that is not an HQ is expected. HQ's status page lists each \
            expected unit, "not started" until its report arrives.

            Examples:
              huibao-server expect 2023H1 --kind 党风廉政
              huibao-server expect 2023H1 --kind 党建 --unit 甲局 --unit 乙局
            """)

    @OptionGroup var data: DataOptions

    @Argument(help: "The period, e.g. 2023H1 or 2023.")
    var period: String

    @Option(help: "The kind of report.")
    var kind: String

    @Option(name: .customLong("unit"), help: "A unit expected to report (repeat for each).")
    var units: [String] = []

    func run() async throws {
        try await data.withService {
            try await HQService(sync: $0).setExpected(period: period, kind: kind, units: units.isEmpty ? nil : units)
        }
        print(
            Language.text(
                "\(period)/\(kind)：应报单位为\(units.isEmpty ? "所有下级单位（上级单位除外）" : units.joined(separator: "、"))",
                "\(period)/\(kind): expecting \(units.isEmpty ? "every unit that is not an HQ" : units.joined(separator: ", "))"
            ))
    }
}

/// `huibao-server dashboard-link UNIT`: a one-time login link for an HQ unit's dashboard.
struct DashboardLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard-link",
        abstract: "Print a one-time dashboard login link (valid 10 minutes) for an HQ unit.",
        discussion: """
            Example:
              huibao-server dashboard-link 总局 --url http://127.0.0.1:8080
            """)

    @OptionGroup var data: DataOptions

    @Argument(help: "The HQ unit.")
    var unit: String

    @Option(help: "The server's address as the browser reaches it.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "The dashboard page to open after login, e.g. /dashboard/totals?period=2023H1&kind=K.")
    var open = "/dashboard/status"

    func validate() throws {
        guard open.hasPrefix("/dashboard/") else {
            throw ValidationError(Language.text("--open 必须是 /dashboard/ 下的路径", "--open must be a /dashboard/ path"))
        }
    }

    func run() async throws {
        let code = try await data.withService { service in
            guard let record = try await service.registry.unit(named: unit) else {
                throw ValidationError(
                    Language.text(
                        "没有名为\(unit)的单位；`huibao-server unit list` 可列出所有单位",
                        "no unit is named \(unit); `huibao-server unit list` lists them"))
            }
            guard record.isHQ else {
                throw ValidationError(
                    Language.text("\(unit)不是上级单位（添加时需带 --hq）", "\(unit) is not an HQ unit (add it with --hq)"))
            }
            return try await service.registry.issueLoginCode(for: record)
        }
        let next = DashboardPages.query(open)
        print((url.hasSuffix("/") ? String(url.dropLast()) : url) + "/dashboard/login?code=\(code)&next=\(next)")
    }
}
