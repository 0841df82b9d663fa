import HuibaoHQ
public import HuibaoModel

/// The server's sync logic, independent of HTTP: authenticates tokens, validates and stores
/// changes, and answers with what each client lacks.
///
/// The stored log is the only truth. Commits of one report are serialised within the process
/// (``exclusively(_:_:)``, per report), validated against the stored state, and stored with a
/// compare-and-swap on the report's change count, so a commit by another process in between is
/// noticed and the batch validated again. The documents it caches are copies checked against
/// the store before every use.
public actor SyncService {
    let storage: any ServerStorage
    /// Per report, a document of a prefix of its stored log: a copy, checked against the stored
    /// count before each use (see ``document(for:)``).
    var documents: [ReportKey: Document] = [:]
    /// Reports a request is validating and committing, with the requests waiting for each.
    var busy: [ReportKey: [CheckedContinuation<Void, Never>]] = [:]
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
        if let parent, try await storage.unit(named: parent) == nil {
            throw .unknownUnit(parent)
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in ReplicaID(generator.next()).description }.joined()
        let record = UnitRecord(name: name, parent: parent, isHQ: isHQ, tokenHash: SyncService.hash(token))
        try await storage.addUnit(record)
        return (record, token)
    }

    /// The unit named `name`, if registered.
    public func unit(named name: String) async throws(ServerError) -> UnitRecord? {
        try await storage.unit(named: name)
    }

    /// The unit a token belongs to.
    ///
    /// - Throws: ``ServerError/unauthorized`` for an unknown or revoked token.
    public func authenticate(_ token: String) async throws(ServerError) -> UnitRecord {
        guard let unit = try await storage.unit(withTokenHash: SyncService.hash(token)), !unit.revoked else {
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
        guard let unit = try await storage.unit(named: name), !unit.revoked else { throw .unknownUnit(name) }
        return try await sync(request, as: unit)
    }

    /// What the server would refuse of an offline bundle imported as the unit named `name`,
    /// validated against the stored state without storing anything: a bundle is taken whole or
    /// not at all. A bundle written by another unit is refused as a whole.
    public func refusals(of bundle: SyncBundle, unitNamed name: String) async throws(ServerError)
        -> [(ReportKey, SyncRefusal)]
    {
        let units = try await storage.units()
        guard let unit = units.first(where: { $0.name == name }), !unit.revoked else { throw .unknownUnit(name) }
        guard bundle.unit == name else {
            throw .forbidden("the bundle was written by a workspace of \(bundle.unit), not of \(name)")
        }
        var refusals: [(ReportKey, SyncRefusal)] = []
        for entry in bundle.request.entries {
            guard SyncService.canRead(unit, entry.report.unit, units: units) else {
                refusals.append(
                    (
                        entry.report,
                        SyncRefusal(code: .forbidden, message: "\(name) may not write reports of \(entry.report.unit)")
                    ))
                continue
            }
            let document = try await document(for: entry.report)
            if case .refused(let refusal) = try await validate(entry, against: document, by: unit) {
                refusals.append((entry.report, refusal))
            }
        }
        return refusals
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
        guard SyncService.canRead(unit, report.unit, units: units) else {
            return SyncService.refused(
                report, .forbidden, "unit \(unit.name) may not read or write reports of \(report.unit)")
        }
        return try await exclusively(report) { () async throws(ServerError) -> SyncResponse.Entry in
            // Another server process (or a bundle import) may commit between our read and our
            // commit: the commit then fails as `reportMoved`, and the batch is validated again
            // against the new stored state.
            for _ in 0..<8 {
                let document = try await document(for: report)
                switch try await validate(entry, against: document, by: unit) {
                case .refused(let refusal):
                    // What the server already holds is acknowledged even so, and the client gets
                    // what it lacks: a refusal stops the client's new changes, nothing else.
                    var held = entry
                    held.changes = entry.changes.filter { document.contains($0.hash) }
                    var answer = SyncService.answer(held, from: document, pageBytes: pageBytes)
                    answer.refusal = refusal
                    return answer
                case .accepted(let candidate, let fresh, let registrations):
                    if !fresh.isEmpty || !registrations.isEmpty {
                        do throws(ServerError) {
                            try await storage.commit(
                                fresh, to: report, at: document.changes.count, registering: registrations)
                        } catch .reportMoved {
                            continue
                        } catch .replicaTaken(let replica, let owner) {
                            return SyncService.refused(
                                report, .forgedAuthor, "replica \(replica) is registered to \(owner)")
                        }
                    }
                    remember(candidate, of: report)
                    return SyncService.answer(entry, from: candidate, pageBytes: pageBytes)
                }
            }
            throw .reportMoved(report.description)
        }
    }

    /// What validating a batch against the stored state gave.
    enum Validation {
        /// Refused; nothing is stored.
        case refused(SyncRefusal)
        /// Valid: the document with the batch applied, the changes new to the server in a causal
        /// order, and the replicas to register.
        case accepted(Document, [Change], [ReplicaID: String])
    }

    /// Checks a batch of a unit's changes against `document` (the stored state): access, roles
    /// of workflow steps, authors, reused replica ids, dependencies and the changes themselves.
    func validate(_ entry: SyncRequest.Entry, against document: Document, by unit: UnitRecord)
        async throws(ServerError) -> Validation
    {
        let report = entry.report
        // A reader may write: the unit its own report, an HQ above it any report of its subtree
        // (edits, resolutions, reviews). Workflow steps are checked by role. Changes the server
        // already has are repeats: harmless, whoever sends them.
        let new = entry.changes.filter { !document.contains($0.hash) }
        if new.isEmpty { return .accepted(document, [], [:]) }
        if let refusal = SyncService.checkWorkflowSteps(in: new, of: report, by: unit) {
            return .refused(refusal)
        }
        if let reused = new.first(where: { $0.seq <= document.versionVector[$0.author] }) {
            return .refused(
                SyncRefusal(
                    code: .replicaReused,
                    message:
                        "the server holds another change \(reused.seq)@\(reused.author): this replica id is used by two workspaces",
                    change: reused.hash))
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
                return .refused(
                    SyncRefusal(
                        code: .forgedAuthor,
                        message: "change \(change.hash.shortDescription) is by replica \(change.author) of \(owner)",
                        change: change.hash))
            }
            if owner == nil { registrations[change.author] = unit.name }
        }
        var candidate = document
        let outcome: ApplyOutcome
        do {
            outcome = try candidate.apply(new)
        } catch {
            return .refused(SyncRefusal(code: .invalidChange, message: error.description, change: error.change))
        }
        if let waiting = outcome.waiting.first {
            return .refused(
                SyncRefusal(
                    code: .missingDependency,
                    message:
                        "change \(waiting.shortDescription) depends on changes the server does not have; send them first",
                    change: waiting))
        }
        if let (change, message) = SyncService.stepNamingUnknownVersion(in: new, of: candidate) {
            return .refused(SyncRefusal(code: .invalidChange, message: message, change: change))
        }
        return .accepted(candidate, outcome.applied.compactMap { candidate.change($0) }, registrations)
    }

    /// The answer to a batch that `document` now holds: every change acknowledged, and what the
    /// client lacks in causal order up to the page size (at least one change).
    static func answer(_ entry: SyncRequest.Entry, from document: Document, pageBytes: Int) -> SyncResponse.Entry {
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
            report: entry.report, acknowledged: entry.changes.map(\.hash), changes: page,
            more: page.count < missing.count, refusal: nil, stored: document.versionVector)
    }

    /// A refusal of a whole entry that names no change.
    static func refused(_ report: ReportKey, _ code: SyncRefusal.Code, _ message: String) -> SyncResponse.Entry {
        SyncResponse.Entry(
            report: report, acknowledged: [], changes: [], more: false,
            refusal: SyncRefusal(code: code, message: message))
    }

    /// Runs `body` while no other request of this process works on `report`: commits of one
    /// report are serialised, those of different reports run side by side.
    func exclusively<T>(_ report: ReportKey, _ body: () async throws(ServerError) -> T) async throws(ServerError)
        -> T
    {
        if busy[report] == nil {
            busy[report] = []
        } else {
            await withCheckedContinuation { busy[report, default: []].append($0) }
        }
        defer { release(report) }
        return try await body()
    }

    /// Hands `report` to the next waiting request, or frees it.
    private func release(_ report: ReportKey) {
        guard var waiting = busy[report], !waiting.isEmpty else {
            busy[report] = nil
            return
        }
        let next = waiting.removeFirst()
        busy[report] = waiting
        next.resume()
    }

    /// The stored state of a report. The cache holds, per report, a document of a prefix of the
    /// stored log (the log is append-only); it is checked against the stored count on every
    /// call and brought up to date from the stored log, never trusted on its own.
    func document(for report: ReportKey) async throws(ServerError) -> Document {
        var document = documents[report] ?? Document(replica: replica)
        let stored = try await storage.changeCount(of: report)
        if document.changes.count == stored { return document }
        if document.changes.count > stored {
            // The database was replaced by an older one (a restored backup): start over from it.
            document = Document(replica: replica)
        }
        do {
            try document.apply(try await storage.changes(of: report, from: document.changes.count))
        } catch let error as DocumentError {
            throw .storage("stored changes of \(report) do not apply: \(error)")
        } catch {
            throw .storage("\(error)")
        }
        remember(document, of: report)
        return document
    }

    /// Caches `document` as the state of `report` unless the cache already holds a longer prefix
    /// of the stored log (an `await` may have let a newer one in).
    func remember(_ document: Document, of report: ReportKey) {
        if let cached = documents[report], cached.changes.count > document.changes.count { return }
        documents[report] = document
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
                    return SyncRefusal(
                        code: .invalidChange, message: "\(name): a workflow step must be text", change: change.hash)
                }
                let step: WorkflowStep
                do {
                    step = try WorkflowStep(registerText: text)
                } catch {
                    return SyncRefusal(code: .invalidChange, message: "\(name): \(error)", change: change.hash)
                }
                guard step.unit == unit.name else {
                    return SyncRefusal(
                        code: .forbidden,
                        message: "\(name): a step signed by \(step.unit) sent with the token of \(unit.name)",
                        change: change.hash)
                }
                let allowed = step.kind == .submit ? unit.name == report.unit : unit.isHQ && unit.name != report.unit
                guard allowed else {
                    let who = step.kind == .submit ? "only \(report.unit)" : "only an HQ above \(report.unit)"
                    return SyncRefusal(
                        code: .forbidden,
                        message: "\(name): \(unit.name) may not \(step.kind.rawValue) this report; \(who) may",
                        change: change.hash)
                }
            }
        }
        return nil
    }

    /// The change and a message if a workflow step in `changes` names a version that is not in
    /// `document`.
    static func stepNamingUnknownVersion(in changes: [Change], of document: Document) -> (ChangeHash, String)? {
        for change in changes {
            for case .setRegister(ReportDocument.workflowKey, .text(let text), _) in change.operations {
                guard let step = try? WorkflowStep(registerText: text) else { continue }
                if let unknown = step.heads.first(where: { !document.contains($0) }) {
                    return (
                        change.hash,
                        "change \(change.hash.shortDescription): the step names version \(unknown.shortDescription), which is not in the report"
                    )
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
