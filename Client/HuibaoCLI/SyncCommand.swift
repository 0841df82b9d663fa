import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoStore
import HuibaoSync

/// `huibao login`: remember the server and the unit's token.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Set the sync server and the unit's token (from `huibao-server unit add`).",
        discussion: """
            Example:
              huibao login --server http://127.0.0.1:8080 --token 3f2a…
              huibao login --server https://hq.example:8443 --token 3f2a… --ca-file hq-ca.pem
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The server's URL (http or https).")
    var server: String

    @Option(help: "The unit's token.")
    var token: String

    @Option(
        name: .customLong("ca-file"),
        help: "A PEM file of certificate authorities to trust for an https server (default: the system's).")
    var caFile: String?

    func validate() throws {
        guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
            throw ValidationError(
                Language.text(
                    "--server 必须以 http:// 或 https:// 开头", "--server must start with http:// or https://"))
        }
        guard !token.isEmpty else {
            throw ValidationError(Language.text("--token 不能为空", "--token must not be empty"))
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError(
                Language.text(
                    "--ca-file \(caFile)：文件不存在或无法读取", "--ca-file \(caFile): no such readable file"))
        }
    }

    func run() throws {
        let caPath = caFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let workspace = try options.open()
        // The token must be this unit's: another unit's token would be refused for every report.
        do {
            let unit = try HQClient(server: server, token: token, caFile: caPath).unit()
            guard unit == workspace.unit else {
                throw CLIError(
                    Language.text(
                        "该令牌属于\(unit)，而本工作区属于\(workspace.unit)；请向上级索取\(workspace.unit)的令牌（未做任何更改）",
                        "this token belongs to \(unit), and this workspace is \(workspace.unit)'s; "
                            + "ask HQ for \(workspace.unit)'s token (nothing was changed)"))
            }
        } catch let error as SyncError {
            switch error {
            case .unreachable, .badResponse:
                printError(
                    Language.text(
                        "提示：暂时无法向 \(server) 核验令牌（\(error)），令牌仍已保存",
                        "note: could not check the token with \(server) now (\(error)); it is saved anyway"))
            default:
                throw CLIError(Language.text("\(error)（未做任何更改）", "\(error) (nothing was changed)"))
            }
        }
        try workspace.login(server: server, token: token, caFile: caPath)
        print(Language.text("本工作区今后与 \(server) 同步", "this workspace now syncs with \(server)"))
    }
}

/// `huibao sync`: exchange changes with the server.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send unacknowledged changes to the server and receive what this unit lacks.",
        discussion: """
            Safe to repeat and to interrupt: what the server acknowledged stays acknowledged, \
            and the next sync resumes. The server is retried with backoff when unreachable or \
            when its answer is cut. A change the server refuses for good is kept in quarantine \
            (`huibao refused`) and the rest is synced; a copied or restored workspace gets a new \
            replica id for its unsynced edits; changes a restored server lost are sent again.

            Example:
              huibao sync
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(
        name: .shortAndLong, help: "Print a progress line per round (printed anyway once a sync takes over a second).")
    var verbose = false

    @Flag(name: .customLong("drop-refused"), help: "First drop the changes in quarantine (see `huibao refused`).")
    var dropRefused = false

    @Option(
        name: .customLong("round-bytes"),
        help: "Most bytes of changes sent per round; smaller rounds suit a connection that often breaks.")
    var roundBytes = 4 << 20

    func validate() throws {
        guard roundBytes >= 1 else {
            throw ValidationError(Language.text("--round-bytes 至少为1", "--round-bytes must be at least 1"))
        }
    }

    func run() throws {
        let workspace = try options.open()
        if dropRefused {
            let refused = try workspace.refusedChanges()
            if !refused.isEmpty {
                for line in try RefusedCommand.drop(refused, in: workspace) { printError(line) }
            }
        }
        var session = SyncSession(workspace: workspace)
        session.uploadBytes = roundBytes
        // Re-keying and retries are news for a person even without --verbose.
        session.progress = { printError($0) }
        // A sync that takes a while says how far it is.
        session.roundFinished = { round in
            guard verbose || round.elapsed > 1 else { return }
            printError(SyncCommand.describe(round))
        }
        let summary = try session.run()
        print(
            Language.text(
                "同步完成：发送\(summary.sent)次修改，接收\(summary.received)次修改，共\(summary.rounds)轮",
                "synced: sent \(summary.sent), received \(summary.received) change(s) in \(summary.rounds) round(s)"))
    }

    /// One round's progress line: changes and bytes each way, and the time so far.
    static func describe(_ round: SyncSession.Round) -> String {
        Language.text(
            "第\(round.number)轮：发送\(round.acknowledged)次修改（\(bytes(round.bytesSent))），"
                + "接收\(round.received)次修改（\(bytes(round.bytesReceived))），"
                + String(format: "用时%.1f秒", round.elapsed) + (round.more ? "，尚未传完" : ""),
            "round \(round.number): \(round.acknowledged) change(s) sent (\(bytes(round.bytesSent))), "
                + "\(round.received) received (\(bytes(round.bytesReceived))), "
                + String(format: "%.1f s", round.elapsed) + (round.more ? ", more to come" : ""))
    }

    /// A byte count for a person: `812 B`, `3.4 KB`, `12.0 MB`.
    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1 << 20 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / 1_048_576)
    }
}
