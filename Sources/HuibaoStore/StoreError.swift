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

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let statement):
            "database error \(code): \(message) (in: \(statement.prefix(60)))"
        case .readOnly(let path):
            "\(path) is read-only: Huibao writes to its workspace even to read it; make it writable "
                + "(e.g. `chmod -R u+w \(path)`) or work on a copy"
        case .notAWorkspace(let path):
            "\(path) is not a Huibao workspace; create one with `huibao init --unit NAME`"
        case .alreadyAWorkspace(let path):
            "\(path) already holds a Huibao workspace"
        case .newerSchema(let found, let supported):
            "the workspace was written by a newer Huibao (schema \(found), this build reads up to \(supported)); upgrade huibao"
        case .corrupt(let what):
            "the workspace is damaged: \(what)"
        case .reportNotFound(let reference):
            "no report matches \"\(reference)\"; `huibao list` shows them (use an id, an id prefix or PERIOD/KIND)"
        case .ambiguousReport(let reference, let matches):
            "\"\(reference)\" matches several reports (\(matches.joined(separator: ", "))); give more of the id, or UNIT/PERIOD/KIND"
        case .reportExists(let name):
            "report \(name) exists already in this workspace"
        case .concurrentWrite(let report):
            "report \(report) was changed by another command meanwhile; nothing was written, run the command again"
        }
    }
}

extension StoreError: SQLiteFailure {
    package init(sqliteCode code: Int32, message: String, statement: String) {
        self = .sqlite(code: code, message: message, statement: statement)
    }
}
