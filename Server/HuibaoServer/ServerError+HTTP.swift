import HuibaoModel
import HuibaoReport
public import HuibaoServerCore
public import Hummingbird

/// The one mapping of server errors to HTTP: a status, a machine-readable code and a message,
/// sent as `{"code": …, "message": …}` (5xx logged). Routes throw; Hummingbird answers.
extension ServerError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .badRequest: .badRequest
        case .unknownReport, .unknownUnit: .notFound
        case .unitExists, .replicaTaken: .conflict
        case .reportMoved, .unavailable: .serviceUnavailable
        case .storage: .internalServerError
        }
    }

    /// The code in the JSON body.
    var code: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .badRequest: "bad-request"
        case .unknownReport, .unknownUnit: "not-found"
        case .unitExists, .replicaTaken: "conflict"
        case .reportMoved: "busy"
        case .unavailable: "unavailable"
        case .storage: "storage"
        }
    }

    /// The message in the JSON body.
    var message: String {
        switch self {
        case .unauthorized: Language.text("令牌无效或已吊销", "the token is unknown or revoked")
        case .forbidden(let reason), .badRequest(let reason): reason
        case .reportMoved(let report):
            Language.text(
                "报告\(report)正被其他请求同时修改，请重试", "report \(report) is being changed by other requests; try again")
        default: description
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        errorResponse(status, code, message)
    }
}
