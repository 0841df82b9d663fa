public import HuibaoModel
public import HuibaoReport

/// Where the server keeps units, replica registrations and every report's changes.
///
/// Implementations: ``InMemoryStorage`` (tests), ``SQLiteStorage`` (the default) and
/// `PostgresStorage` (several server processes on one database). Every method that writes is
/// atomic: ``commit(_:to:at:registering:)`` stores all of its changes and registrations or none.
/// Nothing a server process keeps in memory is needed for correctness: whatever one process
/// stores, another reads on its next request.
public protocol ServerStorage: Sendable {
    /// Every unit, in the order they were added.
    func units() async throws(ServerError) -> [UnitRecord]
    /// The unit whose token hashes to `tokenHash`, revoked or not.
    func unit(withTokenHash tokenHash: String) async throws(ServerError) -> UnitRecord?
    /// The unit named `name`.
    func unit(named name: String) async throws(ServerError) -> UnitRecord?
    /// Adds a unit.
    func addUnit(_ unit: UnitRecord) async throws(ServerError)
    /// Marks a unit's token revoked.
    func revokeUnit(_ name: String) async throws(ServerError)
    /// Gives a unit a new token (its hash) and lifts a revocation: the old token stops working.
    func replaceToken(of name: String, with tokenHash: String) async throws(ServerError)
    /// The unit a replica is registered to, if any.
    func replicaOwner(_ replica: ReplicaID) async throws(ServerError) -> String?
    /// The reports that have changes, of the given units, with how many changes each has.
    func reports(of units: Set<String>) async throws(ServerError) -> [ReportKey: Int]
    /// A report's changes from `position` on, in the order they were committed (a causal order).
    func changes(of report: ReportKey, from position: Int) async throws(ServerError) -> [Change]
    /// How many changes of a report are stored.
    func changeCount(of report: ReportKey) async throws(ServerError) -> Int
    /// Stores changes of a report after its first `position` changes and registers replicas to
    /// units, atomically.
    ///
    /// The commit is a compare-and-swap on the report's log: it fails with
    /// ``ServerError/reportMoved(_:)`` if the report no longer has exactly `position` changes (another
    /// process committed meanwhile), and with ``ServerError/replicaTaken(replica:unit:)`` if a replica
    /// is registered to another unit. Then nothing is stored.
    ///
    /// `vector` is the report's version vector with these changes (the caller has the state
    /// they apply to): it is stored beside the report, for ``vectors(of:)``; `nil` leaves the
    /// report without one (read as unknown, never as stale).
    func commit(
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String],
        vector: VersionVector?
    ) async throws(ServerError)
    /// The stored version vectors of the given reports, where known: a no-op sync is answered
    /// from them without loading the report (reports last written by an older server have none
    /// until their next commit).
    func vectors(of reports: Set<ReportKey>) async throws(ServerError) -> [ReportKey: VersionVector]
    /// A server setting (the indicator catalogue, the units expected to report), if set.
    func setting(_ key: String) async throws(ServerError) -> String?
    /// Sets (or, with `nil`, removes) a server setting.
    func setSetting(_ key: String, to value: String?) async throws(ServerError)
    /// The settings whose key starts with `prefix`.
    func settings(withPrefix prefix: String) async throws(ServerError) -> [String: String]
    /// The stored HQ extracts of the given reports, where stored (possibly of older versions:
    /// compare ``StoredExtract/changeCount`` with the report's count).
    func extracts(of reports: [ReportKey]) async throws(ServerError) -> [ReportKey: StoredExtract]
    /// Stores a report's extract, unless one of a later version is stored already.
    func storeExtract(_ extract: StoredExtract, of report: ReportKey) async throws(ServerError)
    /// A stored rendering of HQ's consolidated report (see ``HQService/export(for:period:kind:format:)``).
    func rendering(_ key: String) async throws(ServerError) -> StoredRendering?
    /// Stores a rendering under `key`, replacing the one there.
    func storeRendering(_ rendering: StoredRendering, as key: String) async throws(ServerError)
    /// Stores a session or login code, and deletes the expired ones.
    func putSession(_ session: SessionRecord) async throws(ServerError)
    /// The unexpired session or code of this id and kind; with `consuming`, it is deleted in the
    /// same step, so that a one-time code opens one session even with several server processes.
    func session(_ id: String, kind: SessionRecord.Kind, consuming: Bool, now: Int64) async throws(ServerError)
        -> SessionRecord?
    /// Deletes a session or code.
    func deleteSession(_ id: String, kind: SessionRecord.Kind) async throws(ServerError)
}

/// Storage in memory, for tests and for a server that needs no persistence.
public actor InMemoryStorage: ServerStorage {
    var unitList: [UnitRecord] = []
    var owners: [ReplicaID: String] = [:]
    var log: [ReportKey: [Change]] = [:]
    var storedVectors: [ReportKey: VersionVector] = [:]
    var values: [String: String] = [:]
    var storedExtracts: [ReportKey: StoredExtract] = [:]
    var sessions: [String: SessionRecord] = [:]
    var renderings: [String: StoredRendering] = [:]

    /// Creates empty storage.
    public init() {}

    public func units() -> [UnitRecord] { unitList }

    public func unit(withTokenHash tokenHash: String) -> UnitRecord? { unitList.first { $0.tokenHash == tokenHash } }

    public func unit(named name: String) -> UnitRecord? { unitList.first { $0.name == name } }

    public func extracts(of reports: [ReportKey]) -> [ReportKey: StoredExtract] {
        var out: [ReportKey: StoredExtract] = [:]
        for report in reports { out[report] = storedExtracts[report] }
        return out
    }

    public func storeExtract(_ extract: StoredExtract, of report: ReportKey) {
        if let stored = storedExtracts[report], stored.changeCount > extract.changeCount { return }
        storedExtracts[report] = extract
    }

    public func rendering(_ key: String) -> StoredRendering? { renderings[key] }

    public func storeRendering(_ rendering: StoredRendering, as key: String) { renderings[key] = rendering }

    public func putSession(_ session: SessionRecord) {
        let now = SessionRecord.now()
        sessions = sessions.filter { $0.value.expires > now }
        sessions[session.kind.rawValue + "/" + session.id] = session
    }

    public func session(_ id: String, kind: SessionRecord.Kind, consuming: Bool, now: Int64) -> SessionRecord? {
        let key = kind.rawValue + "/" + id
        guard let record = sessions[key], record.expires > now else { return nil }
        if consuming { sessions[key] = nil }
        return record
    }

    public func deleteSession(_ id: String, kind: SessionRecord.Kind) { sessions[kind.rawValue + "/" + id] = nil }

    public func addUnit(_ unit: UnitRecord) throws(ServerError) {
        guard !unitList.contains(where: { $0.name == unit.name }) else { throw .unitExists(unit.name) }
        unitList.append(unit)
    }

    public func revokeUnit(_ name: String) throws(ServerError) {
        guard let index = unitList.firstIndex(where: { $0.name == name }) else { throw .unknownUnit(name) }
        unitList[index].revoked = true
    }

    public func replaceToken(of name: String, with tokenHash: String) throws(ServerError) {
        guard let index = unitList.firstIndex(where: { $0.name == name }) else { throw .unknownUnit(name) }
        unitList[index].tokenHash = tokenHash
        unitList[index].revoked = false
    }

    public func replicaOwner(_ replica: ReplicaID) -> String? { owners[replica] }

    public func changes(of report: ReportKey, from position: Int) -> [Change] {
        Array((log[report] ?? []).dropFirst(position))
    }

    public func changeCount(of report: ReportKey) -> Int { log[report]?.count ?? 0 }

    public func reports(of units: Set<String>) -> [ReportKey: Int] {
        log.filter { units.contains($0.key.unit) }.mapValues(\.count)
    }

    public func setting(_ key: String) -> String? { values[key] }

    public func setSetting(_ key: String, to value: String?) { values[key] = value }

    public func settings(withPrefix prefix: String) -> [String: String] {
        values.filter { $0.key.hasPrefix(prefix) }
    }

    public func commit(
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String],
        vector: VersionVector?
    ) throws(ServerError) {
        guard (log[report]?.count ?? 0) == position else { throw .reportMoved(report.description) }
        for (replica, unit) in replicas {
            if let owner = owners[replica], owner != unit { throw .replicaTaken(replica: replica, unit: owner) }
        }
        owners.merge(replicas) { old, _ in old }
        log[report, default: []].append(contentsOf: changes)
        if !changes.isEmpty { storedVectors[report] = vector }
    }

    public func vectors(of reports: Set<ReportKey>) -> [ReportKey: VersionVector] {
        storedVectors.filter { reports.contains($0.key) }
    }
}

extension ServerStorage {
    /// Commits without a version vector: the report's stored vector becomes unknown.
    public func commit(
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String]
    ) async throws(ServerError) {
        try await commit(changes, to: report, at: position, registering: replicas, vector: nil)
    }
}
