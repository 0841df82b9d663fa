import HuibaoModel
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
public func buildApplication(service: SyncService, configuration: ServerConfiguration) -> some ApplicationProtocol {
    let router = Router()
    router.get("/health") { _, _ in "ok" }
    router.get("/v1/whoami") { request, _ -> Response in
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            let unit = try? await service.authenticate(String(authorization.dropFirst("Bearer ".count)))
        else {
            return errorResponse(.unauthorized, "unauthorized", "the token is unknown or revoked")
        }
        let body = "{\"unit\": \"\(jsonEscaped(unit.name))\", \"hq\": \(unit.isHQ)}\n"
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    router.post("/v1/sync") { request, _ -> Response in
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") else {
            return errorResponse(.unauthorized, "unauthorized", "send the unit's token as Authorization: Bearer TOKEN")
        }
        let token = String(authorization.dropFirst("Bearer ".count))
        do {
            _ = try await service.authenticate(token)
        } catch {
            return errorResponse(.unauthorized, "unauthorized", "the token is unknown or revoked")
        }
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
            return errorResponse(.badRequest, "bad-request", "the sync request is malformed: \(error)")
        }
        do {
            let response = try await service.sync(syncRequest, token: token)
            var headers = HTTPFields()
            headers[.contentType] = syncContentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: response.encoded)))
        } catch ServerError.unauthorized {
            return errorResponse(.unauthorized, "unauthorized", "the token is unknown or revoked")
        } catch ServerError.reportMoved(let report) {
            return errorResponse(
                .serviceUnavailable, "busy", "report \(report) is being changed by other requests; try again")
        } catch {
            return errorResponse(.internalServerError, "storage", "\(error)")
        }
    }
    HQRoutes.add(to: router, service: service)
    DashboardRoutes.add(to: router, service: service)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "huibao-server")
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
