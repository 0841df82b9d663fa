public import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoPostgres
import HuibaoReport
import HuibaoServerCore
import Hummingbird

/// `huibao-server`: headquarters' sync server.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "huibao-server",
        abstract: "Merge the report logs of all units; register units and their tokens.",
        discussion: """
            Data lives in one SQLite file in the data directory (default ./huibao-data), or in a \
            PostgreSQL database (--database URL or HUIBAO_DATABASE_URL) shared by several \
            server processes.

            Examples:
              huibao-server unit add HQ --hq
              huibao-server unit add 某局 --parent HQ
              huibao-server serve --port 8080
            """,
        version: HuibaoVersion.current,
        subcommands: [
            ServeCommand.self, UnitCommand.self, BundleCommand.self, CatalogCommand.self, ExpectCommand.self,
            DashboardLinkCommand.self, NginxConfigCommand.self,
        ]
    )

    public init() {}
}

/// `--data DIR` and `--database URL`, shared by the server's commands.
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data"),
        help: ArgumentHelp(
            "The data directory of the embedded SQLite database (default: huibao-data).", valueName: "DIR"))
    var dataDirectory: String?

    /// The SQLite data directory.
    var data: String { dataDirectory ?? "huibao-data" }

    func validate() throws {
        if dataDirectory != nil, let url = databaseURL {
            let source = database != nil ? "--database" : "HUIBAO_DATABASE_URL"
            let named = (try? PostgresURL(parsing: url))?.description ?? url
            throw ValidationError(
                Language.text(
                    "--data 指定的是 SQLite 目录，而 \(source) 指定了 PostgreSQL 数据库（\(named)），二者只能给一个",
                    "--data is the SQLite directory, but \(source) names a PostgreSQL database (\(named)); give one of them"
                ))
        }
    }

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL database instead of SQLite, e.g. postgres://huibao@127.0.0.1:5432/huibao (default: $HUIBAO_DATABASE_URL if set).",
            valueName: "URL"))
    var database: String?

    /// The PostgreSQL URL in force: `--database`, else `HUIBAO_DATABASE_URL`.
    var databaseURL: String? {
        if let database { return database }
        if let url = ProcessInfo.processInfo.environment["HUIBAO_DATABASE_URL"], !url.isEmpty { return url }
        return nil
    }

    /// Where the data is, for messages (a URL without its password, or the directory).
    var location: String {
        if let url = databaseURL { return (try? PostgresURL(parsing: url))?.description ?? url }
        return data
    }

    /// Runs `body` with the server's storage open (created and migrated if needed), then closes it.
    func withStorage<T>(_ body: (any ServerStorage) async throws -> T) async throws -> T {
        if let url = databaseURL {
            let storage = try await PostgresStorage.open(url: url, logger: serverLog)
            do {
                let result = try await body(storage)
                await storage.close()
                return result
            } catch {
                await storage.close()
                throw error
            }
        }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        return try await body(try SQLiteStorage(path: (data as NSString).appendingPathComponent("server.sqlite")))
    }

    /// Runs `body` with a sync service over the storage (see ``withStorage(_:)``).
    func withService<T>(_ body: (SyncService) async throws -> T) async throws -> T {
        try await withStorage { try await body(SyncService(storage: $0)) }
    }
}

/// `huibao-server serve`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sync (POST /v1/sync), HQ's API and the dashboard (/dashboard) until stopped.",
        discussion: """
            Example:
              huibao-server serve --data /var/lib/huibao --port 8080
              huibao-server serve --database postgres://huibao@127.0.0.1:5432/huibao --port 8081
            """)

    @OptionGroup var data: DataOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port.")
    var port = 8080

    func validate() throws {
        guard (1...65535).contains(port) else {
            throw ValidationError(Language.text("--port 必须在 1 到 65535 之间", "--port must be between 1 and 65535"))
        }
    }

    func run() async throws {
        let (host, port, location) = (host, port, data.location)
        try await data.withService { service in
            let app = buildApplication(service: service, configuration: ServerConfiguration(host: host, port: port)) {
                // Once the port is bound; written straight to the descriptor so a pipe sees it at once.
                FileHandle.standardOutput.write(
                    Data("huibao-server listening on http://\(host):\(port), data in \(location)\n".utf8))
            }
            do {
                try await app.runService()
            } catch  where String(describing: error).contains("Address already in use") {
                // NIO's bind error, as one line.
                throw CommandFailure(
                    Language.text(
                        "\(host) 的端口 \(port) 已被占用（另一个 huibao-server？），请用 --port 换一个端口",
                        "port \(port) on \(host) is in use (another huibao-server?); choose another with --port"))
            }
        }
    }
}

/// `huibao-server unit add|list|revoke`.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Register units, list them, revoke their tokens or give them new ones.",
        subcommands: [Add.self, List.self, Revoke.self, Rotate.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a unit and print its token (shown once; only its hash is stored).",
            discussion: """
                Example:
                  huibao-server unit add 某局 --parent HQ
                """)

        @OptionGroup var data: DataOptions

        @Argument(help: "The unit's name.")
        var name: String

        @Option(help: "The parent unit.")
        var parent: String?

        @Flag(help: "The unit is a headquarters: it reads the reports of its subtree.")
        var hq = false

        func validate() throws {
            if let problem = NameRules.problem(withName: name) { throw ValidationError(problem) }
        }

        func run() async throws {
            let (_, token) = try await data.withService {
                try await $0.registry.addUnit(name: name, parent: parent, isHQ: hq)
            }
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the units.",
            discussion: """
                One line per unit: name, HQ or unit, parent, active or revoked.

                Example:
                  huibao-server unit list --database postgres://huibao@127.0.0.1:5432/huibao
                """)

        @OptionGroup var data: DataOptions

        func run() async throws {
            for unit in try await data.withStorage({ try await $0.units() }) {
                let role = unit.isHQ ? Language.text("上级单位", "HQ") : Language.text("下级单位", "unit")
                let parent = Language.text("上级：", "parent: ") + (unit.parent ?? "-")
                let state = unit.revoked ? Language.text("已吊销", "revoked") : Language.text("有效", "active")
                print("\(unit.name)\t\(role)\t\(parent)\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a unit's token.",
            discussion: """
                The unit's syncs are refused from then on; `huibao-server unit rotate` gives it a new token.

                Example:
                  huibao-server unit revoke 某局
                """)

        @OptionGroup var data: DataOptions

        @Argument(help: "The unit's name.")
        var name: String

        func run() async throws {
            let wasRevoked = try await data.withStorage { storage in
                let before = try await storage.unit(named: name)?.revoked ?? false
                try await storage.revokeUnit(name)
                return before
            }
            print(
                wasRevoked
                    ? Language.text("\(name) 的令牌此前已吊销", "\(name) was revoked already")
                    : Language.text("已吊销 \(name) 的令牌", "revoked \(name)"))
        }
    }
}

extension UnitCommand {
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a unit a new token (also after a revocation); the old one stops working.",
            discussion: """
                Prints the new token once (only its hash is stored). The unit's clerks log in again \
                with it (`huibao login --token ...`); their workspaces and reports stay as they are.

                Example:
                  huibao-server unit rotate 某局
                """)

        @OptionGroup var data: DataOptions

        @Argument(help: "The unit's name.")
        var name: String

        func run() async throws {
            print(try await data.withService { try await $0.registry.rotateToken(of: name) })
        }
    }
}

/// A command that failed for a reason that is not a usage mistake: printed as one error, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// `huibao-server bundle import`: take a unit's offline bundle.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Import a unit's offline bundle and write the answer file.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate and store a bundle from `huibao bundle export`; write the unit's answer.",
            discussion: """
                The bundle gets exactly the checks of a network sync, as the named unit.

                Example:
                  huibao-server bundle import 某局.bundle --unit 某局 -o 某局.answer
                """)

        @OptionGroup var data: DataOptions

        @Argument(help: "The bundle file.")
        var file: String

        @Option(help: "The unit that sent the bundle (checked against the unit named in the bundle).")
        var unit: String

        @Option(name: .shortAndLong, help: "The answer file to write.")
        var output: String

        func run() async throws {
            let bytes: [UInt8]
            do {
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw CommandFailure(Language.text("\(file)：无法读取该文件", "\(file): cannot read the file"))
            }
            let bundle: SyncBundle
            do {
                bundle = try SyncBundle(decoding: bytes)
            } catch {
                throw CommandFailure(
                    Language.text(
                        "\(file) 不是 Huibao 离线包（\(error)），请用 `huibao bundle export` 生成",
                        "\(file) is not a Huibao bundle (\(error)); write it with `huibao bundle export`"))
            }
            guard bundle.unit == unit else {
                throw CommandFailure(
                    Language.text(
                        "\(file) 由\(bundle.unit)的工作区生成，不是\(unit)的；未存储任何内容，也未写回执",
                        "\(file) was written by a workspace of \(bundle.unit), not of \(unit); "
                            + "nothing was stored and no answer written"))
            }
            let response = try await data.withService { service in
                let refusals: [(ReportKey, SyncRefusal)]
                do {
                    refusals = try await service.refusals(of: bundle, unitNamed: unit)
                } catch {
                    throw CommandFailure(
                        Language.text(
                            "\(file)：\(error)；未存储任何内容，也未写回执",
                            "\(file): \(error); nothing was stored and no answer written"))
                }
                guard refusals.isEmpty else {
                    let lines = refusals.map { "  \($0.0): \($0.1)" }.joined(separator: "\n")
                    throw CommandFailure(
                        Language.text(
                            "\(file) 被拒收，未存储任何内容，也未写回执：\n\(lines)",
                            "\(file) was refused, nothing was stored and no answer written:\n\(lines)"))
                }
                return try await service.sync(bundle.request, unitNamed: unit)
            }
            try Data(response.encoded).write(to: URL(fileURLWithPath: output), options: .atomic)
            for entry in response.entries {
                let state =
                    entry.refusal.map { Language.text("被拒收（\($0)）", "refused (\($0))") }
                    ?? Language.text("确认\(entry.acknowledged.count)次修改", "\(entry.acknowledged.count) acknowledged")
                print(
                    Language.text(
                        "\(entry.report)：\(state)，回执中有\(entry.changes.count)次修改",
                        "\(entry.report): \(state), \(entry.changes.count) change(s) in the answer"))
            }
        }
    }
}
