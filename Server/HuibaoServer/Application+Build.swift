import HuibaoModel
import HuibaoReport
public import HuibaoServerCore
public import Hummingbird
import Logging

/// The content type of sync messages.
let syncContentType = "application/x-huibao-sync"

/// Builds the HTTP application over a sync service: a thin shell, all logic is in
/// `HuibaoServerCore`.
///
/// Routes:
/// - `POST /v1/sync`: body a binary ``SyncRequest``, `Authorization: Bearer TOKEN`; answers a
///   binary ``SyncResponse``, or an error with a JSON body `{"code": …, "message": …}`:
///   401 `unauthorized`, 400 `bad-request`, 413 `too-large`, 500 `storage`.
/// - `GET /health`: `ok`.
/// - `GET /v1/whoami`: `{"unit": NAME, "hq": BOOL}` for the bearer token (401 if unknown).
/// - HQ's routes: see `HQRoutes`.
public func buildApplication(
    service: SyncService, configuration: ServerConfiguration, onServerRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    let hq = HQService(sync: service)
    let router = Router()
    router.add(middleware: RequestLanguageMiddleware())
    router.get("/health") { _, _ in "ok" }
    router.get("/v1/whoami") { request, _ -> Response in
        let unit = try await service.registry.authenticate(HQRoutes.bearer(request))
        let body = "{\"unit\": \"\(jsonEscaped(unit.name))\", \"hq\": \(unit.isHQ)}\n"
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    router.post("/v1/sync") { request, _ -> Response in
        guard request.headers[.authorization]?.hasPrefix("Bearer ") == true else {
            return errorResponse(.unauthorized, "unauthorized", "send the unit's token as Authorization: Bearer TOKEN")
        }
        // Authenticated once, before the body is read.
        let unit = try await service.registry.authenticate(HQRoutes.bearer(request))
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            return errorResponse(
                .contentTooLarge, "too-large",
                "the request is larger than \(configuration.maxBodyBytes) bytes; sync in pages")
        }
        let syncRequest: SyncRequest
        do {
            syncRequest = try SyncRequest(decoding: Array(body.readableBytesView))
        } catch {
            throw ServerError.badRequest("the sync request is malformed: \(error)")
        }
        let response = try await service.sync(syncRequest, as: unit)
        var headers = HTTPFields()
        headers[.contentType] = syncContentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: response.encoded)))
    }
    HQRoutes.add(to: router, service: hq)
    DashboardRoutes.add(to: router, service: hq)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "huibao-server"),
        onServerRunning: { _ in await onServerRunning() }
    )
}

/// The server's log (stderr): every answer of status 500 or more is logged with its cause.
let serverLog = Logger(label: "huibao-server")

/// An error response with a machine-readable code and a message, as JSON; a 5xx is logged.
func errorResponse(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
    if status.code >= 500 { serverLog.error("\(status.code) \(code): \(message)") }
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    let body = "{\"code\": \"\(jsonEscaped(code))\", \"message\": \"\(jsonEscaped(message))\"}\n"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
}

/// A string escaped for a JSON string literal.
func jsonEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
