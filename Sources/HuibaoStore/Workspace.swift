import Foundation
public import HuibaoModel
public import HuibaoReport
import HuibaoSQLite

/// A unit's local workspace: one SQLite database holding the replica identity, every report's
/// append-only change log and its materialised state.
///
/// Every method that writes does so in one transaction, so a crash at any point leaves the
/// workspace as it was before or after the command, never in between. A class because it owns
/// the database connection; use it from one thread.
///
/// ## Topics
/// - ``create(at:unit:server:)``
/// - ``init(opening:)``
/// - ``load(_:)``
/// - ``save(_:)``
public final class Workspace {
    /// The database file inside the workspace directory.
    public static let fileName = "huibao.sqlite"
    /// The schema this build writes. Version 2 added the index of changes by hash, the
    /// quarantine of refused changes and the replica ids a workspace used before; version 3 the
    /// stored view of each report (``ReportView``); version 4 the index of unacknowledged
    /// changes (a sync that sends nothing reads no acknowledged rows); version 5 the number of
    /// changes the stored view and rendered text are for, apart from the checkpoint's (a save
    /// refreshes them and writes a new checkpoint only when the log has moved well past it);
    /// version 6 each report's ``DocumentTip`` (setting a value makes its change from it).
    static let schemaVersion = 6

    /// The workspace directory.
    public let directory: String
    /// This installation's replica id (a new one after ``switchReplica()``).
    public internal(set) var replica: ReplicaID
    /// Replica ids this workspace wrote changes under before its current one.
    public internal(set) var formerReplicas: Set<ReplicaID>
    /// The unit this workspace reports for.
    public let unit: String
    /// The sync server's URL, if set.
    public private(set) var server: String?

    let connection: SQLiteConnection<StoreError>

    /// The last stored view decoded, with the bytes it was decoded from: a command that reads a
    /// view and then sets a value decodes it once. Only used when the stored bytes are the same.
    var decodedView: (id: String, bytes: [UInt8], view: ReportView)?

    /// Creates a workspace in `directory` (created if missing) with a new random replica id.
    ///
    /// - Throws: ``StoreError/alreadyAWorkspace(path:)`` if one exists there.
    public static func create(at directory: String, unit: String, server: String?) throws(StoreError) -> Workspace {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard !FileManager.default.fileExists(atPath: path) else { throw .alreadyAWorkspace(path: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .sqlite(
                code: -1,
                message: Language.text(
                    "无法创建 \(directory)：\(error.localizedDescription)",
                    "cannot create \(directory): \(error.localizedDescription)"),
                statement: "mkdir")
        }
        let connection = try SQLiteConnection<StoreError>(path: path, create: true)
        try connection.transaction { () throws(StoreError) in
            try connection.execute(
                """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE reports(
                    id TEXT PRIMARY KEY, unit TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL,
                    document BLOB NOT NULL, rendered TEXT NOT NULL, change_count INTEGER NOT NULL,
                    snapshot_count INTEGER NOT NULL, updated INTEGER NOT NULL, UNIQUE(unit, period, kind));
                CREATE TABLE changes(
                    report TEXT NOT NULL REFERENCES reports(id), position INTEGER NOT NULL,
                    hash BLOB NOT NULL, bytes BLOB NOT NULL, acked INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY(report, position));
                """)
            try connection.execute(Workspace.version2Schema)
            try connection.execute(Workspace.version3Schema)
            try connection.execute(Workspace.version4Schema)
            try connection.execute(Workspace.version5Schema)
            try connection.execute(Workspace.version6Schema)
            let insert = try connection.prepare("INSERT INTO meta(key, value) VALUES (?, ?)")
            let replica = ReplicaID.random()
            for (key, value) in [
                ("schema", String(schemaVersion)), ("replica", replica.description), ("unit", unit),
            ] {
                try insert.bind([.text(key), .text(value)]).run()
            }
            if let server { try insert.bind([.text("server"), .text(server)]).run() }
        }
        return try Workspace(opening: directory)
    }

    /// Opens the workspace in `directory`.
    ///
    /// - Throws: ``StoreError/notAWorkspace(path:)``, ``StoreError/newerSchema(found:supported:)``
    ///   or ``StoreError/corrupt(_:)``.
    public init(opening directory: String) throws(StoreError) {
        let path = (directory as NSString).appendingPathComponent(Workspace.fileName)
        guard FileManager.default.fileExists(atPath: path) else { throw .notAWorkspace(path: directory) }
        // SQLite's write-ahead log lives beside the file: both must be writable.
        guard FileManager.default.isWritableFile(atPath: path), FileManager.default.isWritableFile(atPath: directory)
        else { throw .readOnly(path: directory) }
        let connection: SQLiteConnection<StoreError>
        do {
            connection = try SQLiteConnection<StoreError>(path: path, create: false)
        } catch {
            throw .corrupt(
                Language.text("\(path) 无法作为数据库打开（\(error)）", "\(path) cannot be opened as a database (\(error))"))
        }
        var meta: [String: String] = [:]
        do {
            let select = try connection.prepare("SELECT key, value FROM meta")
            while try select.step() { meta[select.text(0)] = select.text(1) }
        } catch {
            throw .corrupt(
                Language.text("\(path) 不是 Huibao 数据库（\(error)）", "\(path) is not a Huibao database (\(error))"))
        }
        guard let schemaText = meta["schema"], let schema = Int(schemaText) else {
            throw .corrupt(Language.text("缺少数据格式版本", "no schema version"))
        }
        guard schema <= Workspace.schemaVersion else {
            throw .newerSchema(found: schema, supported: Workspace.schemaVersion)
        }
        guard let replicaText = meta["replica"], let replica = ReplicaID(hex: replicaText), let unit = meta["unit"]
        else {
            throw .corrupt(Language.text("缺少副本标识", "the replica identity is missing"))
        }
        if schema < Workspace.schemaVersion {
            // Older workspaces: add what later versions need. A read-only workspace is read as it is.
            try? connection.transaction { () throws(StoreError) in
                if schema < 2 { try connection.execute(Workspace.version2Schema) }
                if schema < 3 { try connection.execute(Workspace.version3Schema) }
                if schema < 4 { try connection.execute(Workspace.version4Schema) }
                if schema < 5 { try connection.execute(Workspace.version5Schema) }
                if schema < 6 { try connection.execute(Workspace.version6Schema) }
                try connection.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").bind([
                    .text(String(Workspace.schemaVersion))
                ]).run()
            }
        }
        self.formerReplicas = Set(
            (meta["former_replicas"] ?? "").split(separator: " ").compactMap { ReplicaID(hex: String($0)) })
        self.directory = directory
        self.connection = connection
        self.replica = replica
        self.unit = unit
        self.server = meta["server"]
        self.token = meta["token"]
        self.caFile = meta["ca_file"]
        self.personName = meta["person"]
    }

    /// The name of the person working in this workspace (`huibao init --name`, `huibao config
    /// name`): recorded in each report with this workspace's next change to it, so that every
    /// replica shows it.
    public private(set) var personName: String?

    /// Sets the name of the person working in this workspace.
    public func setPersonName(_ name: String) throws(StoreError) {
        try connection.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('person', ?)").bind([.text(name)]).run()
        personName = name
    }

    /// The token for the sync server, if set.
    public private(set) var token: String?

    /// A PEM file of certificate authorities to trust for an https server, instead of the
    /// system's (for a server whose certificate an internal CA signed).
    public private(set) var caFile: String?

    /// Sets the sync server, the unit's token and, optionally, the CA file for https.
    public func login(server: String, token: String, caFile: String? = nil) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            let upsert = try connection.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
            try upsert.bind([.text("server"), .text(server)]).run()
            try upsert.bind([.text("token"), .text(token)]).run()
            if let caFile {
                try upsert.bind([.text("ca_file"), .text(caFile)]).run()
            } else {
                try connection.prepare("DELETE FROM meta WHERE key = 'ca_file'").run()
            }
        }
        self.server = server
        self.token = token
        self.caFile = caFile
    }

    /// The changes of a report the server has not acknowledged yet, in log order.
    public func unacknowledged(of id: String) throws(StoreError) -> [Change] {
        let select = try connection.prepare(
            "SELECT bytes FROM changes WHERE report = ? AND acked = 0 ORDER BY position")
        try select.bind([.text(id)])
        var out: [Change] = []
        while try select.step() {
            do {
                out.append(try Change(decoding: select.blob(0)))
            } catch {
                throw .corrupt("report \(id): \(error)")
            }
        }
        return out
    }

    /// What schema version 2 adds to version 1: each report's version vector (`NULL` until
    /// first needed), the index of changes by hash, and the quarantine.
    static let version2Schema = """
        ALTER TABLE reports ADD COLUMN vector BLOB;
        CREATE INDEX IF NOT EXISTS changes_by_hash ON changes(report, hash);
        CREATE TABLE IF NOT EXISTS refused(
            report TEXT NOT NULL, hash BLOB NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
            refused_at INTEGER NOT NULL, PRIMARY KEY(report, hash));
        """

    /// What schema version 3 adds: each report's stored view (`NULL` until its next checkpoint).
    static let version3Schema = "ALTER TABLE reports ADD COLUMN view BLOB;"

    /// What schema version 4 adds: the changes the server has not acknowledged, indexed (few
    /// rows: what `sync` sends, found without reading the acknowledged log).
    static let version4Schema =
        "CREATE INDEX IF NOT EXISTS changes_unacknowledged ON changes(report, position) WHERE acked = 0;"

    /// What schema version 5 adds: how many logged changes the rendered text and the stored
    /// view are for (until then, the checkpoint's count said so).
    static let version5Schema = """
        ALTER TABLE reports ADD COLUMN view_count INTEGER NOT NULL DEFAULT -1;
        UPDATE reports SET view_count = snapshot_count;
        """

    /// What schema version 6 adds: each report's ``DocumentTip`` as of its view (`NULL` until
    /// the next save or refresh).
    static let version6Schema = "ALTER TABLE reports ADD COLUMN tip BLOB;"

    /// Whether a report of `changeCount` logged changes, whose checkpoint holds the first
    /// `snapshotCount`, needs a new checkpoint: when the changes loading applies on top of it
    /// would reach 1,000 or a tenth of the history. Otherwise a save appends to the log and
    /// refreshes the view, and does not re-encode the history.
    static func needsCheckpoint(changeCount: Int, snapshotCount: Int) -> Bool {
        let tail = changeCount - snapshotCount
        return tail > 0 && (tail >= longestTail || tail * 10 >= changeCount)
    }

    /// The most changes a report's log holds past its checkpoint before a save writes a new one.
    static let longestTail = 1000

    /// Records that the server has committed these changes (or, with `acknowledged` false, that
    /// it lost them: they are sent again).
    public func acknowledge(_ hashes: [ChangeHash], of id: String, acknowledged: Bool = true) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            let update = try connection.prepare("UPDATE changes SET acked = ? WHERE report = ? AND hash = ?")
            for hash in hashes {
                try update.bind([.integer(acknowledged ? 1 : 0), .text(id), .blob(hash.bytes)]).run()
            }
        }
    }

    /// Every report, by period then kind.
    public func reports() throws(StoreError) -> [ReportSummary] {
        let select = try connection.prepare(
            "SELECT id, unit, period, kind, change_count, updated FROM reports ORDER BY period, kind, unit")
        var out: [ReportSummary] = []
        while try select.step() {
            out.append(
                ReportSummary(
                    id: select.text(0), unit: select.text(1), period: select.text(2), kind: select.text(3),
                    changeCount: Int(select.int(4)), updated: select.int(5)))
        }
        return out
    }

    /// The report named by an id, a unique id prefix, or `PERIOD/KIND`.
    public func resolve(_ reference: String) throws(StoreError) -> ReportSummary {
        let all = try reports()
        if let exact = all.first(where: { $0.id == reference }) { return exact }
        let byName = all.filter { $0.name == reference || "\($0.unit)/\($0.name)" == reference }
        let matches = byName.isEmpty ? all.filter { $0.id.hasPrefix(reference.lowercased()) } : byName
        guard !reference.isEmpty, let first = matches.first else { throw .reportNotFound(reference) }
        guard matches.count == 1 else { throw .ambiguousReport(reference, matches: matches.map(\.id)) }
        return first
    }

    /// The rendered text of a report. Read straight from the materialised state when it is up
    /// to date (no decoding: fast); otherwise the report is loaded and a checkpoint written.
    public func renderedText(of id: String) throws(StoreError) -> String {
        let select = try connection.prepare("SELECT rendered, change_count, view_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        guard try select.step() else { throw .reportNotFound(id) }
        if select.int(1) == select.int(2) { return select.text(0) }
        return try refresh(id, load(id)).text
    }

    /// What `metric`, `status` and `list` show of a report (``ReportView``): read from the stored
    /// view when it is up to date (no decoding of the history); otherwise the report is loaded
    /// and a checkpoint written.
    public func view(of id: String) throws(StoreError) -> ReportView {
        let select = try connection.prepare("SELECT view, change_count, view_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        guard try select.step() else { throw .reportNotFound(id) }
        if !select.isNull(0), select.int(1) == select.int(2) {
            let bytes = select.blob(0)
            if let view = try? ReportView(decoding: bytes) {
                decodedView = (id, bytes, view)
                return view
            }
        }
        return try refresh(id, load(id)).view
    }

    /// Loads a report's document: its checkpoint plus the changes logged after it. The
    /// checkpoint's history stays encoded until something reads it (``Document/changes``).
    ///
    /// - Parameter decodingHistory: whether to decode the checkpoint's changes at once, for a
    ///   caller that reads them all (`log`, `blame`, `diff`): one pass instead of a state pass and
    ///   a history pass.
    public func load(_ id: String, decodingHistory: Bool = false) throws(StoreError) -> ReportDocument {
        let select = try connection.prepare(
            "SELECT document, snapshot_count, change_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        guard try select.step() else { throw .reportNotFound(id) }
        var document: Document
        do {
            document = try Document(decoding: select.blob(0), replica: replica, lazily: !decodingHistory)
        } catch {
            throw .corrupt("report \(id): \(error)")
        }
        // The log's hashes were checked when its changes were stored (``verify()`` checks again).
        // A refused change fails the load: the document is dropped, no need to restore it.
        let start = Int(select.int(1))
        if decodingHistory {
            let tail = try loggedChanges(of: id, from: start, verifying: false)
            do {
                try document.applyDiscardingOnFailure(tail)
            } catch {
                throw Workspace.unappliable(id, error)
            }
        } else {
            // Applied from their bytes: the changes are decoded only if something reads them.
            let tail = try storedChanges(of: id, from: start, expecting: Int(select.int(2)) - start)
            do {
                try document.applyStoredDiscardingOnFailure(tail)
            } catch {
                switch error {
                case .undecodable(let position, let error): throw Workspace.undecodable(id, position, error)
                case .refused(let error): throw Workspace.unappliable(id, error)
                }
            }
        }
        return ReportDocument(document: document)
    }

    /// The error for a logged change of report `id` that does not apply to the changes before it.
    static func unappliable(_ id: String, _ error: DocumentError) -> StoreError {
        .corrupt(
            Language.text(
                "报告 \(id)：日志中的一次修改无法应用：\(error)", "report \(id): a logged change does not apply: \(error)"))
    }

    /// The error for the logged change at `position` in the part of report `id`'s log being read
    /// that does not decode.
    static func undecodable(_ id: String, _ position: Int, _ error: any Error) -> StoreError {
        .corrupt("report \(id), change #\(position): \(error)")
    }

    /// Writes a report's rendered text and view for all its logged changes (`report` holds
    /// exactly them), and a new checkpoint if the log has moved well past the stored one, in one
    /// transaction.
    ///
    /// - Returns: the rendered text and the view.
    @discardableResult
    func refresh(_ id: String, _ report: ReportDocument) throws(StoreError) -> (text: String, view: ReportView) {
        let count = Int64(report.document.changeCount)
        let snapshot = report.snapshot()
        let view = ReportView(
            report, snapshot: snapshot, previous: try previousView(of: id), hashes: loggedHashes(of: id, in: report))
        try connection.transaction { () throws(StoreError) in
            try connection.prepare(
                "UPDATE reports SET rendered = ?, view = ?, view_count = ?, tip = ? WHERE id = ? AND change_count = ?"
            ).bind([
                .text(snapshot.text), .blob(view.encoded), .integer(count), .blob(report.document.tip.encoded),
                .text(id), .integer(count),
            ]).run()
            try checkpointIfDue(id, report.document)
        }
        return (snapshot.text, view)
    }

    /// The stored view of report `id` and the number of logged changes it is for, if it decodes
    /// (the log holds them in the order a document loaded from here applies them).
    func previousView(of id: String) throws(StoreError) -> (view: ReportView, position: Int)? {
        let select = try connection.prepare("SELECT view, view_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        guard try select.step(), !select.isNull(0), select.int(1) >= 0 else { return nil }
        return storedView(of: id, bytes: select.blob(0)).map { ($0, Int(select.int(1))) }
    }

    /// Writes a new checkpoint of `document` (holding all logged changes of report `id`) if
    /// ``needsCheckpoint(changeCount:snapshotCount:)`` says so.
    func checkpointIfDue(_ id: String, _ document: Document) throws(StoreError) {
        let select = try connection.prepare("SELECT change_count, snapshot_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        guard try select.step(), select.int(0) == Int64(document.changeCount),
            Workspace.needsCheckpoint(changeCount: document.changeCount, snapshotCount: Int(select.int(1)))
        else { return }
        try connection.prepare("UPDATE reports SET document = ?, snapshot_count = ? WHERE id = ?").bind([
            .blob(document.encoded()), .integer(Int64(document.changeCount)), .text(id),
        ]).run()
    }

    /// Appends changes to a report's log in one transaction without rewriting its materialised
    /// state (the fast path for many small edits; the next ``renderedText(of:)`` or ``save(_:wallTime:)``
    /// writes a checkpoint). The changes must follow the ones already logged.
    public func append(_ changes: [Change], to id: String, wallTime: Int64 = Workspace.now()) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            guard let stored = try summary(id)?.changeCount else { throw .reportNotFound(id) }
            let insert = try connection.prepare(
                "INSERT INTO changes(report, position, hash, bytes) VALUES (?, ?, ?, ?)")
            for (offset, change) in changes.enumerated() {
                try insert.bind([
                    .text(id), .integer(Int64(stored + offset)), .blob(change.hash.bytes), .blob(change.encoded),
                ]).run()
            }
            var vector = try versionVector(of: id)
            for change in changes { vector[change.author] = max(vector[change.author], change.seq) }
            try connection.prepare("UPDATE reports SET change_count = ?, updated = ?, vector = ? WHERE id = ?")
                .bind([
                    .integer(Int64(stored + changes.count)), .integer(wallTime), .blob(vector.encoded), .text(id),
                ]).run()
        }
    }

    /// A report's version vector: which changes of each replica it holds. Kept beside the
    /// report, so syncing does not load the document; computed once for reports stored before.
    public func versionVector(of id: String) throws(StoreError) -> VersionVector {
        let select = try connection.prepare("SELECT vector FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        guard try select.step() else { throw .reportNotFound(id) }
        if !select.isNull(0) {
            do {
                return try VersionVector(decoding: select.blob(0))
            } catch {
                throw .corrupt(
                    Language.text("报告 \(id)：版本向量有误：\(error)", "report \(id): its version vector: \(error)"))
            }
        }
        let vector = try load(id).document.versionVector
        try? connection.prepare("UPDATE reports SET vector = ? WHERE id = ?").bind([.blob(vector.encoded), .text(id)])
            .run()
        return vector
    }

    /// The summary of the report with this id, if it exists.
    func summary(_ id: String) throws(StoreError) -> ReportSummary? {
        try reports().first { $0.id == id }
    }

    /// Stores a report: appends its changes that are not stored yet to the change log and
    /// refreshes its rendered text, view and version vector, in one transaction; the checkpoint
    /// is rewritten only when the log has moved well past it (so a save does not re-encode the
    /// history). Uncommitted edits are committed first.
    ///
    /// - Returns: the number of changes appended.
    @discardableResult
    public func save(_ report: ReportDocument, wallTime: Int64 = Workspace.now()) throws(StoreError) -> Int {
        var report = report
        // The person's name travels with this workspace's changes: recorded with the pending
        // edits, or in a small change of its own after a change of ours that lacked it.
        if let personName, report.personName(of: replica) != personName,
            report.document.hasUncommittedEdits
                || (report.document.changeCount > 0
                    && report.document.changeInfo(at: report.document.changeCount - 1).author == replica)
        {
            report.recordPerson(personName)
        }
        report.commitPendingEdits(wallTime: wallTime)
        let metadata = report.metadata
        guard let period = metadata.period, let kind = metadata.kind else {
            throw .corrupt(Language.text("报告必须有报告期和类型", "a report needs a period and a kind"))
        }
        let unit = metadata.unit ?? self.unit
        let id = ReportSummary.id(unit: unit, period: period, kind: kind)
        let document = report.document
        let snapshot = report.snapshot()
        return try connection.transaction { () throws(StoreError) -> Int in
            let existing = try summary(id)
            let stored = existing?.changeCount ?? 0
            // The document must hold what is logged (it was loaded from here), else another
            // command wrote in between and these changes would be misplaced.
            if stored > 0 {
                let last = try connection.prepare("SELECT hash FROM changes WHERE report = ? AND position = ?")
                try last.bind([.text(id), .integer(Int64(stored - 1))])
                guard try last.step(), let hash = ChangeHash(bytes: last.blob(0)), document.changeCount >= stored,
                    document.contains(hash)
                else { throw .concurrentWrite(report: "\(period)/\(kind)") }
            }
            let fresh = document.changes.dropFirst(stored)
            let insert = try connection.prepare(
                "INSERT INTO changes(report, position, hash, bytes) VALUES (?, ?, ?, ?)")
            if existing == nil {
                try connection.prepare(
                    "INSERT INTO reports(id, unit, period, kind, document, rendered, change_count, snapshot_count, updated) VALUES (?, ?, ?, ?, x'', '', 0, 0, 0)"
                ).bind([.text(id), .text(unit), .text(period), .text(kind)]).run()
            }
            for (offset, change) in fresh.enumerated() {
                try insert.bind([
                    .text(id), .integer(Int64(stored + offset)), .blob(change.hash.bytes), .blob(change.encoded),
                ]).run()
            }
            let count = Int64(document.changeCount)
            try connection.prepare(
                "UPDATE reports SET rendered = ?, change_count = ?, view_count = ?, updated = ?, vector = ?, view = ?, tip = ? WHERE id = ?"
            ).bind([
                .text(snapshot.text), .integer(count), .integer(count), .integer(wallTime),
                .blob(document.versionVector.encoded),
                .blob(
                    ReportView(
                        report, snapshot: snapshot, previous: try previousView(of: id),
                        hashes: loggedHashes(of: id, in: report)
                    ).encoded),
                .blob(document.tip.encoded), .text(id),
            ]).run()
            try checkpointIfDue(id, document)
            return fresh.count
        }
    }

    /// A report's change log from `position` on, in the order it was stored, each change
    /// decoded and hashed again and its hash compared with the stored one.
    public func changes(of id: String, from position: Int = 0) throws(StoreError) -> [Change] {
        try loggedChanges(of: id, from: position, verifying: true)
    }

    /// A report's change log from `position` on, in the order it was stored.
    ///
    /// - Parameter verifying: whether to hash each change's bytes again and compare the result
    ///   with the stored hash (``verify()``, ``changes(of:from:)``). Without, each change is
    ///   decoded and checked but its stored hash is taken as its own: every logged change was
    ///   decoded and hashed when it was made or received, before it was stored (loading).
    func loggedChanges(of id: String, from position: Int, verifying: Bool) throws(StoreError) -> [Change] {
        let stored = try storedChanges(of: id, from: position)
        var out: [Change] = []
        out.reserveCapacity(stored.count)
        for change in stored {
            do {
                let decoded =
                    verifying ? try Change(decoding: change.bytes) : try Change(stored: change.bytes, hash: change.hash)
                guard decoded.hash == change.hash else {
                    throw StoreError.corrupt(Language.text("修改的哈希值不符", "change hash mismatch"))
                }
                out.append(decoded)
            } catch {
                throw Workspace.undecodable(id, out.count, error)
            }
        }
        return out
    }

    /// A report's change log from `position` on, in the order it was stored, as the bytes and
    /// hashes stored (nothing is decoded or hashed).
    ///
    /// - Parameter count: how many changes the log should hold from `position` on (room is
    ///   made for them; it need not be right).
    func storedChanges(of id: String, from position: Int, expecting count: Int = 0) throws(StoreError)
        -> [EncodedChange]
    {
        let select = try connection.prepare(
            "SELECT bytes, hash FROM changes WHERE report = ? AND position >= ? ORDER BY position")
        try select.bind([.text(id), .integer(Int64(position))])
        var out: [EncodedChange] = []
        // A hint only: the count is the report row's, not the log's.
        out.reserveCapacity(min(max(count, 0), 1 << 22))
        while try select.step() {
            guard let hash = ChangeHash(bytes: select.blob(1)) else {
                throw Workspace.undecodable(
                    id, out.count, StoreError.corrupt(Language.text("存储的哈希值有误", "the stored hash is damaged")))
            }
            out.append(EncodedChange(stored: select.blob(0), hash: hash))
        }
        return out
    }

    /// Checks every report: its change log decodes and verifies, and its materialised state
    /// holds exactly the logged changes.
    ///
    /// - Throws: ``StoreError/corrupt(_:)`` naming the first problem.
    public func verify() throws(StoreError) {
        for summary in try reports() {
            let logged = try changes(of: summary.id)
            let document = try load(summary.id).document
            guard Set(logged.map(\.hash)) == Set(document.changes.map(\.hash)), logged.count == summary.changeCount
            else {
                throw .corrupt(
                    Language.text(
                        "报告 \(summary.name)：修改日志与存储的状态不一致",
                        "report \(summary.name): the change log and the stored state disagree"))
            }
        }
    }

    /// Merges every report of `other` (another workspace of the same unit, e.g. on a USB stick)
    /// into this one; each report is merged in its own transaction.
    ///
    /// - Returns: per report name, the number of changes added here.
    public func merge(from other: Workspace) throws(StoreError) -> [(String, Int)] {
        var result: [(String, Int)] = []
        for summary in try other.reports() {
            let incoming = try other.changes(of: summary.id)
            var report: ReportDocument
            if try self.summary(summary.id) != nil {
                report = try load(summary.id)
            } else {
                report = ReportDocument(document: Document(replica: replica))
            }
            // A copy of this workspace (or of another with the same replica id) holds changes
            // whose author and sequence number are taken here by other changes: they come in
            // re-keyed under this workspace's replica id, nothing of them lost.
            let known = report.document.versionVector
            let reused = Set(
                incoming.filter { $0.seq <= known[$0.author] && !report.document.contains($0.hash) }.map(\.author))
            do {
                if reused.isEmpty {
                    try report.apply(incoming)
                } else {
                    try report.replay(incoming, rekeying: reused)
                }
            } catch {
                throw .corrupt("report \(summary.name) from \(other.directory): \(error)")
            }
            result.append((summary.name, try save(report)))
        }
        return result
    }

    /// Milliseconds since 1970.
    public static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
