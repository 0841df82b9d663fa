import Foundation
public import HuibaoHQ
import HuibaoModel
public import HuibaoReport

/// HQ's side of the server: the indicator catalogue, the expected reports, the facts extracted
/// from each report (stored in the database per report version, so a process started a moment
/// ago answers as fast as a warm one), the totals and statuses, and the dashboard's writes,
/// which go through ``SyncService`` like any client's change.
public actor HQService {
    static let catalogKey = "catalog"
    static let expectedPrefix = "expected\u{1F}"

    /// The sync service the dashboard writes through.
    public nonisolated let sync: SyncService
    let storage: any ServerStorage
    /// What HQ needs of each report, with the change count it was extracted at: a copy of the
    /// stored extract, checked against the report's stored count on every use.
    var factsCache: [ReportKey: (count: Int, facts: ReportFacts, conflicts: ReportConflicts)] = [:]
    /// The indicator catalogue and the stored text it was parsed from.
    var cachedCatalog: (text: String?, catalog: IndicatorCatalog)?

    /// Creates HQ's service beside `sync`, on the same storage.
    public init(sync: SyncService) {
        self.sync = sync
        storage = sync.storage
    }

    /// The units and their tokens.
    public nonisolated var registry: UnitRegistry { sync.registry }

    /// The indicator catalogue: the one loaded with ``loadCatalog(_:source:)``, else the standard one.
    public func catalog() async throws(ServerError) -> IndicatorCatalog {
        // Read each time (one row) so that a `catalog load` by another process is seen.
        let text = try await storage.setting(HQService.catalogKey)
        if let cachedCatalog, cachedCatalog.text == text { return cachedCatalog.catalog }
        var catalog = IndicatorCatalog.standard
        if let text {
            do {
                catalog = try IndicatorCatalog(parsing: text, source: "stored catalogue")
            } catch {
                throw .storage("\(error)")
            }
        }
        cachedCatalog = (text, catalog)
        return catalog
    }

    /// Parses and stores a catalogue file's text; totals use it from now on.
    ///
    /// - Throws: ``ServerError/badRequest(_:)`` with the file, line and field at fault.
    @discardableResult
    public func loadCatalog(_ text: String, source: String) async throws(ServerError) -> IndicatorCatalog {
        let catalog: IndicatorCatalog
        do {
            catalog = try IndicatorCatalog(parsing: text, source: source)
        } catch {
            throw .badRequest(error.description)
        }
        try await storage.setSetting(HQService.catalogKey, to: catalog.text)
        cachedCatalog = (catalog.text, catalog)
        return catalog
    }

    /// Sets the units expected to report for a period and kind (`nil`: every non-HQ unit).
    ///
    /// - Throws: ``ServerError/unknownUnit(_:)`` for a unit that is not registered.
    public func setExpected(period: String, kind: String, units: [String]?) async throws(ServerError) {
        let known = Set(try await storage.units().map(\.name))
        if let unknown = units?.first(where: { !known.contains($0) }) { throw .unknownUnit(unknown) }
        let value = units.map { $0.joined(separator: "\n") } ?? ""
        try await storage.setSetting(HQService.expectedPrefix + period + "\u{1F}" + kind, to: value)
    }

    /// Every period and kind with configured expectations.
    public func expectations() async throws(ServerError) -> [ExpectedReports] {
        try await storage.settings(withPrefix: HQService.expectedPrefix).compactMap { key, value in
            let parts = key.dropFirst(HQService.expectedPrefix.count).split(
                separator: "\u{1F}", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let units = value.isEmpty ? nil : value.split(separator: "\n").map(String.init)
            return ExpectedReports(period: String(parts[0]), kind: String(parts[1]), units: units)
        }.sorted { ($0.period, $0.kind) < ($1.period, $1.kind) }
    }

    /// The facts of every report `hq` may read, re-extracted for reports that changed.
    public func facts(for hq: UnitRecord) async throws(ServerError) -> [ReportFacts] {
        try await extracts(for: hq).map(\.facts)
    }

    /// What needs a person in the reports `hq` may read, report by report.
    public func conflicts(for hq: UnitRecord) async throws(ServerError) -> [(ReportKey, ReportConflicts)] {
        try await extracts(for: hq).filter { !$0.conflicts.isEmpty }.map { ($0.key, $0.conflicts) }.sorted {
            ($0.0.unit, $0.0.period, $0.0.kind) < ($1.0.unit, $1.0.period, $1.0.kind)
        }
    }

    /// The extracts of every readable report. Each is taken, in this order, from the process's
    /// cache or the database when made at the report's current change count, else made anew
    /// (off the actor, so that syncs go on meanwhile) and stored for every process.
    func extracts(for hq: UnitRecord) async throws(ServerError)
        -> [(key: ReportKey, facts: ReportFacts, conflicts: ReportConflicts)]
    {
        let readable = try await registry.readable(by: hq)
        let counts = try await storage.reports(of: readable)
        let missing = counts.filter { factsCache[$0.key]?.count != $0.value }.map(\.key)
        let stored = missing.isEmpty ? [:] : try await storage.extracts(of: missing)
        let current = stored.filter { counts[$0.key] == $0.value.changeCount }
        let decoded = await HQService.decode(current)
        for key in missing {
            guard let count = counts[key] else { continue }
            if let extract = decoded[key] {
                factsCache[key] = (count, extract.facts, extract.conflicts)
                continue
            }
            // Built from the stored log off both actors: a large report keeps nobody's sync waiting.
            let (stored, extract) = try await HQService.extract(key, from: storage)
            try await storage.storeExtract(StoredExtract(changeCount: stored, bytes: extract.encoded()), of: key)
            if (factsCache[key]?.count ?? -1) < stored { factsCache[key] = (stored, extract.facts, extract.conflicts) }
        }
        return counts.keys.compactMap { key in
            factsCache[key].map { (key, $0.facts, $0.conflicts) }
        }
    }

    /// Decodes stored extracts on every core (a process started a moment ago decodes a
    /// thousand of them for its first totals); those that do not decode are left out, to be
    /// extracted anew.
    static func decode(_ stored: [ReportKey: StoredExtract]) async -> [ReportKey: ReportExtract] {
        let items = Array(stored)
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / 64))
        return await withTaskGroup(of: [(ReportKey, ReportExtract)].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    stride(from: lane, to: items.count, by: lanes).compactMap { index in
                        (try? ReportExtract(decoding: items[index].value.bytes)).map { (items[index].key, $0) }
                    }
                }
            }
            var out: [ReportKey: ReportExtract] = [:]
            out.reserveCapacity(items.count)
            for await part in group {
                for (key, extract) in part { out[key] = extract }
            }
            return out
        }
    }

    /// Extracts HQ's facts and conflicts of a report from its stored log, on the global
    /// executor; returns the change count it read too.
    static func extract(_ key: ReportKey, from storage: any ServerStorage) async throws(ServerError)
        -> (Int, ReportExtract)
    {
        var document = Document(replica: ReplicaID(0))
        do {
            try document.apply(try await storage.changes(of: key, from: 0))
        } catch let error as DocumentError {
            throw .storage("stored changes of \(key) do not apply: \(error)")
        } catch {
            throw .storage("\(error)")
        }
        let report = ReportDocument(document: document)
        do {
            return (
                document.changes.count,
                ReportExtract(
                    facts: try ReportFacts(report: report, unit: key.unit, period: key.period, kind: key.kind),
                    conflicts: ReportConflicts(report: report, name: "\(key.unit)/\(key.period)/\(key.kind)"))
            )
        } catch {
            throw .storage("report \(key) cannot be read: \(error)")
        }
    }

    /// Resolves a metric conflict from the dashboard: writes `value` as HQ's dashboard replica,
    /// through the same validation as a sync, so HQ's clients receive it like any change.
    ///
    /// - Throws: ``ServerError/badRequest(_:)`` for an unknown metric or a bad value.
    public func resolve(metric: String, of key: ReportKey, to value: String, as hq: UnitRecord)
        async throws(ServerError)
    {
        try await write(to: key, as: hq) { report in
            try report.setMetric(metric, to: value, wallTime: HQService.now())
        }
    }

    /// Accepts the merged text of a text conflict from the dashboard (see ``resolve(metric:of:to:as:)``).
    public func acceptTextConflict(_ id: String, of key: ReportKey, as hq: UnitRecord) async throws(ServerError) {
        try await write(to: key, as: hq) { report in
            _ = try report.acceptTextConflict(id, wallTime: HQService.now())
        }
    }

    /// Keeps one of a report's competing first versions from the dashboard (see
    /// ``resolve(metric:of:to:as:)``).
    public func keepFirstVersion(_ id: String, of key: ReportKey, as hq: UnitRecord) async throws(ServerError) {
        try await write(to: key, as: hq) { report in
            _ = try report.keepFirstVersion(id, wallTime: HQService.now())
        }
    }

    /// Approves or returns a report from the dashboard (see ``resolve(metric:of:to:as:)``): the
    /// same step `huibao hq approve|return` writes, checked by role like any sync.
    public func review(_ kind: WorkflowStep.Kind, _ key: ReportKey, comment: String, as hq: UnitRecord)
        async throws(ServerError)
    {
        guard kind != .submit else {
            throw .forbidden(Language.text("上级不代单位报送报告", "HQ does not submit a unit's report"))
        }
        if kind == .return, comment.isEmpty {
            throw .badRequest(Language.text("请写明单位需要修改什么（退回意见）", "say what the unit should change (a comment)"))
        }
        try await write(to: key, as: hq) { report in
            _ = try report.review(kind, as: hq.name, comment: comment, wallTime: HQService.now())
        }
    }

    /// Makes one change to a report as `hq`'s dashboard replica and stores it through `sync`.
    func write(
        to key: ReportKey, as hq: UnitRecord, _ edit: (inout ReportDocument) throws -> Void
    ) async throws(ServerError) {
        var report = try await report(key, for: hq)
        report = ReportDocument(document: report.document.forked(as: try await dashboardReplica(of: hq)))
        do {
            try edit(&report)
        } catch {
            throw .badRequest("\(error)")
        }
        guard let change = report.document.changes.last else { return }
        let response = try await sync.sync(
            SyncRequest(entries: [.init(report: key, known: report.document.versionVector, changes: [change])]),
            as: hq)
        if let refusal = response.entries.first(where: { $0.report == key })?.refusal {
            throw .forbidden(refusal.message)
        }
    }

    /// The replica the server writes with for `hq`'s dashboard actions (made once, kept).
    func dashboardReplica(of hq: UnitRecord) async throws(ServerError) -> ReplicaID {
        let key = "dashboard-replica\u{1F}" + hq.name
        if let text = try await storage.setting(key), let replica = ReplicaID(hex: text) { return replica }
        let replica = ReplicaID.random()
        try await storage.setSetting(key, to: replica.description)
        return replica
    }

    /// Milliseconds since 1970.
    static func now() -> Int64 { SessionRecord.now() }

    /// The totals, statuses and approved reports of one period and kind, for `hq`.
    public func consolidation(for hq: UnitRecord, period: String, kind: String) async throws(ServerError)
        -> Consolidation
    {
        let expected = try await storage.setting(HQService.expectedPrefix + period + "\u{1F}" + kind)
        return Consolidation(
            period: period, kind: kind, hq: hq.name, tree: try await registry.tree(), catalog: try await catalog(),
            expected: expected.flatMap { $0.isEmpty ? nil : $0.split(separator: "\n").map(String.init) },
            reports: try await facts(for: hq))
    }

    /// Bump when the consolidated report's rendering changes, so that stored renderings of an
    /// older server are not sent (the fingerprint also holds ``HuibaoVersion/current``).
    static let renderingVersion = 1

    /// The consolidated report of a period and kind in `format`, as sent to HQ.
    ///
    /// The rendering is stored with the fingerprint of everything it was made from (the unit
    /// tree, the catalogue, the expectations, the change count of every report `hq` may read):
    /// any process, freshly started or not, sends the stored bytes while nothing changed, and
    /// renders anew (and stores) when anything did.
    public func export(for hq: UnitRecord, period: String, kind: String, format: ConsolidatedReport.Format)
        async throws(ServerError) -> [UInt8]
    {
        let key = [hq.name, period, kind, format.rawValue].joined(separator: "\u{1F}")
        let units = try await storage.units()
        let tree = UnitTree(units.map { OrgUnit(name: $0.name, parent: $0.parent, isHQ: $0.isHQ) })
        let counts = try await storage.reports(of: UnitRegistry.readable(by: hq, in: tree))
        var inputs = "\(HQService.renderingVersion)\n\(HuibaoVersion.current)\n\(key)\n"
        inputs += (try await storage.setting(HQService.expectedPrefix + period + "\u{1F}" + kind) ?? "-") + "\n\u{1E}"
        inputs += (try await storage.setting(HQService.catalogKey) ?? "standard") + "\n\u{1E}"
        for unit in units { inputs += "\(unit.name)\u{1F}\(unit.parent ?? "")\u{1F}\(unit.isHQ)\n" }
        for (report, count) in counts.sorted(by: {
            ($0.key.unit, $0.key.period, $0.key.kind) < ($1.key.unit, $1.key.period, $1.key.kind)
        }) {
            inputs += "\(report.unit)\u{1F}\(report.period)\u{1F}\(report.kind)\u{1F}\(count)\n"
        }
        let fingerprint = ChangeHash.sha256(of: Array(inputs.utf8)).bytes
        if let stored = try await storage.rendering(key), stored.fingerprint == fingerprint { return stored.bytes }
        let consolidation = try await self.consolidation(for: hq, period: period, kind: kind)
        let bytes: [UInt8]
        switch format {
        case .json: bytes = CompactConsolidation(consolidation).json()
        case .md: bytes = Array(ConsolidatedReport.markdown(consolidation).utf8)
        case .txt: bytes = Array(ConsolidatedReport.text(consolidation).utf8)
        case .csv: bytes = Array(ConsolidatedReport.csv(consolidation).utf8)
        }
        try await storage.storeRendering(StoredRendering(fingerprint: fingerprint, bytes: bytes), as: key)
        return bytes
    }

    /// The status matrix: units below `hq` × the periods and kinds with reports or expectations.
    public func overview(for hq: UnitRecord) async throws(ServerError) -> HQOverview {
        let facts = try await facts(for: hq)
        let expectations = try await expectations()
        var columns = Set(expectations.map { HQOverview.Column(period: $0.period, kind: $0.kind) })
        for report in facts { columns.insert(HQOverview.Column(period: report.period, kind: report.kind)) }
        let ordered = columns.sorted { ($0.period, $0.kind) < ($1.period, $1.kind) }
        let tree = try await registry.tree()
        let below = tree.subtree(of: hq.name).filter { $0.name != hq.name }
        let top = tree.depth[hq.name] ?? 0
        var rows = below.map {
            HQOverview.Row(
                unit: $0.name, depth: (tree.depth[$0.name] ?? 0) - top,
                cells: [UnitStatus?](repeating: nil, count: ordered.count))
        }
        let index = Dictionary(uniqueKeysWithValues: below.enumerated().map { ($1.name, $0) })
        for (column, key) in ordered.enumerated() {
            let units = expectations.first { $0.period == key.period && $0.kind == key.kind }?.units
            let consolidation = Consolidation(
                period: key.period, kind: key.kind, hq: hq.name, tree: tree, catalog: IndicatorCatalog(indicators: []),
                expected: units, reports: facts.filter { $0.period == key.period && $0.kind == key.kind })
            for status in consolidation.statuses {
                if let row = index[status.unit] { rows[row].cells[column] = status }
            }
        }
        return HQOverview(hq: hq.name, columns: ordered, rows: rows)
    }

    /// A report `hq` may read, as the server holds it.
    public func report(_ key: ReportKey, for hq: UnitRecord) async throws(ServerError) -> ReportDocument {
        guard try await registry.readable(by: hq).contains(key.unit), try await storage.changeCount(of: key) > 0
        else { throw .unknownReport("\(key.unit)/\(key.period)/\(key.kind)") }
        return ReportDocument(document: try await sync.document(for: key))
    }
}
