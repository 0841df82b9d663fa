public import HuibaoModel
import HuibaoReport

/// Why a server operation failed.
public enum ServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The token is unknown or revoked.
    case unauthorized
    /// A unit with this name exists.
    case unitExists(String)
    /// No unit has this name.
    case unknownUnit(String)
    /// The storage failed; nothing was committed.
    case storage(String)
    /// The database cannot be reached right now (down, restarting, out of connections); nothing
    /// was committed, and the same request may succeed a moment later.
    case unavailable(String)
    /// The request bytes are malformed.
    case badRequest(String)
    /// The unit may not do this (for example a unit that is not an HQ asks for HQ's view).
    case forbidden(String)
    /// The named report does not exist or is not readable by the unit.
    case unknownReport(String)
    /// Another process committed to the report between reading and committing; nothing was
    /// stored (the service reloads and tries again).
    case reportMoved(String)
    /// A replica is registered to another unit.
    case replicaTaken(replica: ReplicaID, unit: String)

    public var description: String {
        switch self {
        case .unauthorized: Language.text("令牌无效或已吊销", "the token is unknown or revoked")
        case .unitExists(let name): Language.text("单位“\(name)”已存在", "a unit named \(name) exists already")
        case .unknownUnit(let name): Language.text("没有名为“\(name)”的单位", "no unit is named \(name)")
        case .storage(let reason):
            Language.text("存储失败，未保存任何内容：\(reason)", "storage failed, nothing was committed: \(reason)")
        case .unavailable(let reason):
            Language.text(
                "数据库暂时无法连接，未保存任何内容：\(reason)",
                "the database cannot be reached now, nothing was committed: \(reason)")
        case .badRequest(let reason): Language.text("请求有误：\(reason)", "malformed request: \(reason)")
        case .forbidden(let reason): Language.text("无权操作：\(reason)", "forbidden: \(reason)")
        case .unknownReport(let name): Language.text("这里没有可读取的报告\(name)", "no report \(name) is readable here")
        case .reportMoved(let name):
            Language.text(
                "报告\(name)正被其他请求同时修改，请重试", "report \(name) kept changing under concurrent commits; try again")
        case .replicaTaken(let replica, let unit):
            Language.text("副本\(replica)已登记在\(unit)名下", "replica \(replica) is registered to \(unit)")
        }
    }
}
