import HuibaoModel
public import HuibaoReport

/// Why a sync did not complete. What was acknowledged before the failure stays acknowledged;
/// running `huibao sync` again resumes.
public enum SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The workspace has no server URL or token.
    case notLoggedIn
    /// The workspace knows its server (`huibao init --server`) but has no token yet.
    case noToken(server: String)
    /// The server could not be reached (after retries).
    case unreachable(url: String, reason: String)
    /// The TLS handshake or the server's certificate check failed (not retried).
    case tlsFailed(url: String, reason: String)
    /// The server refused the token.
    case unauthorized(url: String)
    /// The server answered with an HTTP error.
    case httpError(status: Int, code: String, message: String)
    /// The server refused a report's changes.
    case refused(report: String, code: String, message: String)
    /// The server's answer is malformed.
    case badResponse(String)
    /// The local workspace failed.
    case store(String)
    /// The sync ran to the end, but the server refused some reports' changes (by report name):
    /// those refused for good are in quarantine (`huibao refused`), the others wait for changes
    /// the server lacks.
    case incomplete([String: SyncRefusal])

    /// Whether trying the same round again may succeed: the server could not be reached, cut
    /// its answer, or answered 502, 503 or 504 (a proxy without a server, a busy server).
    public var isTransient: Bool {
        switch self {
        case .unreachable, .badResponse: true
        case .httpError(let status, _, _): [502, 503, 504].contains(status)
        default: false
        }
    }

    public var description: String {
        switch self {
        case .notLoggedIn:
            Language.text(
                "尚未配置服务器：请先执行 `huibao login --server URL --token TOKEN`",
                "no server configured: run `huibao login --server URL --token TOKEN` first")
        case .noToken(let server):
            Language.text(
                "本工作区与 \(server) 同步，但还没有令牌：请用上级发给本单位的令牌执行 "
                    + "`huibao login --server \(server) --token TOKEN`",
                "this workspace syncs with \(server) but has no token yet: run `huibao login --server \(server) --token TOKEN` "
                    + "with the token HQ gave this unit")
        case .unreachable(let url, let reason):
            Language.text(
                "无法连接 \(url)：\(reason)；请检查地址或稍后再试",
                "cannot reach \(url): \(reason); check the address or try again later")
        case .tlsFailed(let url, let reason):
            Language.text(
                "与 \(url) 的 TLS 连接失败：\(reason)；如果服务器证书由内部 CA 签发，请用 `huibao login --ca-file FILE` 指定其 PEM 文件",
                "TLS with \(url) failed: \(reason); if an internal CA signed the server's certificate, "
                    + "give its PEM file with `huibao login --ca-file FILE`")
        case .unauthorized(let url):
            Language.text(
                "\(url) 拒绝了该令牌；请向上级索取有效的令牌（`huibao login --token ...`）",
                "\(url) refused the token; ask HQ for a valid one (`huibao login --token ...`)")
        case .httpError(let status, let code, let message):
            Language.text("服务器错误 \(status)（\(code)）：\(message)", "server error \(status) (\(code)): \(message)")
        case .refused(let report, let code, let message):
            Language.text(
                "服务器拒收了 \(report) 的修改（\(code)）：\(message)",
                "the server refused the changes of \(report) (\(code)): \(message)")
        case .badResponse(let reason):
            Language.text("服务器的应答格式有误：\(reason)", "the server's answer is malformed: \(reason)")
        case .store(let reason): Language.text("工作区出错：\(reason)", "the workspace failed: \(reason)")
        case .incomplete(let refusals):
            refusals.sorted { $0.key < $1.key }.map { report, refusal in
                switch refusal.code {
                case .missingDependency:
                    Language.text(
                        "\(report)：这些修改在等待服务器缺少的修改（服务器是否从备份恢复过？）：\(refusal.message)；"
                            + "做出那些修改的工作区同步后，即会发送",
                        "\(report): changes wait for changes the server lacks (was it restored from a backup?): "
                            + "\(refusal.message); they are sent once the workspaces that made those have synced")
                case .replicaReused:
                    Language.text("\(report)：\(refusal.message)", "\(report): \(refusal.message)")
                case _ where refusal.change == nil:
                    Language.text(
                        "\(report)：服务器拒收了本工作区的修改（\(refusal.code.rawValue)）：\(refusal.message)。"
                            + "没有丢失任何内容：工作区用本单位的令牌登录（`huibao login --token …`）后会重新发送",
                        "\(report): the server refused this workspace's changes (\(refusal.code.rawValue)): \(refusal.message). "
                            + "Nothing is lost: they are sent again once the workspace logs in with its own unit's token "
                            + "(`huibao login --token …`)")
                default:
                    Language.text(
                        "\(report)：服务器拒收了一次修改（\(refusal.code.rawValue)）：\(refusal.message)。"
                            + "该修改及其后的修改已被隔离，其余内容均已同步。"
                            + "`huibao refused` 可查看，`huibao refused --drop` 可丢弃该修改并发送其后的修改",
                        "\(report): the server refused a change (\(refusal.code.rawValue)): \(refusal.message). "
                            + "It is in quarantine with the edits made after it; everything else was synced. "
                            + "`huibao refused` shows it, `huibao refused --drop` drops it and sends the later edits")
                }
            }.joined(separator: "\n")
        }
    }
}
