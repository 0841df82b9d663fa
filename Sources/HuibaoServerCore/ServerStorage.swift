public import HuibaoModel

/// Where the server keeps units, replica registrations and every report's changes.
///
/// Implementations: ``InMemoryStorage`` (tests) and ``SQLiteStorage`` (the default); a
/// PostgreSQL one can follow. Every method that writes is atomic: ``commit(_:to:at:registering:)`` stores all
/// of its changes and registrations or none.
public protocol ServerStorage: Sendable {
    /// Every unit.
    func units() async throws(ServerError) -> [UnitRecord]
    /// Adds a unit.
    func addUnit(_ unit: UnitRecord) async throws(ServerError)
    /// Marks a unit's token revoked.
    func revokeUnit(_ name: String) async throws(ServerError)
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
    func commit(
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String]
    ) async throws(ServerError)
    /// A server setting (the indicator catalogue, the units expected to report), if set.
    func setting(_ key: String) async throws(ServerError) -> String?
    /// Sets (or, with `nil`, removes) a server setting.
    func setSetting(_ key: String, to value: String?) async throws(ServerError)
    /// The settings whose key starts with `prefix`.
    func settings(withPrefix prefix: String) async throws(ServerError) -> [String: String]
}

/// Storage in memory, for tests and for a server that needs no persistence.
public actor InMemoryStorage: ServerStorage {
    var unitList: [UnitRecord] = []
    var owners: [ReplicaID: String] = [:]
    var log: [ReportKey: [Change]] = [:]
    var values: [String: String] = [:]

    /// Creates empty storage.
    public init() {}

    public func units() -> [UnitRecord] { unitList }

    public func addUnit(_ unit: UnitRecord) throws(ServerError) {
        guard !unitList.contains(where: { $0.name == unit.name }) else { throw .unitExists(unit.name) }
        unitList.append(unit)
    }

    public func revokeUnit(_ name: String) throws(ServerError) {
        guard let index = unitList.firstIndex(where: { $0.name == name }) else { throw .unknownUnit(name) }
        unitList[index].revoked = true
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
        _ changes: [Change], to report: ReportKey, at position: Int, registering replicas: [ReplicaID: String]
    ) throws(ServerError) {
        guard (log[report]?.count ?? 0) == position else { throw .reportMoved(report.description) }
        for (replica, unit) in replicas {
            if let owner = owners[replica], owner != unit { throw .replicaTaken(replica: replica, unit: owner) }
        }
        owners.merge(replicas) { old, _ in old }
        log[report, default: []].append(contentsOf: changes)
    }
}
