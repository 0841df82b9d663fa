/// Sync rounds as `POST /v1/sync` over libcurl, with the unit's token and, for https, the
/// workspace's certificate authorities.
public struct HTTPSyncTransport: SyncTransport {
    /// The rounds' URL.
    public let endpoint: String
    let token: String
    let curl: CurlTransport

    /// A transport to `server` (its root URL, with or without a trailing slash).
    public init(server: String, token: String, caFile: String? = nil) {
        endpoint = server.hasSuffix("/") ? server + "v1/sync" : server + "/v1/sync"
        self.token = token
        curl = CurlTransport()
        curl.caFile = caFile
    }

    public func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        let response = try curl.post(request, to: endpoint, token: token, contentType: "application/x-huibao-sync")
        guard response.status == 200 else { throw SyncError(response: response, url: endpoint) }
        return response.body
    }
}
