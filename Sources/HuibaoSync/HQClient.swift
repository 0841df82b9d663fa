import Foundation
import HuibaoModel
import HuibaoReport
public import HuibaoStore

/// HQ's read-only requests to the server (`GET /v1/hq/...`) with the workspace's server, token
/// and CA file.
public struct HQClient {
    let server: String
    let token: String
    let transport = CurlTransport()

    /// A client for the server the workspace is logged in to.
    ///
    /// - Throws: ``SyncError/notLoggedIn`` if the workspace has no server or token.
    public init(workspace: Workspace) throws(SyncError) {
        guard let server = workspace.server else { throw .notLoggedIn }
        guard let token = workspace.token else { throw .noToken(server: server) }
        self.init(server: server, token: token, caFile: workspace.caFile)
    }

    /// A client for `server` with `token` (for checking them before they are saved).
    public init(server: String, token: String, caFile: String?) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token
        transport.caFile = caFile
    }

    /// The unit the token belongs to, as the server says (`GET /v1/whoami`).
    public func unit() throws(SyncError) -> String {
        let body = try get("/v1/whoami")
        guard let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
            let unit = json["unit"] as? String
        else {
            throw .badResponse(
                Language.text("/v1/whoami 的应答不是 {\"unit\": …}", "the answer to /v1/whoami is not {\"unit\": …}"))
        }
        return unit
    }

    /// The server's URL, without a trailing slash.
    public var serverURL: String { server }

    /// The body of `POST path` (an empty request body), or the server's error.
    public func post(_ path: String) throws(SyncError) -> [UInt8] {
        let url = server + path
        let response = try transport.post([], to: url, token: token, contentType: "application/octet-stream")
        guard response.status == 200 else { throw SyncError(response: response, url: url) }
        return response.body
    }

    /// The body of `GET path?query`, or the server's error.
    public func get(_ path: String, query: [(String, String)] = []) throws(SyncError) -> [UInt8] {
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let suffix = query.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        let url = server + path + suffix
        let response = try transport.get(url, token: token)
        guard response.status == 200 else { throw SyncError(response: response, url: url) }
        return response.body
    }
}

extension SyncError {
    /// The error an HTTP error response stands for: its JSON `code` and `message` when given.
    init(response: CurlTransport.Response, url: String) {
        if response.status == 401 {
            self = .unauthorized(url: url)
            return
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: String]
        if let code = json?["code"], let message = json?["message"] {
            self = .httpError(status: response.status, code: code, message: message)
            return
        }
        // Not a Huibao server's answer (a proxy's error page, another web server): say where it
        // came from, in one line, without the page.
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let isPage = text.hasPrefix("<") || text.contains("\n")
        let message: String
        switch response.status {
        case 404:
            message = Language.text(
                "\(url) 没有应答；服务器地址正确吗？请给出其根地址，如 http://127.0.0.1:8080",
                "nothing answers at \(url); is the server's address right? Give its root, e.g. http://127.0.0.1:8080")
        case 502, 503, 504:
            message = Language.text(
                "\(url) 返回 HTTP \(response.status)：代理后面没有找到 huibao-server",
                "\(url) answered HTTP \(response.status): a proxy found no huibao-server behind it")
        default:
            message =
                Language.text("\(url) 返回 HTTP \(response.status)", "\(url) answered HTTP \(response.status)")
                + (text.isEmpty || isPage ? "" : Language.text("：\(text)", ": \(text)"))
        }
        self = .httpError(status: response.status, code: "http", message: message)
    }
}
