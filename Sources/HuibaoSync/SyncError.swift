/// Why a sync did not complete. What was acknowledged before the failure stays acknowledged;
/// running `huibao sync` again resumes.
public enum SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The workspace has no server URL or token.
    case notLoggedIn
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

    public var description: String {
        switch self {
        case .notLoggedIn: "no server configured: run `huibao login --server URL --token TOKEN` first"
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
        }
    }
}
