import Foundation
public import HuibaoModel
public import HuibaoReport
import HuibaoSQLite

/// Server storage in one SQLite file (WAL): the default, nothing to install.
///
/// Each ``commit(_:to:at:registering:)`` is one transaction, so a change is acknowledged only after
/// it is on disk, and a refused or interrupted request leaves nothing half stored.
public actor SQLiteStorage: ServerStorage {
    /// The database, confined to this actor.
    let connection: SQLiteConnection<ServerError>

    /// The schema's versions, each a script run once in order (`PRAGMA user_version` counts
    /// those applied). Version 1 is the schema of 0.1–0.3, created with `IF NOT EXISTS` so that
    /// their databases pass through it unharmed.
    static let migrations: [String] = [
        """
        CREATE TABLE IF NOT EXISTS units(
            name TEXT PRIMARY KEY, parent TEXT, hq INTEGER NOT NULL, token_hash TEXT NOT NULL UNIQUE,
            revoked INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS replicas(replica TEXT PRIMARY KEY, unit TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS reports(
            unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, change_count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(unit, period, kind));
        CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS changes(
            unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL,
            hash BLOB NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY(unit, period, kind, position));
        """,
        """
        CREATE UNIQUE INDEX changes_by_hash ON changes(unit, period, kind, hash);
        CREATE TABLE extracts(
            unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, change_count INTEGER NOT NULL,
            bytes BLOB NOT NULL, PRIMARY KEY(unit, period, kind));
        CREATE TABLE sessions(
            kind TEXT NOT NULL, id TEXT NOT NULL, unit TEXT NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY(kind, id));
        CREATE INDEX sessions_by_expiry ON sessions(expires);
        DELETE FROM settings WHERE key LIKE 'session' || char(31) || '%' OR key LIKE 'login-code' || char(31) || '%';
        """,
        """
        CREATE TABLE renderings(key TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, bytes BLOB NOT NULL);
        """,
        // Each report's version vector with its change count (NULL: unknown until its next commit).
        "ALTER TABLE reports ADD COLUMN vector BLOB;",
    ]

    /// Opens (or creates) the server database at `path` and brings its schema up to date.
    ///
    /// - Throws: ``ServerError/storage(_:)`` if the file cannot be opened, or was written by a
    ///   newer version of the server.
    public init(path: String) throws(ServerError) {
        connection = try SQLiteStorage.migrated(SQLiteConnection<ServerError>(path: path, create: true), path: path)
    }

    /// `connection` with the migrations not yet applied applied.
    private static func migrated(_ connection: SQLiteConnection<ServerError>, path: String) throws(ServerError)
        -> SQLiteConnection<ServerError>
    {
        let version = try connection.prepare("PRAGMA user_version")
        _ = try version.step()
        let applied = Int(version.int(0))
        guard applied <= SQLiteStorage.migrations.count else {
            throw .storage(
                "\(path) has schema version \(applied), newer than this server's \(SQLiteStorage.migrations.count)")
        }
        for (index, script) in SQLiteStorage.migrations.enumerated().dropFirst(applied) {
            try connection.transaction { () throws(ServerError) in
                try connection.execute(script)
                if index == 0 { try addChangeCountColumnIfMissing(connection) }
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
        return connection
    }

    /// Databases of version 0.1 lack the per-report change count.
    private static func addChangeCountColumnIfMissing(_ connection: SQLiteConnection<ServerError>) throws(ServerError) {
        let columns = try connection.prepare(
            "SELECT COUNT(*) FROM pragma_table_info('reports') WHERE name = 'change_count'")
        _ = try columns.step()
        guard columns.int(0) == 0 else { return }
        try connection.execute(
            """
            ALTER TABLE reports ADD COLUMN change_count INTEGER NOT NULL DEFAULT 0;
            UPDATE reports SET change_count = (SELECT COUNT(*) FROM changes c
                WHERE c.unit = reports.unit AND c.period = reports.period AND c.kind = reports.kind);
            """)
    }

    public func units() throws(ServerError) -> [UnitRecord] {
        try selectUnits("ORDER BY rowid", [])
    }

    public func unit(withTokenHash tokenHash: String) throws(ServerError) -> UnitRecord? {
        try selectUnits("WHERE token_hash = ?", [.text(tokenHash)]).first
    }

    public func unit(named name: String) throws(ServerError) -> UnitRecord? {
        try selectUnits("WHERE name = ?", [.text(name)]).first
    }

    /// The units a `WHERE`/`ORDER BY` clause selects.
    private func selectUnits(_ clause: String, _ values: [SQLiteStatement<ServerError>.Value]) throws(ServerError)
        -> [UnitRecord]
    {
        let select = try connection.prepare("SELECT name, parent, hq, token_hash, revoked FROM units " + clause)
        try select.bind(values)
        var out: [UnitRecord] = []
        while try select.step() {
            out.append(
                UnitRecord(
                    name: select.text(0), parent: select.optionalText(1), isHQ: select.int(2) != 0,
                    tokenHash: select.text(3), revoked: select.int(4) != 0))
        }
        return out
    }

    public func addUnit(_ unit: UnitRecord) throws(ServerError) {
        guard try self.unit(named: unit.name) == nil else { throw .unitExists(unit.name) }
        try connection.prepare("INSERT INTO units(name, parent, hq, token_hash) VALUES (?, ?, ?, ?)").bind([
            .text(unit.name), unit.parent.map { .text($0) } ?? .null, .integer(unit.isHQ ? 1 : 0),
            .text(unit.tokenHash),
        ]).run()
    }

    public func revokeUnit(_ name: String) throws(ServerError) {
        guard try unit(named: name) != nil else { throw .unknownUnit(name) }
        try connection.prepare("UPDATE units SET revoked = 1 WHERE name = ?").bind([.text(name)]).run()
    }

    public func replaceToken(of name: String, with tokenHash: String) throws(ServerError) {
        guard try unit(named: name) != nil else { throw .unknownUnit(name) }
        try connection.prepare("UPDATE units SET token_hash = ?, revoked = 0 WHERE name = ?").bind([
            .text(tokenHash), .text(name),
        ]).run()
    }

    public func replicaOwner(_ replica: ReplicaID) throws(ServerError) -> String? {
        let select = try connection.prepare("SELECT unit FROM replicas WHERE replica = ?")
        try select.bind([.text(replica.description)])
        return try select.step() ? select.text(0) : nil
    }

    public func reports(of units: Set<String>) throws(ServerError) -> [ReportKey: Int] {
        let select = try connection.prepare("SELECT unit, period, kind, change_count FROM reports")
        var out: [ReportKey: Int] = [:]
        while try select.step() {
            guard units.contains(select.text(0)) else { continue }
            out[ReportKey(unit: select.text(0), period: select.text(1), kind: select.text(2))] = Int(select.int(3))
        }
        return out
    }

    public func vectors(of reports: Set<ReportKey>) throws(ServerError) -> [ReportKey: VersionVector] {
        let select = try connection.prepare(
            "SELECT vector FROM reports WHERE unit = ? AND period = ? AND kind = ? AND vector IS NOT NULL")
        var out: [ReportKey: VersionVector] = [:]
        for report in reports {
            try select.bind([.text(report.unit), .text(report.period), .text(report.kind)])
            // A vector that does not decode is treated as unknown: the report is loaded instead.
            if try select.step(), let vector = try? VersionVector(decoding: select.blob(0)) { out[report] = vector }
        }
        return out
    }

    public func changeCount(of report: ReportKey) throws(ServerError) -> Int {
        let count = try connection.prepare(
            "SELECT change_count FROM reports WHERE unit = ? AND period = ? AND kind = ?")
        try count.bind([.text(report.unit), .text(report.period), .text(report.kind)])
        return try count.step() ? Int(count.int(0)) : 0
    }

    public func setting(_ key: String) throws(ServerError) -> String? {
        let select = try connection.prepare("SELECT value FROM settings WHERE key = ?")
        try select.bind([.text(key)])
        return try select.step() ? select.text(0) : nil
    }

    public func setSetting(_ key: String, to value: String?) throws(ServerError) {
        if let value {
            try connection.prepare("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)").bind([
                .text(key), .text(value),
            ]).run()
        } else {
            try connection.prepare("DELETE FROM settings WHERE key = ?").bind([.text(key)]).run()
        }
    }

    public func settings(withPrefix prefix: String) throws(ServerError) -> [String: String] {
        let select = try connection.prepare("SELECT key, value FROM settings")
        var out: [String: String] = [:]
        while try select.step() {
            let key = select.text(0)
            if key.hasPrefix(prefix) { out[key] = select.text(1) }
        }
        return out
    }

    public func changes(of report: ReportKey, from position: Int) throws(ServerError) -> [Change] {
        let select = try connection.prepare(
            "SELECT bytes FROM changes WHERE unit = ? AND period = ? AND kind = ? AND position >= ? ORDER BY position")
        try select.bind([.text(report.unit), .text(report.period), .text(report.kind), .integer(Int64(position))])
        var out: [Change] = []
        while try select.step() {
            do {
                out.append(try Change(decoding: select.blob(0)))
            } catch {
                throw .storage("stored change #\(out.count) of \(report) is damaged: \(error)")
            }
        }
        return out
    }

    public func commit(
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String],
        vector: VersionVector?
    ) throws(ServerError) {
        try connection.transaction { () throws(ServerError) in
            guard try changeCount(of: report) == position else { throw .reportMoved(report.description) }
            let start = Int64(position)
            let insert = try connection.prepare(
                "INSERT INTO changes(unit, period, kind, position, hash, bytes) VALUES (?, ?, ?, ?, ?, ?)")
            for (offset, change) in changes.enumerated() {
                try insert.bind([
                    .text(report.unit), .text(report.period), .text(report.kind), .integer(start + Int64(offset)),
                    .blob(change.hash.bytes), .blob(change.encoded),
                ]).run()
            }
            if !changes.isEmpty {
                try connection.prepare(
                    """
                    INSERT INTO reports(unit, period, kind, change_count, vector) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(unit, period, kind) DO UPDATE SET change_count = excluded.change_count,
                        vector = excluded.vector
                    """
                ).bind([
                    .text(report.unit), .text(report.period), .text(report.kind),
                    .integer(start + Int64(changes.count)), vector.map { .blob($0.encoded) } ?? .null,
                ]).run()
            }
            let register = try connection.prepare("INSERT OR IGNORE INTO replicas(replica, unit) VALUES (?, ?)")
            for (replica, unit) in replicas {
                if let owner = try replicaOwner(replica), owner != unit {
                    throw .replicaTaken(replica: replica, unit: owner)
                }
                try register.bind([.text(replica.description), .text(unit)]).run()
            }
        }
    }

    public func extracts(of reports: [ReportKey]) throws(ServerError) -> [ReportKey: StoredExtract] {
        let select = try connection.prepare(
            "SELECT change_count, bytes FROM extracts WHERE unit = ? AND period = ? AND kind = ?")
        var out: [ReportKey: StoredExtract] = [:]
        for report in reports {
            try select.bind([.text(report.unit), .text(report.period), .text(report.kind)])
            if try select.step() { out[report] = StoredExtract(changeCount: Int(select.int(0)), bytes: select.blob(1)) }
        }
        return out
    }

    public func storeExtract(_ extract: StoredExtract, of report: ReportKey) throws(ServerError) {
        try connection.prepare(
            """
            INSERT INTO extracts(unit, period, kind, change_count, bytes) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(unit, period, kind) DO UPDATE SET change_count = excluded.change_count, bytes = excluded.bytes
            WHERE excluded.change_count >= extracts.change_count
            """
        ).bind([
            .text(report.unit), .text(report.period), .text(report.kind), .integer(Int64(extract.changeCount)),
            .blob(extract.bytes),
        ]).run()
    }

    public func rendering(_ key: String) throws(ServerError) -> StoredRendering? {
        let select = try connection.prepare("SELECT fingerprint, bytes FROM renderings WHERE key = ?")
        try select.bind([.text(key)])
        return try select.step() ? StoredRendering(fingerprint: select.blob(0), bytes: select.blob(1)) : nil
    }

    public func storeRendering(_ rendering: StoredRendering, as key: String) throws(ServerError) {
        try connection.prepare("INSERT OR REPLACE INTO renderings(key, fingerprint, bytes) VALUES (?, ?, ?)").bind([
            .text(key), .blob(rendering.fingerprint), .blob(rendering.bytes),
        ]).run()
    }

    public func putSession(_ session: SessionRecord) throws(ServerError) {
        try connection.transaction { () throws(ServerError) in
            try connection.prepare("DELETE FROM sessions WHERE expires <= ?").bind([.integer(SessionRecord.now())])
                .run()
            try connection.prepare("INSERT OR REPLACE INTO sessions(kind, id, unit, expires) VALUES (?, ?, ?, ?)").bind(
                [
                    .text(session.kind.rawValue), .text(session.id), .text(session.unit), .integer(session.expires),
                ]).run()
        }
    }

    public func session(_ id: String, kind: SessionRecord.Kind, consuming: Bool, now: Int64) throws(ServerError)
        -> SessionRecord?
    {
        let verb = consuming ? "DELETE FROM sessions" : "SELECT unit, expires FROM sessions"
        let select = try connection.prepare(
            verb + " WHERE kind = ? AND id = ? AND expires > ?" + (consuming ? " RETURNING unit, expires" : ""))
        try select.bind([.text(kind.rawValue), .text(id), .integer(now)])
        guard try select.step() else { return nil }
        let record = SessionRecord(id: id, kind: kind, unit: select.text(0), expires: select.int(1))
        while try select.step() {}
        return record
    }

    public func deleteSession(_ id: String, kind: SessionRecord.Kind) throws(ServerError) {
        try connection.prepare("DELETE FROM sessions WHERE kind = ? AND id = ?").bind([
            .text(kind.rawValue), .text(id),
        ]).run()
    }
}

extension ServerError: SQLiteFailure {
    package init(sqliteCode code: Int32, message: String, statement: String) {
        self = .storage("database error \(code): \(message) (in: \(statement.prefix(60)))")
    }
}
