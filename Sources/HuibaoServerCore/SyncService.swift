import HuibaoHQ
import HuibaoModel
public import HuibaoReport

/// The server's sync logic, independent of HTTP: validates and stores changes, and answers
/// with what each client lacks. Who is asking is the ``UnitRegistry``'s business, HQ's views
/// ``HQService``'s.
///
/// The stored log is the only truth. Commits of one report are serialised within the process
/// (``exclusively(_:_:)``, per report), validated against the stored state, and stored with a
/// compare-and-swap on the report's change count, so a commit by another process in between is
/// noticed and the batch validated again. The documents it caches are copies checked against
/// the store before every use.
public actor SyncService {
    let storage: any ServerStorage
    /// The units and their tokens.
    public nonisolated let registry: UnitRegistry
    /// Per report, a document of a prefix of its stored log: a copy, checked against the stored
    /// count before each use (see ``document(for:storedCount:)``).
    var documents: [ReportKey: Document] = [:]

    /// How many reports this process holds in memory (for tests of what a request loads).
    package var cachedReportCount: Int { documents.count }
    /// Reports a request is validating and committing, with the requests waiting for each.
    var busy: [ReportKey: [CheckedContinuation<Void, Never>]] = [:]
    /// The server's own replica id (it never edits; documents need one).
    let replica = ReplicaID(0)

    /// Creates the service over `storage`.
    public init(storage: any ServerStorage) {
        self.storage = storage
        registry = UnitRegistry(storage: storage)
    }

    /// Answers one sync round for the unit owning `token` (see ``sync(_:as:)``).
    ///
    /// - Throws: ``ServerError/unauthorized`` for an unknown or revoked token.
    public func sync(_ request: SyncRequest, token: String) async throws(ServerError) -> SyncResponse {
        try await sync(request, as: try await registry.authenticate(token))
    }

    /// Answers one sync round for the unit named `name`, as when an administrator imports a
    /// unit's offline bundle: the same validation and access rules as over the network.
    public func sync(_ request: SyncRequest, unitNamed name: String) async throws(ServerError) -> SyncResponse {
        guard let unit = try await registry.unit(named: name), !unit.revoked else { throw .unknownUnit(name) }
        return try await sync(request, as: unit)
    }

    /// What the server would refuse of an offline bundle imported as the unit named `name`,
    /// validated against the stored state without storing anything: a bundle is taken whole or
    /// not at all. A bundle written by another unit is refused as a whole.
    public func refusals(of bundle: SyncBundle, unitNamed name: String) async throws(ServerError)
        -> [(ReportKey, SyncRefusal)]
    {
        guard let unit = try await registry.unit(named: name), !unit.revoked else { throw .unknownUnit(name) }
        guard bundle.unit == name else {
            throw .forbidden("the bundle was written by a workspace of \(bundle.unit), not of \(name)")
        }
        let readable = try await registry.readable(by: unit)
        var refusals: [(ReportKey, SyncRefusal)] = []
        for entry in bundle.request.entries {
            guard readable.contains(entry.report.unit) else {
                refusals.append(
                    (
                        entry.report,
                        SyncRefusal(
                            code: .forbidden,
                            message: Language.text(
                                "\(name)不能写\(entry.report.unit)的报告",
                                "\(name) may not write reports of \(entry.report.unit)"))
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

    /// Answers one sync round for `unit` (authenticated by the caller): the requested reports
    /// first, then every other report the unit may read (its own; for HQ, its subtree's), so
    /// that a new replica learns of reports it has never seen.
    ///
    /// The stored change counts of every readable report are read once, at the start: a change
    /// committed before the request (by any process) is in them, so the answer includes it.
    public func sync(_ request: SyncRequest, as unit: UnitRecord) async throws(ServerError) -> SyncResponse {
        let readable = try await registry.readable(by: unit)
        let counts = try await storage.reports(of: readable)
        // What the server holds of each report the client sends nothing for: a client that holds
        // all of it needs no answer but the vector, and the report is not loaded.
        let vectors = try await storage.vectors(
            of: Set(request.entries.filter { $0.changes.isEmpty && readable.contains($0.report.unit) }.map(\.report)))
        var entries: [SyncResponse.Entry] = []
        for entry in request.entries {
            if entry.changes.isEmpty, let stored = vectors[entry.report], entry.known.includes(stored) {
                entries.append(
                    SyncResponse.Entry(
                        report: entry.report, acknowledged: [], changes: [], more: false, refusal: nil, stored: stored))
                continue
            }
            entries.append(
                try await sync(
                    entry, for: unit, readable: readable, storedCount: counts[entry.report] ?? 0,
                    pageBytes: request.pageBytes))
        }
        let mentioned = Set(request.entries.map(\.report))
        let others = counts.keys.filter { !mentioned.contains($0) }.sorted {
            ($0.unit, $0.period, $0.kind) < ($1.unit, $1.period, $1.kind)
        }
        for report in others {
            let entry = SyncRequest.Entry(report: report, known: VersionVector(), changes: [EncodedChange]())
            entries.append(
                try await sync(
                    entry, for: unit, readable: readable, storedCount: counts[report] ?? 0,
                    pageBytes: request.pageBytes))
        }
        return SyncResponse(entries: entries)
    }

    /// One report's entry of a round. `storedCount` is the report's change count read at the
    /// start of the request; the first attempt trusts it, a retry after a lost race reads anew.
    func sync(
        _ entry: SyncRequest.Entry, for unit: UnitRecord, readable: Set<String>, storedCount: Int, pageBytes: Int
    ) async throws(ServerError) -> SyncResponse.Entry {
        let report = entry.report
        guard readable.contains(report.unit) else {
            return SyncService.refused(
                report, .forbidden, "unit \(unit.name) may not read or write reports of \(report.unit)")
        }
        if entry.changes.isEmpty {
            // Nothing to validate or commit (a no-op sync, a download): the stored state as read
            // for this request answers it, without waiting for the report's writers.
            let document = try await document(for: report, storedCount: storedCount)
            return SyncService.answer(entry, from: document, pageBytes: pageBytes)
        }
        return try await exclusively(report) { () async throws(ServerError) -> SyncResponse.Entry in
            // Another server process (or a bundle import) may commit between our read and our
            // commit: the commit then fails as `reportMoved`, and the batch is validated again
            // against the new stored state.
            for attempt in 0..<8 {
                let document = try await document(for: report, storedCount: attempt == 0 ? storedCount : nil)
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
                                fresh, to: report, at: document.changes.count, registering: registrations,
                                vector: candidate.versionVector)
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

    /// The answer to a batch that `document` now holds: every change acknowledged, and what the
    /// client lacks in causal order up to the page size (at least one change).
    static func answer(_ entry: SyncRequest.Entry, from document: Document, pageBytes: Int) -> SyncResponse.Entry {
        var known = entry.known
        // The entry's changes were decoded with the request (validated before this answer).
        for change in (try? entry.decodedChanges()) ?? [] {
            known[change.author] = max(known[change.author], change.seq)
        }
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
    ///
    /// `storedCount`, when given, is a count read from the storage during this request: a
    /// prefix at least that long is returned without asking again. A cache longer than it is
    /// checked against the storage (a restored older database resets it).
    func document(for report: ReportKey, storedCount: Int? = nil) async throws(ServerError) -> Document {
        var document = documents[report] ?? Document(replica: replica)
        let stored: Int
        if let storedCount, document.changes.count <= storedCount {
            stored = storedCount
        } else {
            stored = try await storage.changeCount(of: report)
        }
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
}
