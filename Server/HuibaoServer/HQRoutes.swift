import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import Hummingbird

/// HQ's read routes, JSON or the consolidated report's formats:
/// - `GET /v1/hq/overview`: the status matrix (``HQOverview``) as JSON.
/// - `GET /v1/hq/consolidation?period=P&kind=K&format=md|txt|csv|json|docx`: the consolidated report.
/// - `POST /v1/hq/dashboard-link`: a one-time dashboard login path (10 minutes).
///
/// Authorization is HQ's token (`Authorization: Bearer TOKEN`). Errors are JSON: 401
/// `unauthorized`, 403 `forbidden` (not an HQ), 400 `bad-request` (a missing or bad parameter).
enum HQRoutes {
    static func add(to router: Router<BasicRequestContext>, service: HQService) {
        router.get("/v1/hq/overview") { request, _ -> Response in
            await respond {
                let hq = try await service.registry.authenticateHQ(bearer(request))
                return try json(await service.overview(for: hq))
            }
        }
        router.post("/v1/hq/dashboard-link") { request, _ -> Response in
            await respond {
                let code = try await service.registry.issueLoginCode(
                    for: service.registry.authenticateHQ(bearer(request)))
                return text("/dashboard/login?code=\(code)\n", type: "text/plain; charset=utf-8")
            }
        }
        router.get("/v1/hq/consolidation") { request, _ -> Response in
            await respond {
                let hq = try await service.registry.authenticateHQ(bearer(request))
                let (period, kind) = try periodAndKind(request)
                let name = request.uri.queryParameters["format"].map(String.init) ?? "json"
                if name == "docx" { return try await docx(service, for: hq, period: period, kind: kind) }
                guard let format = ConsolidatedReport.Format(rawValue: name) else {
                    throw ServerError.badRequest(
                        Language.text(
                            "格式只能是 md、txt、csv、json 或 docx，不能是 \(name)",
                            "format must be one of md, txt, csv, json, docx, not \(name)"))
                }
                return rendered(
                    try await service.export(for: hq, period: period, kind: kind, format: format), as: format)
            }
        }
    }

    /// The token of `Authorization: Bearer TOKEN`, or "" (refused as unauthorized).
    static func bearer(_ request: Request) -> String {
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else { return "" }
        return String(value.dropFirst("Bearer ".count))
    }

    /// The `period` and `kind` query parameters.
    static func periodAndKind(_ request: Request) throws(ServerError) -> (String, String) {
        let query = request.uri.queryParameters
        guard let period = query["period"].map(String.init), !period.isEmpty,
            let kind = query["kind"].map(String.init), !kind.isEmpty
        else {
            throw .badRequest(
                Language.text(
                    "请给出期次和类别：?period=2023H1&kind=党风廉政", "give the period and kind: ?period=2023H1&kind=党风廉政"))
        }
        return (period, kind)
    }

    /// The consolidated report's bytes in a format, with its content type.
    static func rendered(_ bytes: [UInt8], as format: ConsolidatedReport.Format) -> Response {
        let type =
            switch format {
            case .json: "application/json"
            case .md: "text/markdown; charset=utf-8"
            case .txt: "text/plain; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            }
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json<Value: Encodable>(_ value: Value) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Runs `body`, mapping errors to JSON error responses.
    static func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as ServerError {
            return errorResponse(error.status, error.code, error.message)
        } catch {
            return errorResponse(.internalServerError, "internal", "\(error)")
        }
    }
}
