public import HuibaoHQ
public import HuibaoModel

/// The server's sync logic, independent of HTTP: authenticates tokens, validates and stores
/// changes, and answers with what each client lacks.
///
/// An actor: it serialises access to the cached report documents, so two requests for one report
/// cannot interleave their validation and commit.
public actor SyncService {
    let storage: any ServerStorage
    /// Validated documents by report, built from storage on first use.
    var documents: [ReportKey: Document] = [:]
    /// The server's own replica id (it never edits; documents need one).
    let replica = ReplicaID(0)
    /// What HQ needs of each report, with the change count it was extracted at.
    var factsCache: [ReportKey: (count: Int, facts: ReportFacts, conflicts: ReportConflicts)] = [:]
    /// The indicator catalogue and the stored text it was parsed from.
    var cachedCatalog: (text: String?, catalog: IndicatorCatalog)?

    /// Creates the service over `storage`.
    public init(storage: any ServerStorage) {
        self.storage = storage
    }

    /// Registers a unit and returns its record and its token (shown once, stored only as a hash).
    public func addUnit(name: String, parent: String?, isHQ: Bool) async throws(ServerError) -> (UnitRecord, String) {
        if let parent, try await !storage.units().contains(where: { $0.name == parent }) {
            throw .unknownUnit(parent)
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in ReplicaID(generator.next()).description }.joined()
        let record = UnitRecord(name: name, parent: parent, isHQ: isHQ, tokenHash: SyncService.hash(token))
        try await storage.addUnit(record)
        return (record, token)
    }

    /// The unit a token belongs to.
    ///
    /// - Throws: ``ServerError/unauthorized`` for an unknown or revoked token.
    public func authenticate(_ token: String) async throws(ServerError) -> UnitRecord {
        let hash = SyncService.hash(token)
        guard let unit = try await storage.units().first(where: { $0.tokenHash == hash }), !unit.revoked else {
            throw .unauthorized
        }
        return unit
    }

    /// Answers one sync round for the unit owning `token`: the requested reports first, then
    /// every other report the unit may read (its own; for HQ, its subtree's), so that a new
    /// replica learns of reports it has never seen.
    public func sync(_ request: SyncRequest, token: String) async throws(ServerError) -> SyncResponse {
        try await sync(request, as: try await authenticate(token))
    }

    /// Answers one sync round for the unit named `name`, as when an administrator imports a
    /// unit's offline bundle: the same validation and access rules as over the network.
    public func sync(_ request: SyncRequest, unitNamed name: String) async throws(ServerError) -> SyncResponse {
        guard let unit = try await storage.units().first(where: { $0.name == name }), !unit.revoked else {
            throw .unknownUnit(name)
        }
        return try await sync(request, as: unit)
    }

    func sync(_ request: SyncRequest, as unit: UnitRecord) async throws(ServerError) -> SyncResponse {
        let units = try await storage.units()
        var entries: [SyncResponse.Entry] = []
        for entry in request.entries {
            entries.append(try await sync(entry, for: unit, units: units, pageBytes: request.pageBytes))
        }
        let mentioned = Set(request.entries.map(\.report))
        let readable = Set(units.map(\.name).filter { SyncService.canRead(unit, $0, units: units) })
        let stored = try await storage.reports(of: readable).keys.sorted {
            ($0.unit, $0.period, $0.kind) < ($1.unit, $1.period, $1.kind)
        }
        for report in stored where !mentioned.contains(report) {
            let entry = SyncRequest.Entry(report: report, known: VersionVector(), changes: [])
            entries.append(try await sync(entry, for: unit, units: units, pageBytes: request.pageBytes))
        }
        return SyncResponse(entries: entries)
    }

    func sync(_ entry: SyncRequest.Entry, for unit: UnitRecord, units: [UnitRecord], pageBytes: Int)
        async throws(ServerError) -> SyncResponse.Entry
    {
        let report = entry.report
        func refused(_ code: SyncRefusal.Code, _ message: String) -> SyncResponse.Entry {
            SyncResponse.Entry(
                report: report, acknowledged: [], changes: [], more: false,
                refusal: SyncRefusal(code: code, message: message))
        }
        guard SyncService.canRead(unit, report.unit, units: units) else {
            return refused(.forbidden, "unit \(unit.name) may not read or write reports of \(report.unit)")
        }
        var document = try await document(for: report)
        var acknowledged: [ChangeHash] = []
        if !entry.changes.isEmpty {
            // A reader may write: the unit its own report, an HQ above it any report of its
            // subtree (edits, resolutions, reviews). Workflow steps are checked by role. Changes
            // the server already has are repeats: harmless, whoever sends them.
            let new = entry.changes.filter { !document.contains($0.hash) }
            if let refusal = SyncService.checkWorkflowSteps(in: new, of: report, by: unit) {
                return refused(refusal.code, refusal.message)
            }
            var registrations: [ReplicaID: String] = [:]
            // One lookup per author, not per change (a batch is mostly one replica's changes).
            var owners: [ReplicaID: String?] = [:]
            for change in new {
                let owner: String?
                if let known = owners[change.author] {
                    owner = known ?? registrations[change.author]
                } else {
                    let stored = try await storage.replicaOwner(change.author)
                    owners[change.author] = .some(stored)
                    owner = stored ?? registrations[change.author]
                }
                if let owner, owner != unit.name {
                    return refused(
                        .forgedAuthor,
                        "change \(change.hash.shortDescription) is by replica \(change.author) of \(owner)")
                }
                if owner == nil { registrations[change.author] = unit.name }
            }
            var candidate = document
            let outcome: ApplyOutcome
            do {
                outcome = try candidate.apply(entry.changes)
            } catch {
                return refused(.invalidChange, error.description)
            }
            if let waiting = outcome.waiting.first {
                return refused(
                    .missingDependency,
                    "change \(waiting.shortDescription) depends on changes the server does not have; send them first")
            }
            if let step = SyncService.stepsNamingUnknownVersions(in: entry.changes, of: candidate) {
                return refused(.invalidChange, step)
            }
            let fresh = outcome.applied.compactMap { candidate.change($0) }
            if !fresh.isEmpty || !registrations.isEmpty {
                try await storage.commit(fresh, to: report, registering: registrations)
            }
            document = candidate
            documents[report] = candidate
            acknowledged = entry.changes.map(\.hash)
        }
        // What the client lacks, in causal order, up to the page size (at least one change).
        var known = entry.known
        for change in entry.changes { known[change.author] = max(known[change.author], change.seq) }
        let missing = document.changes(notIn: known)
        var page: [Change] = []
        var bytes = 0
        for change in missing {
            if !page.isEmpty && bytes + change.encoded.count > pageBytes { break }
            page.append(change)
            bytes += change.encoded.count
        }
        return SyncResponse.Entry(
            report: report, acknowledged: acknowledged, changes: page, more: page.count < missing.count, refusal: nil)
    }

    /// The validated document of a report: the cached one, brought up to date with what other
    /// processes (a bundle import, another server on the same database) stored meanwhile.
    func document(for report: ReportKey) async throws(ServerError) -> Document {
        var document = documents[report] ?? Document(replica: replica)
        let stored = try await storage.changeCount(of: report)
        if document.changes.count == stored, documents[report] != nil { return document }
        do {
            try document.apply(try await storage.changes(of: report, from: document.changes.count))
        } catch let error as DocumentError {
            throw .storage("stored changes of \(report) do not apply: \(error)")
        } catch {
            throw .storage("\(error)")
        }
        documents[report] = document
        return document
    }

    /// The refusal of a batch whose workflow steps break the roles: a step must be taken by the
    /// token's unit; only the report's unit submits; only an HQ above it returns or approves.
    static func checkWorkflowSteps(in changes: [Change], of report: ReportKey, by unit: UnitRecord)
        -> SyncRefusal?
    {
        for change in changes {
            for operation in change.operations where ReportDocument.isWorkflowStep(operation) {
                let name = "change \(change.hash.shortDescription)"
                guard case .setRegister(_, .text(let text), _) = operation else {
                    return SyncRefusal(code: .invalidChange, message: "\(name): a workflow step must be text")
                }
                let step: WorkflowStep
                do {
                    step = try WorkflowStep(registerText: text)
                } catch {
                    return SyncRefusal(code: .invalidChange, message: "\(name): \(error)")
                }
                guard step.unit == unit.name else {
                    return SyncRefusal(
                        code: .forbidden,
                        message: "\(name): a step signed by \(step.unit) sent with the token of \(unit.name)")
                }
                let allowed = step.kind == .submit ? unit.name == report.unit : unit.isHQ && unit.name != report.unit
                guard allowed else {
                    let who = step.kind == .submit ? "only \(report.unit)" : "only an HQ above \(report.unit)"
                    return SyncRefusal(
                        code: .forbidden,
                        message: "\(name): \(unit.name) may not \(step.kind.rawValue) this report; \(who) may")
                }
            }
        }
        return nil
    }

    /// A message if a workflow step in `changes` names a version that is not in `document`.
    static func stepsNamingUnknownVersions(in changes: [Change], of document: Document) -> String? {
        for change in changes {
            for case .setRegister(ReportDocument.workflowKey, .text(let text), _) in change.operations {
                guard let step = try? WorkflowStep(registerText: text) else { continue }
                if let unknown = step.heads.first(where: { !document.contains($0) }) {
                    return
                        "change \(change.hash.shortDescription): the step names version \(unknown.shortDescription), which is not in the report"
                }
            }
        }
        return nil
    }

    /// Whether `unit` may read the reports of `owner`: its own, or its subtree's if it is HQ.
    static func canRead(_ unit: UnitRecord, _ owner: String, units: [UnitRecord]) -> Bool {
        if unit.name == owner { return true }
        guard unit.isHQ else { return false }
        var current = units.first { $0.name == owner }
        var steps = 0
        while let node = current, let parent = node.parent, steps < units.count {
            if parent == unit.name { return true }
            current = units.first { $0.name == parent }
            steps += 1
        }
        return false
    }

    /// SHA-256 of a token, hex.
    static func hash(_ token: String) -> String {
        ChangeHash.sha256(of: Array(token.utf8)).description
    }
}
