import CSQLite

/// An error type that can describe a SQLite failure, so that each layer gets SQLite errors as
/// its own typed error (`StoreError` in the client store, `ServerError` on the server).
package protocol SQLiteFailure: Error {
    /// Creates the error for a failed SQLite call.
    init(sqliteCode code: Int32, message: String, statement: String)
}

/// The one owner of a SQLite connection handle; its errors are `Failure`s.
///
/// A class because it owns the `sqlite3*` and closes it in `deinit`; it is used from one thread
/// at a time (the CLI runs one command per process), so it is not `Sendable`.
package final class SQLiteConnection<Failure: SQLiteFailure> {
    package let handle: OpaquePointer
    package let path: String

    /// Opens (or creates) the database at `path` in WAL mode with foreign keys on.
    ///
    /// `synchronous = FULL`: a committed transaction is on disk (the WAL is synced at every
    /// commit), so what a command reports as saved, and what the server acknowledges, survives a
    /// power cut, not only a crash of the process.
    package init(path: String, create: Bool) throws(Failure) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let handle { sqlite3_close_v2(handle) }
            throw Failure(sqliteCode: status, message: message, statement: "open \(path)")
        }
        self.handle = handle
        self.path = path
        sqlite3_busy_timeout(handle, 5_000)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = FULL")
        try execute("PRAGMA foreign_keys = ON")
        // Debian's SQLite zeroes every freed page by default (`secure_delete`): rewriting a
        // report's 10 MB rendered text then wrote its old pages out a second time. Nothing is
        // hidden by it here, since the change log keeps every version of every report.
        try execute("PRAGMA secure_delete = OFF")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that returns no rows we need.
    package func execute(_ sql: String) throws(Failure) {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error"
            sqlite3_free(error)
            throw Failure(sqliteCode: status, message: message, statement: sql)
        }
    }

    /// Prepares a statement.
    package func prepare(_ sql: String) throws(Failure) -> SQLiteStatement<Failure> {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, sql) }
        return SQLiteStatement(statement: statement, connection: self, sql: sql)
    }

    /// Runs `body` in one IMMEDIATE transaction: committed if it returns, rolled back if it throws.
    package func transaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The error for a failed call.
    func failure(_ status: Int32, _ sql: String) -> Failure {
        Failure(sqliteCode: status, message: String(cString: sqlite3_errmsg(handle)), statement: sql)
    }
}

/// A prepared statement, owned by one Swift value and finalized in `deinit`.
package final class SQLiteStatement<Failure: SQLiteFailure> {
    let statement: OpaquePointer
    let connection: SQLiteConnection<Failure>
    let sql: String

    init(statement: OpaquePointer, connection: SQLiteConnection<Failure>, sql: String) {
        self.statement = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// A bindable value.
    package enum Value {
        case integer(Int64)
        case text(String)
        /// Text given as its UTF-8 bytes (no conversion of a long text to a C string).
        case utf8([UInt8])
        case blob([UInt8])
        case null
    }

    /// Resets the statement and binds `values` to its parameters in order.
    @discardableResult
    package func bind(_ values: [Value]) throws(Failure) -> SQLiteStatement {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .text(let text): status = huibao_sqlite3_bind_text(statement, index, text, -1)
            case .utf8(let bytes):
                // A NULL pointer would bind NULL: the empty text goes through a C string.
                status = bytes.withUnsafeBufferPointer { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { text in
                        guard let start = text.baseAddress, !text.isEmpty else {
                            return huibao_sqlite3_bind_text(statement, index, "", 0)
                        }
                        return huibao_sqlite3_bind_text(statement, index, start, Int32(text.count))
                    }
                }
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { raw in
                    huibao_sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count))
                }
            case .null: status = sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw connection.failure(status, sql) }
        }
        return self
    }

    /// Steps once; returns whether a row is available.
    package func step() throws(Failure) -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(status, sql)
        }
    }

    /// Runs the statement to completion.
    package func run() throws(Failure) {
        while try step() {}
    }

    /// Column `index` of the current row as an integer.
    package func int(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// Column `index` as text (empty for NULL).
    package func text(_ index: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, index) else { return "" }
        return String(cString: pointer)
    }

    /// Column `index` as text, or `nil` for NULL.
    package func optionalText(_ index: Int32) -> String? {
        isNull(index) ? nil : text(index)
    }

    /// Whether column `index` is NULL.
    package func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    /// Calls `body` with column `index`'s bytes in place (valid only during the call): no copy,
    /// for a caller that reads many rows.
    package func withBlob<Result>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result
    {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement, index) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Column `index` as bytes (a text column: its UTF-8).
    package func blob(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
