import CCurl
import Foundation
import HuibaoModel
import HuibaoReport

/// One HTTP POST over libcurl.
///
/// `CurlTransport` owns one `CURL*` easy handle (freed in `deinit`) and is used from one thread.
/// TLS is used when the URL is https; the certificate is checked against the system's CAs or
/// ``caFile``. libcurl sends `Expect: 100-continue` for large bodies,
/// which the server does not answer: an empty `Expect:` header turns it off.
public final class CurlTransport {
    /// The easy handle; `nil` when libcurl could not be loaded (each request then fails, saying
    /// why).
    let handle: UnsafeMutableRawPointer?
    /// Seconds allowed to connect.
    public var connectTimeout = 10
    /// Seconds allowed for the whole request.
    public var totalTimeout = 300
    /// A PEM file of certificate authorities to trust for https instead of the system's.
    public var caFile: String?

    /// Creates a transport, loading libcurl on first use.
    public init() {
        guard huibao_curl_load() == 0 else {
            handle = nil
            return
        }
        guard let handle = huibao_curl_easy_init() else {
            preconditionFailure("curl_easy_init failed (out of memory)")
        }
        self.handle = handle
    }

    deinit {
        if let handle { huibao_curl_easy_cleanup(handle) }
    }

    /// Why libcurl could not be loaded, if it could not.
    static var loadFailure: String? {
        huibao_curl_load_error().map { String(cString: $0) }
    }

    /// The response of a request.
    public struct Response {
        /// The HTTP status.
        public var status: Int
        /// The body.
        public var body: [UInt8]
    }

    /// Failures of the TLS handshake or of the certificate check: retrying cannot help.
    static let tlsFailures: [CURLcode] = [
        CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
    ]

    /// Collects the response body.
    final class Sink {
        var bytes: [UInt8] = []
    }

    /// POSTs `body` to `url` with a bearer token.
    ///
    /// - Throws: ``SyncError/unreachable(url:reason:)`` with libcurl's reason on transport failure.
    public func post(_ body: [UInt8], to url: String, token: String, contentType: String) throws(SyncError) -> Response
    {
        try perform(url: url, token: token, body: body, contentType: contentType)
    }

    /// GETs `url` with a bearer token.
    ///
    /// - Throws: ``SyncError/unreachable(url:reason:)`` with libcurl's reason on transport failure.
    public func get(_ url: String, token: String, headers extra: [String] = []) throws(SyncError) -> Response {
        try perform(url: url, token: token, body: nil, contentType: nil, headers: extra)
    }

    func perform(url: String, token: String, body: [UInt8]?, contentType: String?, headers extra: [String] = [])
        throws(SyncError) -> Response
    {
        guard let handle else {
            throw .unreachable(
                url: url,
                reason: Language.text("无法加载 libcurl：", "cannot load libcurl: ") + (CurlTransport.loadFailure ?? "?"))
        }
        huibao_curl_easy_reset(handle)
        let sink = Sink()
        var headers: UnsafeMutablePointer<curl_slist>?
        headers = huibao_curl_slist_append(headers, "Authorization: Bearer \(token)")
        if let contentType { headers = huibao_curl_slist_append(headers, "Content-Type: \(contentType)") }
        headers = huibao_curl_slist_append(headers, "Expect:")
        // The server's messages (refusals, errors) in the clerk's language.
        headers = huibao_curl_slist_append(headers, Language.text("Accept-Language: zh-CN", "Accept-Language: en"))
        for header in extra { headers = huibao_curl_slist_append(headers, header) }
        defer { huibao_curl_slist_free_all(headers) }
        // An empty body still needs a pointer: with none, libcurl would read the body from stdin.
        let payload = body.map { $0.isEmpty ? [0] : $0 } ?? []
        let size = body?.count ?? 0
        let status: CURLcode = payload.withUnsafeBytes { raw in
            huibao_curl_setopt_string(handle, CURLOPT_URL, url)
            if body != nil {
                huibao_curl_setopt_long(handle, CURLOPT_POST, 1)
                huibao_curl_setopt_pointer(
                    handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                huibao_curl_setopt_size(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(size))
            }
            huibao_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
            huibao_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, connectTimeout)
            huibao_curl_setopt_long(handle, CURLOPT_TIMEOUT, totalTimeout)
            huibao_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            if let caFile { huibao_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
            huibao_curl_setopt_write_function(handle) { data, size, count, context in
                guard let data, let context else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            }
            return withExtendedLifetime(sink) {
                huibao_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
                return huibao_curl_easy_perform(handle)
            }
        }
        guard status == CURLE_OK else {
            var reason = String(cString: huibao_curl_easy_strerror(status))
            if status == CURLE_SSL_CONNECT_ERROR && url.hasPrefix("https://") {
                // What a plain-http server answers to a TLS handshake.
                reason += Language.text(
                    "（如果服务器使用普通 http，请用 http:// 而不是 https:// 登录）",
                    " (if the server speaks plain http, log in with http:// instead of https://)")
            }
            if CurlTransport.tlsFailures.contains(status) { throw .tlsFailed(url: url, reason: reason) }
            throw .unreachable(url: url, reason: reason)
        }
        var code = 0
        huibao_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return Response(status: code, body: sink.bytes)
    }
}
