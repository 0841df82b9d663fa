public import HuibaoModel

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
        case .notLoggedIn: "no server configured: run `huibao login --server URL --token TOKEN` first"
        case .noToken(let server):
            "this workspace syncs with \(server) but has no token yet: run `huibao login --server \(server) --token TOKEN` "
                + "with the token HQ gave this unit"
        case .unreachable(let url, let reason): "cannot reach \(url): \(reason); check the address or try again later"
        case .tlsFailed(let url, let reason):
            "TLS with \(url) failed: \(reason); if an internal CA signed the server's certificate, "
                + "give its PEM file with `huibao login --ca-file FILE`"
        case .unauthorized(let url): "\(url) refused the token; ask HQ for a valid one (`huibao login --token ...`)"
        case .httpError(let status, let code, let message): "server error \(status) (\(code)): \(message)"
        case .refused(let report, let code, let message):
            "the server refused the changes of \(report) (\(code)): \(message)"
        case .badResponse(let reason): "the server's answer is malformed: \(reason)"
        case .store(let reason): "the workspace failed: \(reason)"
        case .incomplete(let refusals):
            refusals.sorted { $0.key < $1.key }.map { report, refusal in
                switch refusal.code {
                case .missingDependency:
                    "\(report): changes wait for changes the server lacks (was it restored from a backup?): "
                        + "\(refusal.message); they are sent once the workspaces that made those have synced"
                case .replicaReused:
                    "\(report): \(refusal.message)"
                case _ where refusal.change == nil:
                    "\(report): the server refused this workspace's changes (\(refusal.code.rawValue)): \(refusal.message). "
                        + "Nothing is lost: they are sent again once the workspace logs in with its own unit's token "
                        + "(`huibao login --token …`)"
                default:
                    "\(report): the server refused a change (\(refusal.code.rawValue)): \(refusal.message). "
                        + "It is in quarantine with the edits made after it; everything else was synced. "
                        + "`huibao refused` shows it, `huibao refused --drop` drops it and sends the later edits"
                }
            }.joined(separator: "\n")
        }
    }
}
