import HuibaoModel
public import HuibaoReport
import HuibaoSQLite

/// Why a workspace operation failed. A failed command changes nothing in the workspace.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// SQLite refused a statement.
    case sqlite(code: Int32, message: String, statement: String)
    /// The directory holds no Huibao workspace.
    case notAWorkspace(path: String)
    /// The workspace's files or directory cannot be written (every command writes, even to read:
    /// the database journal).
    case readOnly(path: String)
    /// A workspace already exists there.
    case alreadyAWorkspace(path: String)
    /// The database is from a newer Huibao.
    case newerSchema(found: Int, supported: Int)
    /// Stored data does not verify (damaged file or tampering).
    case corrupt(String)
    /// No report matches the reference.
    case reportNotFound(String)
    /// Several reports match the reference.
    case ambiguousReport(String, matches: [String])
    /// A report with this period and kind exists already.
    case reportExists(String)
    /// Another command changed the report after this one loaded it; nothing was written.
    case concurrentWrite(report: String)
    /// The edit is not valid for the report (an unknown metric, a value that is not a number).
    case refusedEdit(ReportEditError)

    public var description: String {
        switch self {
        case .refusedEdit(let error):
            error.description
        case .sqlite(let code, let message, let statement):
            Language.text(
                "数据库错误 \(code)：\(message)（语句：\(statement.prefix(60))）",
                "database error \(code): \(message) (in: \(statement.prefix(60)))")
        case .readOnly(let path):
            Language.text(
                "\(path) 是只读的：Huibao 即使只是读取工作区也要写入；请将其改为可写（如 `chmod -R u+w \(path)`），或在副本上操作",
                "\(path) is read-only: Huibao writes to its workspace even to read it; make it writable "
                    + "(e.g. `chmod -R u+w \(path)`) or work on a copy")
        case .notAWorkspace(let path):
            Language.text(
                "\(path) 不是 Huibao 工作区；请用 `huibao init --unit NAME` 创建",
                "\(path) is not a Huibao workspace; create one with `huibao init --unit NAME`")
        case .alreadyAWorkspace(let path):
            Language.text("\(path) 已有 Huibao 工作区", "\(path) already holds a Huibao workspace")
        case .newerSchema(let found, let supported):
            Language.text(
                "该工作区由更新版本的 Huibao 写入（数据格式版本\(found)，本程序最高支持版本\(supported)）；请升级 huibao",
                "the workspace was written by a newer Huibao (schema \(found), this build reads up to \(supported)); upgrade huibao"
            )
        case .corrupt(let what):
            Language.text("工作区已损坏：\(what)", "the workspace is damaged: \(what)")
        case .reportNotFound(let reference):
            Language.text(
                "没有与“\(reference)”匹配的报告；`huibao list` 可列出全部报告（可使用编号、编号前缀或 PERIOD/KIND）",
                "no report matches \"\(reference)\"; `huibao list` shows them (use an id, an id prefix or PERIOD/KIND)")
        case .ambiguousReport(let reference, let matches):
            Language.text(
                "“\(reference)”匹配到多个报告（\(matches.joined(separator: "、"))）；请给出更长的编号，或使用 UNIT/PERIOD/KIND",
                "\"\(reference)\" matches several reports (\(matches.joined(separator: ", "))); give more of the id, or UNIT/PERIOD/KIND"
            )
        case .reportExists(let name):
            Language.text("本工作区已有报告 \(name)", "report \(name) exists already in this workspace")
        case .concurrentWrite(let report):
            Language.text(
                "报告 \(report) 同时被另一条命令修改；本次未写入任何内容，请重新执行命令",
                "report \(report) was changed by another command meanwhile; nothing was written, run the command again")
        }
    }
}

extension StoreError: SQLiteFailure {
    package init(sqliteCode code: Int32, message: String, statement: String) {
        self = .sqlite(code: code, message: message, statement: statement)
    }
}
