public import HuibaoModel
public import HuibaoReport
public import HuibaoServerCore
public import Logging
import PostgresNIO

/// Server storage on PostgreSQL, for several stateless `huibao-server` processes on one
/// database.
///
/// Holds no state of its own: every answer comes from the database. A commit is one
/// transaction that locks the report's row (`SELECT … FOR UPDATE`), checks the compare-and-swap
/// position, appends the batch with one `INSERT … SELECT FROM unnest(…)`, and registers the
/// replicas; it is acknowledged only after `COMMIT` returns (`synchronous_commit` is set on for
/// every connection). `UNIQUE(report, hash)` makes a doubled change impossible even if a bug
/// let one through validation.
///
/// Open with ``open(url:logger:)``, which applies the schema migrations, and ``close()`` at the end.
public final class PostgresStorage: ServerStorage {
    let client: PostgresClient
    let logger: Logger
    /// Runs the connection pool until ``close()``.
    private let runner: Task<Void, Never>
    /// Where the database is, without the password (for messages).
    public let location: String

    private init(_ url: PostgresURL, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: url.tls)
        configuration.options.additionalStartupParameters = [("synchronous_commit", "on")]
        configuration.options.maximumConnections = url.maximumConnections
        // The pool logs every failed connection attempt at `info`; the errors reach the caller.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
        location = url.description
        runner = Task { await client.run() }
    }

    /// Connects to the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`) and
    /// brings its schema up to date. Several processes may start at once: migrations take an
    /// advisory lock.
    ///
    /// - Throws: ``ServerError/storage(_:)`` for a malformed URL, a database not reached within
    ///   `timeout`, or a schema newer than this server's.
    public static func open(
        url: String, logger: Logger = Logger(label: "huibao-postgres"), timeout: Duration = .seconds(15)
    ) async throws(ServerError) -> PostgresStorage {
        let parsed = try PostgresURL(parsing: url)
        // One plain connection first: its error (refused, no such database, bad password) is the
        // one to show; the pool would only retry it until the timeout.
        try await probe(parsed, logger: logger)
        let storage = PostgresStorage(parsed, logger: logger)
        let outcome = await withTaskGroup(of: ServerError?.self) { group in
            group.addTask {
                do throws(ServerError) {
                    try await storage.migrate()
                    return nil
                } catch {
                    return error
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .storage(
                    "PostgreSQL at \(parsed) did not answer within \(timeout); is it running and the URL right?")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let outcome {
            await storage.close()
            throw outcome
        }
        return storage
    }

    /// Connects once and disconnects, to learn early why the database cannot be reached.
    static func probe(_ url: PostgresURL, logger: Logger) async throws(ServerError) {
        do {
            let tls: PostgresConnection.Configuration.TLS =
                url.sslMode == "require"
                ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw serverError(error, "connecting to \(url)")
        }
    }

    /// Creates an empty database named `name` (letters, digits and `_`) on the server of `url`,
    /// connecting as that URL's user, who needs the right to create databases; returns the new
    /// database's URL. For tests and benchmarks.
    public static func createDatabase(named name: String, url: String) async throws(ServerError) -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw .storage("a database name is made of ASCII letters, digits and _, not \(name)")
        }
        let parsed = try PostgresURL(parsing: url)
        do {
            var configuration = PostgresConnection.Configuration(
                host: parsed.host, port: parsed.port, username: parsed.user, password: parsed.password,
                database: parsed.database, tls: .disable)
            configuration.options.connectTimeout = .seconds(10)
            let logger = Logger(label: "huibao-postgres")
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            do {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw serverError(error, "creating database \(name)")
        }
        var created = parsed
        created.database = name
        return created.urlString
    }

    /// Stops the connection pool; the storage cannot be used after.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    deinit { runner.cancel() }

    // MARK: - Schema

    /// The schema's versions, each a list of statements applied in one transaction; the table
    /// `schema_migrations` records those applied.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE units(
                position BIGINT GENERATED ALWAYS AS IDENTITY, name TEXT PRIMARY KEY, parent TEXT,
                hq BOOLEAN NOT NULL, token_hash TEXT NOT NULL UNIQUE, revoked BOOLEAN NOT NULL DEFAULT FALSE)
            """,
            "CREATE TABLE replicas(replica TEXT PRIMARY KEY, unit TEXT NOT NULL)",
            """
            CREATE TABLE reports(
                id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, unit TEXT NOT NULL, period TEXT NOT NULL,
                kind TEXT NOT NULL, change_count BIGINT NOT NULL DEFAULT 0, PRIMARY KEY(unit, period, kind))
            """,
            // Keyed by the report's id, not its three names: rows and index entries a third the
            // size, and one column to distribute by.
            """
            CREATE TABLE changes(
                report BIGINT NOT NULL, position BIGINT NOT NULL, hash BYTEA NOT NULL, bytes BYTEA NOT NULL,
                PRIMARY KEY(report, position), UNIQUE(report, hash))
            """,
            "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE extracts(
                unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, change_count BIGINT NOT NULL,
                bytes BYTEA NOT NULL, PRIMARY KEY(unit, period, kind))
            """,
            """
            CREATE TABLE sessions(
                kind TEXT NOT NULL, id TEXT NOT NULL, unit TEXT NOT NULL, expires BIGINT NOT NULL,
                PRIMARY KEY(kind, id))
            """,
            "CREATE INDEX sessions_by_expiry ON sessions(expires)",
        ],
        ["CREATE TABLE renderings(key TEXT PRIMARY KEY, fingerprint BYTEA NOT NULL, bytes BYTEA NOT NULL)"],
        // Each report's version vector with its change count (NULL: unknown until its next commit).
        ["ALTER TABLE reports ADD COLUMN vector BYTEA"],
    ]

    /// Applies the migrations not yet applied, under an advisory lock.
    func migrate() async throws(ServerError) {
        try await transaction("migrating the schema") { connection in
            // 0x68756962616f = "huibao": one migrating process at a time.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x6875_6962_616f)))", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations(version INT PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: self.logger)
            var applied = 0
            for try await version in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", logger: self.logger
            ).decode(Int.self) {
                applied = version
            }
            guard applied <= PostgresStorage.migrations.count else {
                throw ServerError.storage(
                    "the database has schema version \(applied), newer than this server's \(PostgresStorage.migrations.count)"
                )
            }
            for (index, statements) in PostgresStorage.migrations.enumerated().dropFirst(applied) {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations(version) VALUES (\(index + 1))", logger: self.logger)
            }
        }
    }

    // MARK: - Units

    public func units() async throws(ServerError) -> [UnitRecord] {
        try await selectUnits("ORDER BY position", PostgresBindings())
    }

    public func unit(withTokenHash tokenHash: String) async throws(ServerError) -> UnitRecord? {
        var binds = PostgresBindings()
        binds.append(tokenHash)
        return try await selectUnits("WHERE token_hash = $1", binds).first
    }

    public func unit(named name: String) async throws(ServerError) -> UnitRecord? {
        var binds = PostgresBindings()
        binds.append(name)
        return try await selectUnits("WHERE name = $1", binds).first
    }

    /// The units a `WHERE`/`ORDER BY` clause selects.
    private func selectUnits(_ clause: String, _ binds: PostgresBindings) async throws(ServerError) -> [UnitRecord] {
        try await perform("reading units") {
            var out: [UnitRecord] = []
            let rows = try await self.client.query(
                PostgresQuery(
                    unsafeSQL: "SELECT name, parent, hq, token_hash, revoked FROM units " + clause, binds: binds),
                logger: self.logger)
            for try await (name, parent, hq, hash, revoked) in rows.decode((String, String?, Bool, String, Bool).self) {
                out.append(UnitRecord(name: name, parent: parent, isHQ: hq, tokenHash: hash, revoked: revoked))
            }
            return out
        }
    }

    public func addUnit(_ unit: UnitRecord) async throws(ServerError) {
        let added = try await perform("adding a unit") {
            let rows = try await self.client.query(
                """
                INSERT INTO units(name, parent, hq, token_hash) VALUES (\(unit.name), \(unit.parent), \(unit.isHQ), \(unit.tokenHash))
                ON CONFLICT(name) DO NOTHING RETURNING name
                """, logger: self.logger)
            return try await rows.collect().count
        }
        if added == 0 { throw .unitExists(unit.name) }
    }

    public func revokeUnit(_ name: String) async throws(ServerError) {
        let revoked = try await perform("revoking a unit") {
            try await self.client.query(
                "UPDATE units SET revoked = TRUE WHERE name = \(name) RETURNING name", logger: self.logger
            ).collect().count
        }
        if revoked == 0 { throw .unknownUnit(name) }
    }

    public func replaceToken(of name: String, with tokenHash: String) async throws(ServerError) {
        let changed = try await perform("replacing a unit's token") {
            try await self.client.query(
                "UPDATE units SET token_hash = \(tokenHash), revoked = FALSE WHERE name = \(name) RETURNING name",
                logger: self.logger
            ).collect().count
        }
        if changed == 0 { throw .unknownUnit(name) }
    }

    public func replicaOwner(_ replica: ReplicaID) async throws(ServerError) -> String? {
        try await perform("reading a replica's unit") {
            var owner: String?
            for try await unit in try await self.client.query(
                "SELECT unit FROM replicas WHERE replica = \(replica.description)", logger: self.logger
            ).decode(String.self) {
                owner = unit
            }
            return owner
        }
    }

    // MARK: - Reports and changes

    public func reports(of units: Set<String>) async throws(ServerError) -> [ReportKey: Int] {
        try await perform("listing reports") {
            var out: [ReportKey: Int] = [:]
            let rows = try await self.client.query(
                "SELECT unit, period, kind, change_count FROM reports WHERE unit = ANY(\(Array(units))) AND change_count > 0",
                logger: self.logger)
            for try await (unit, period, kind, count) in rows.decode((String, String, String, Int).self) {
                out[ReportKey(unit: unit, period: period, kind: kind)] = count
            }
            return out
        }
    }

    public func vectors(of reports: Set<ReportKey>) async throws(ServerError) -> [ReportKey: VersionVector] {
        guard !reports.isEmpty else { return [:] }
        return try await perform("reading version vectors") {
            var out: [ReportKey: VersionVector] = [:]
            let units = Array(Set(reports.map(\.unit)))
            let rows = try await self.client.query(
                "SELECT unit, period, kind, vector FROM reports WHERE unit = ANY(\(units)) AND vector IS NOT NULL",
                logger: self.logger)
            for try await (unit, period, kind, bytes) in rows.decode((String, String, String, ByteBuffer).self) {
                let key = ReportKey(unit: unit, period: period, kind: kind)
                // A vector that does not decode is treated as unknown: the report is loaded instead.
                guard reports.contains(key), let vector = try? VersionVector(decoding: Array(buffer: bytes)) else {
                    continue
                }
                out[key] = vector
            }
            return out
        }
    }

    public func changeCount(of report: ReportKey) async throws(ServerError) -> Int {
        try await perform("reading a report's change count") {
            var count = 0
            for try await stored in try await self.client.query(
                """
                SELECT change_count FROM reports WHERE unit = \(report.unit) AND period = \(report.period) AND kind = \(report.kind)
                """, logger: self.logger
            ).decode(Int.self) {
                count = stored
            }
            return count
        }
    }

    public func changes(of report: ReportKey, from position: Int) async throws(ServerError) -> [Change] {
        let stored = try await perform("reading changes of \(report)") {
            var out: [ByteBuffer] = []
            let rows = try await self.client.query(
                """
                SELECT c.bytes FROM changes c JOIN reports r ON r.id = c.report
                WHERE r.unit = \(report.unit) AND r.period = \(report.period) AND r.kind = \(report.kind)
                AND c.position >= \(position) ORDER BY c.position
                """, logger: self.logger)
            for try await bytes in rows.decode(ByteBuffer.self) { out.append(bytes) }
            return out
        }
        var out: [Change] = []
        out.reserveCapacity(stored.count)
        for bytes in stored {
            do {
                out.append(try Change(decoding: Array(bytes.readableBytesView)))
            } catch {
                throw .storage("stored change #\(position + out.count) of \(report) is damaged: \(error)")
            }
        }
        return out
    }

    public func commit(
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String],
        vector: VersionVector?
    ) async throws(ServerError) {
        try await transaction("committing to \(report)") { connection in
            if changes.isEmpty {
                var count = 0
                for try await stored in try await connection.query(
                    """
                    SELECT change_count FROM reports WHERE unit = \(report.unit) AND period = \(report.period) AND kind = \(report.kind)
                    """, logger: self.logger
                ).decode(Int.self) {
                    count = stored
                }
                guard count == position else { throw ServerError.reportMoved(report.description) }
            } else {
                // The report's row is the per-report lock: a concurrent commit waits here until
                // this transaction ends, then sees the new count and fails the compare-and-swap.
                try await connection.query(
                    """
                    INSERT INTO reports(unit, period, kind) VALUES (\(report.unit), \(report.period), \(report.kind))
                    ON CONFLICT DO NOTHING
                    """, logger: self.logger)
                var count = -1
                var id: Int64 = 0
                for try await (storedID, stored) in try await connection.query(
                    """
                    SELECT id, change_count FROM reports
                    WHERE unit = \(report.unit) AND period = \(report.period) AND kind = \(report.kind) FOR UPDATE
                    """, logger: self.logger
                ).decode((Int64, Int).self) {
                    (id, count) = (storedID, stored)
                }
                guard count == position else { throw ServerError.reportMoved(report.description) }
                let hashes = changes.map { ByteBuffer(bytes: $0.hash.bytes) }
                let bytes = changes.map { ByteBuffer(bytes: $0.encoded) }
                try await connection.query(
                    """
                    INSERT INTO changes(report, position, hash, bytes)
                    SELECT \(id), \(position) + t.o - 1, t.h, t.b
                    FROM unnest(\(hashes)::bytea[], \(bytes)::bytea[]) WITH ORDINALITY AS t(h, b, o)
                    """, logger: self.logger)
                let vectorBytes = vector.map { ByteBuffer(bytes: $0.encoded) }
                try await connection.query(
                    "UPDATE reports SET change_count = \(position + changes.count), vector = \(vectorBytes) WHERE id = \(id)",
                    logger: self.logger)
            }
            guard !replicas.isEmpty else { return }
            let ids = replicas.keys.map(\.description)
            let units = replicas.keys.map { replicas[$0] ?? "" }
            try await connection.query(
                """
                INSERT INTO replicas(replica, unit) SELECT * FROM unnest(\(ids)::text[], \(units)::text[])
                ON CONFLICT DO NOTHING
                """, logger: self.logger)
            for try await (replica, owner) in try await connection.query(
                "SELECT replica, unit FROM replicas WHERE replica = ANY(\(ids))", logger: self.logger
            ).decode((String, String).self) {
                if let id = ReplicaID(hex: replica), let unit = replicas[id], unit != owner {
                    throw ServerError.replicaTaken(replica: id, unit: owner)
                }
            }
        }
    }

    // MARK: - Settings

    public func setting(_ key: String) async throws(ServerError) -> String? {
        try await perform("reading a setting") {
            var value: String?
            for try await stored in try await self.client.query(
                "SELECT value FROM settings WHERE key = \(key)", logger: self.logger
            ).decode(String.self) {
                value = stored
            }
            return value
        }
    }

    public func setSetting(_ key: String, to value: String?) async throws(ServerError) {
        try await perform("writing a setting") {
            if let value {
                try await self.client.query(
                    """
                    INSERT INTO settings(key, value) VALUES (\(key), \(value))
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, logger: self.logger)
            } else {
                try await self.client.query("DELETE FROM settings WHERE key = \(key)", logger: self.logger)
            }
        }
    }

    public func settings(withPrefix prefix: String) async throws(ServerError) -> [String: String] {
        try await perform("reading settings") {
            var out: [String: String] = [:]
            for try await (key, value) in try await self.client.query(
                "SELECT key, value FROM settings WHERE starts_with(key, \(prefix))", logger: self.logger
            ).decode((String, String).self) {
                out[key] = value
            }
            return out
        }
    }

    // MARK: - Extracts and sessions

    public func extracts(of reports: [ReportKey]) async throws(ServerError) -> [ReportKey: StoredExtract] {
        guard !reports.isEmpty else { return [:] }
        return try await perform("reading stored extracts") {
            var out: [ReportKey: StoredExtract] = [:]
            let rows = try await self.client.query(
                """
                SELECT e.unit, e.period, e.kind, e.change_count, e.bytes FROM extracts e
                JOIN unnest(\(reports.map(\.unit))::text[], \(reports.map(\.period))::text[], \(reports.map(\.kind))::text[])
                    AS r(unit, period, kind) ON e.unit = r.unit AND e.period = r.period AND e.kind = r.kind
                """, logger: self.logger)
            for try await (unit, period, kind, count, bytes) in rows.decode(
                (String, String, String, Int, ByteBuffer).self)
            {
                out[ReportKey(unit: unit, period: period, kind: kind)] = StoredExtract(
                    changeCount: count, bytes: Array(bytes.readableBytesView))
            }
            return out
        }
    }

    public func storeExtract(_ extract: StoredExtract, of report: ReportKey) async throws(ServerError) {
        try await perform("storing an extract") {
            try await self.client.query(
                """
                INSERT INTO extracts(unit, period, kind, change_count, bytes)
                VALUES (\(report.unit), \(report.period), \(report.kind), \(extract.changeCount), \(ByteBuffer(bytes: extract.bytes)))
                ON CONFLICT(unit, period, kind) DO UPDATE SET change_count = excluded.change_count, bytes = excluded.bytes
                WHERE excluded.change_count >= extracts.change_count
                """, logger: self.logger)
        }
    }

    public func rendering(_ key: String) async throws(ServerError) -> StoredRendering? {
        try await perform("reading a stored rendering") {
            var out: StoredRendering?
            for try await (fingerprint, bytes) in try await self.client.query(
                "SELECT fingerprint, bytes FROM renderings WHERE key = \(key)", logger: self.logger
            ).decode((ByteBuffer, ByteBuffer).self) {
                out = StoredRendering(
                    fingerprint: Array(fingerprint.readableBytesView), bytes: Array(bytes.readableBytesView))
            }
            return out
        }
    }

    public func storeRendering(_ rendering: StoredRendering, as key: String) async throws(ServerError) {
        try await perform("storing a rendering") {
            try await self.client.query(
                """
                INSERT INTO renderings(key, fingerprint, bytes)
                VALUES (\(key), \(ByteBuffer(bytes: rendering.fingerprint)), \(ByteBuffer(bytes: rendering.bytes)))
                ON CONFLICT(key) DO UPDATE SET fingerprint = excluded.fingerprint, bytes = excluded.bytes
                """, logger: self.logger)
        }
    }

    public func putSession(_ session: SessionRecord) async throws(ServerError) {
        try await transaction("storing a session") { connection in
            try await connection.query(
                "DELETE FROM sessions WHERE expires <= \(SessionRecord.now())", logger: self.logger)
            try await connection.query(
                """
                INSERT INTO sessions(kind, id, unit, expires) VALUES (\(session.kind.rawValue), \(session.id), \(session.unit), \(session.expires))
                ON CONFLICT(kind, id) DO UPDATE SET unit = excluded.unit, expires = excluded.expires
                """, logger: self.logger)
        }
    }

    public func session(_ id: String, kind: SessionRecord.Kind, consuming: Bool, now: Int64) async throws(ServerError)
        -> SessionRecord?
    {
        try await perform("reading a session") {
            let verb = consuming ? "DELETE FROM sessions" : "SELECT unit, expires FROM sessions"
            var binds = PostgresBindings()
            binds.append(kind.rawValue)
            binds.append(id)
            binds.append(now)
            let sql =
                verb + " WHERE kind = $1 AND id = $2 AND expires > $3" + (consuming ? " RETURNING unit, expires" : "")
            var record: SessionRecord?
            for try await (unit, expires) in try await self.client.query(
                PostgresQuery(unsafeSQL: sql, binds: binds), logger: self.logger
            ).decode((String, Int64).self) {
                record = SessionRecord(id: id, kind: kind, unit: unit, expires: expires)
            }
            return record
        }
    }

    public func deleteSession(_ id: String, kind: SessionRecord.Kind) async throws(ServerError) {
        try await perform("deleting a session") {
            try await self.client.query(
                "DELETE FROM sessions WHERE kind = \(kind.rawValue) AND id = \(id)", logger: self.logger)
        }
    }

    // MARK: - Errors

    /// Runs `body`, turning database errors into ``ServerError/storage(_:)`` naming `what`.
    @discardableResult
    private func perform<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws(ServerError) -> T {
        do {
            return try await body()
        } catch {
            throw PostgresStorage.serverError(error, what)
        }
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    private func transaction<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T)
        async throws(ServerError) -> T
    {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw PostgresStorage.serverError(error, what)
        }
    }

    /// The server error for an error thrown while doing `what`.
    static func serverError(_ error: any Error, _ what: String) -> ServerError {
        if let error = error as? ServerError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError { return serverError(inner, what) }
            if let inner = error.beginError ?? error.commitError { return serverError(inner, what) }
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return .storage("\(what): PostgreSQL says: \(message)")
            }
            if error.code == .sslUnsupported {
                return .storage("\(what): the server does not offer TLS; use sslmode=prefer or sslmode=disable")
            }
            if [.connectionError, .serverClosedConnection, .uncleanShutdown].contains(error.code) {
                let cause = error.underlying.map { ": \(String(describing: $0))" } ?? ""
                return .unavailable("\(what): \(error.code)\(cause)")
            }
            let cause = error.underlying.map { ": \(String(describing: $0))" } ?? ""
            return .storage("\(what): \(error.code)\(cause) (is PostgreSQL running and the URL right?)")
        }
        if String(describing: type(of: error)).contains("ConnectionPoolError") {
            // The pool gave up connecting for now (PostgreSQL down or restarting).
            return .unavailable("\(what): no connection to PostgreSQL (\(error))")
        }
        return .storage("\(what): \(error)")
    }
}
