import Foundation
import HuibaoModel
public import HuibaoReport
public import HuibaoStore

/// One `huibao sync`: rounds of POST /v1/sync until the server has everything this workspace
/// has and the workspace has everything the server lets it read.
///
/// Each round sends every report's version vector and up to ``uploadBytes`` of unacknowledged
/// changes; the answer's changes are applied and stored, and the acknowledged changes marked,
/// before the next round, so an interrupted sync resumes where it stopped and redoes nothing the
/// server acknowledged. Transient failures (no connection, a cut answer, 502/503/504) are retried
/// with backoff; a refusal is handled per report:
/// - a change refused for good is put in quarantine (``Workspace/quarantine(_:)``) with what
///   builds on it, and the other reports go on;
/// - a replica id the server knows from another workspace (a copied workspace, a restored
///   backup) is replaced: the unsynced changes are re-keyed under a new id and sent again;
/// - changes the server lost (it was restored from an older backup) are sent again.
public struct SyncSession {
    /// The workspace to sync.
    public var workspace: Workspace
    /// Retries of a failed round before giving up.
    public var retries = 4
    /// The first retry delay in seconds (doubling each time).
    public var backoff = 0.5
    /// The most bytes of changes sent in one round, and asked for in one answer (at least one
    /// change either way; at most 4 MiB is asked for).
    public var uploadBytes = 4 << 20
    /// Called with a line of news for a person (retries, re-keying, re-sending).
    public var progress: (String) -> Void = { _ in }
    /// Called after each round with what it moved.
    public var roundFinished: (Round) -> Void = { _ in }

    /// What one round moved, for progress output.
    public struct Round: Hashable, Sendable {
        /// The round's number, from 1.
        public var number: Int
        /// Changes the server acknowledged in this round.
        public var acknowledged: Int
        /// Changes received in this round.
        public var received: Int
        /// Bytes of the request and of the answer.
        public var bytesSent: Int
        public var bytesReceived: Int
        /// Seconds since the sync started.
        public var elapsed: Double
        /// Whether another round follows.
        public var more: Bool
    }

    /// Creates a session.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// What a sync did.
    public struct Summary: Hashable, Sendable {
        /// Changes sent and acknowledged.
        public var sent = 0
        /// Changes received.
        public var received = 0
        /// Rounds.
        public var rounds = 0
        /// Round trips retried after a transient failure.
        public var retried = 0
        /// Changes sent again because the server had lost them.
        public var resent = 0
        /// Changes re-keyed under a new replica id.
        public var rekeyed = 0
        /// Per report name, the refusals that stopped some of its changes.
        public var refusals: [String: SyncRefusal] = [:]
    }

    /// Runs the sync.
    ///
    /// - Throws: ``SyncError/incomplete(_:)`` after the last round if a report's changes were
    ///   refused (in quarantine, or waiting for changes the server lacks); everything else was
    ///   synced.
    public func run() throws(SyncError) -> Summary {
        guard let server = workspace.server else { throw .notLoggedIn }
        guard let token = workspace.token else { throw .noToken(server: server) }
        return try run(over: HTTPSyncTransport(server: server, token: token, caFile: workspace.caFile))
    }

    /// Runs the sync over `transport` (the server of the workspace's login is not used).
    ///
    /// - Throws: as ``run()``.
    public func run(over transport: some SyncTransport) throws(SyncError) -> Summary {
        var summary = Summary()
        let started = DispatchTime.now().uptimeNanoseconds
        for round in 1...10_000 {
            let (request, leftOver) = try makeRequest(budget: uploadBytes)
            let body = request.encoded
            let (response, answerBytes) = try exchange(body, over: transport, summary: &summary)
            summary.rounds = round
            var again = leftOver
            let (sentBefore, receivedBefore) = (summary.sent, summary.received)
            for entry in response.entries {
                again = try absorb(entry, sent: request, summary: &summary) || again
            }
            roundFinished(
                Round(
                    number: round, acknowledged: summary.sent - sentBefore, received: summary.received - receivedBefore,
                    bytesSent: body.count, bytesReceived: answerBytes,
                    elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, more: again))
            if !again { break }
        }
        try requireNoQuarantine(&summary)
        return summary
    }

    /// Adds the changes still in quarantine to the summary's refusals and throws if there are
    /// any: a sync that left work behind says so, every time, until it is dropped.
    func requireNoQuarantine(_ summary: inout Summary) throws(SyncError) {
        do {
            for refused in try workspace.refusedChanges() {
                let name = (try? workspace.resolve(refused.report)).map { "\($0.unit) \($0.name)" } ?? refused.report
                if summary.refusals[name] == nil {
                    let code = SyncRefusal.Code(rawValue: refused.code) ?? .invalidChange
                    summary.refusals[name] = SyncRefusal(code: code, message: refused.message, change: refused.hash)
                }
            }
        } catch {
            throw .store(error.description)
        }
        if !summary.refusals.isEmpty { throw .incomplete(summary.refusals) }
    }

    /// Writes what a sync would send to a file, for a unit on an isolated network: the server's
    /// administrator imports it (`huibao-server bundle import`) and returns an answer file.
    public func exportBundle() throws(SyncError) -> [UInt8] {
        SyncBundle(unit: workspace.unit, replica: workspace.replica, request: try makeRequest(budget: .max).request)
            .encoded
    }

    /// Applies the server's answer to an exported bundle: received changes are stored and the
    /// acknowledged ones marked, exactly as after a network sync.
    public func importAnswer(_ bytes: [UInt8]) throws(SyncError) -> Summary {
        let response: SyncResponse
        do {
            response = try SyncResponse(decoding: bytes)
        } catch {
            throw .badResponse(error.description)
        }
        var summary = Summary()
        for entry in response.entries {
            _ = try absorb(entry, sent: nil, summary: &summary)
        }
        try requireNoQuarantine(&summary)
        return summary
    }

    /// Every local report with what it holds, and up to `budget` bytes of the changes the server
    /// has not acknowledged (none of those in quarantine); whether changes were left for a later
    /// round.
    func makeRequest(budget: Int) throws(SyncError) -> (request: SyncRequest, leftOver: Bool) {
        do {
            var entries: [SyncRequest.Entry] = []
            var bytes = 0
            var leftOver = false
            for key in try workspace.reportKeys() {
                // What the workspace holds and its unsent changes, as stored: nothing decoded.
                let known = try workspace.storedVector(of: key) ?? VersionVector()
                let (changes, more) = try workspace.unacknowledgedBytes(of: key, budget: max(1, budget - bytes))
                bytes += changes.reduce(0) { $0 + $1.bytes.count }
                leftOver = leftOver || more
                entries.append(SyncRequest.Entry(report: key, known: known, changes: changes))
            }
            return (SyncRequest(entries: entries, pageBytes: min(budget, 4 << 20)), leftOver)
        } catch {
            throw .store(error.description)
        }
    }

    /// Applies and stores one report's answer, marks the acknowledged changes, and handles a
    /// refusal. Returns whether another round is needed for this report.
    func absorb(_ entry: SyncResponse.Entry, sent request: SyncRequest?, summary: inout Summary) throws(SyncError)
        -> Bool
    {
        let id = Workspace.id(of: entry.report)
        let name = "\(entry.report)"
        do {
            if !entry.changes.isEmpty {
                // A report held here takes the changes on the append path (no load, one
                // transaction, acknowledged); a new one, or a batch out of order, is applied to
                // the loaded document.
                if try workspace.appendReceived(entry.changes, to: id) == nil {
                    var report =
                        try workspace.contains(report: id)
                        ? try workspace.load(id) : ReportDocument(document: Document(replica: workspace.replica))
                    try report.apply(entry.changes)
                    try workspace.save(report)
                    // What came from the server is on the server: never send it back.
                    try workspace.acknowledge(entry.changes.map(\.hash), of: id)
                }
                summary.received += entry.changes.count
            }
            guard try workspace.contains(report: id) else { return entry.more }
            if !entry.acknowledged.isEmpty {
                try workspace.acknowledge(entry.acknowledged, of: id)
                summary.sent += entry.acknowledged.count
            }
            var again = entry.more
            if let refusal = entry.refusal {
                again = try handle(refusal, of: id, name: name, sent: request, summary: &summary) || again
            } else {
                summary.refusals[name] = nil
            }
            let known = request?.entries.first { $0.report == entry.report }?.known
            again = try resendLost(of: id, known: known, stored: entry.stored, summary: &summary) || again
            return again
        } catch let error as StoreError {
            throw .store(error.description)
        } catch let error as SyncError {
            throw error
        } catch {
            throw .store("\(error)")
        }
    }

    /// What to do about a refused report: re-key a reused replica id (then sync again), put a
    /// change refused for good in quarantine, or wait for dependencies the server lacks.
    func handle(_ refusal: SyncRefusal, of id: String, name: String, sent request: SyncRequest?, summary: inout Summary)
        throws(StoreError) -> Bool
    {
        let sentChanges = request?.entries.first { "\($0.report)" == name }?.changes ?? []
        switch refusal.code {
        case .replicaReused:
            guard let hash = refusal.change,
                let author = try? sentChanges.first(where: { $0.hash == hash })?.decoded().author
            else {
                summary.refusals[name] = refusal
                return false
            }
            let old = workspace.replica
            if author == old { try workspace.switchReplica() }
            let outcome = try workspace.rebuild(id, rekeying: [author])
            summary.rekeyed += outcome.rewritten.count
            progress(
                Language.text(
                    "本工作区的副本编号 \(author) 也被它的另一份拷贝（复制的工作区或恢复的备份）使用：\(name) 的"
                        + "\(outcome.rewritten.count)次未同步修改已改用新副本编号 \(workspace.replica) 并重新发送，没有丢失任何内容",
                    "replica id \(author) of this workspace is also used by another copy of it (a copied workspace "
                        + "or a restored backup): \(outcome.rewritten.count) unsynced change(s) of \(name) were re-keyed "
                        + "under the new replica id \(workspace.replica) and are sent again; nothing is lost"))
            return true
        case .forbidden, .forgedAuthor, .invalidChange:
            summary.refusals[name] = refusal
            // A refusal naming no change is about the token's unit and the report (a token of
            // another unit): nothing to quarantine, the changes wait for the right token.
            guard let hash = refusal.change, sentChanges.contains(where: { $0.hash == hash }) else { return false }
            try workspace.quarantine(
                RefusedChange(
                    report: id, hash: hash, code: refusal.code.rawValue, message: refusal.message,
                    refusedAt: Workspace.now()))
            // The batch was refused whole: the report's changes that do not build on the refused
            // one go again in the next round.
            return !(try workspace.sendable(of: id, budget: 1).changes.isEmpty)
        case .missingDependency:
            summary.refusals[name] = refusal
            return false
        }
    }

    /// Marks for sending again this workspace's changes the server no longer holds (its data was
    /// restored from an older backup): those of its own replicas beyond the server's vector.
    /// `known` is what the round's request said this workspace holds: when the server's vector
    /// covers it for this workspace's replicas, nothing was lost and the report is not loaded.
    func resendLost(of id: String, known: VersionVector?, stored: VersionVector, summary: inout Summary)
        throws(StoreError) -> Bool
    {
        let own = workspace.ownReplicas
        if let known {
            // The server lacks changes of ours that we hold; lost ones, unless they are still
            // waiting to be sent (an upload in several rounds).
            let behind = own.filter { known[$0] > stored[$0] }
            if behind.isEmpty { return false }
            let pending = try workspace.firstUnacknowledgedSeq(of: id, among: behind)
            guard behind.contains(where: { replica in pending[replica].map { stored[replica] + 1 < $0 } ?? true })
            else {
                return false
            }
        }
        let document = try workspace.load(id).document
        let pending = Set(try workspace.unacknowledged(of: id).map(\.hash))
        let lost = document.changes.filter {
            own.contains($0.author) && $0.seq > stored[$0.author] && !pending.contains($0.hash)
        }
        guard !lost.isEmpty else { return false }
        try workspace.acknowledge(lost.map(\.hash), of: id, acknowledged: false)
        summary.resent += lost.count
        progress(
            Language.text(
                "服务器缺少它已确认过的本工作区\(lost.count)次修改（是否从备份恢复过？）；正在重新发送",
                "the server lacks \(lost.count) change(s) of this workspace it had acknowledged (restored from a backup?); sending them again"
            ))
        return true
    }

    /// One round trip, retried with backoff after a transient failure: no connection, a reset or
    /// cut answer, an answer that does not decode, or HTTP 502, 503 or 504. Other HTTP errors
    /// (4xx, 500) are not retried.
    func exchange(
        _ body: [UInt8], over transport: some SyncTransport, summary: inout Summary
    ) throws(SyncError) -> (SyncResponse, Int) {
        var delay = backoff
        var attempt = 0
        while true {
            do throws(SyncError) {
                let answer = try transport.exchange(body)
                do {
                    return (try SyncResponse(decoding: answer), answer.count)
                } catch {
                    throw SyncError.badResponse(error.description)
                }
            } catch {
                guard error.isTransient, attempt < retries else { throw error }
                attempt += 1
                summary.retried += 1
                progress(
                    Language.text(
                        "\(error)；\(delay)秒后第\(attempt)次重试（共\(retries)次）",
                        "\(error); retry \(attempt) of \(retries) in \(delay) s"))
                Thread.sleep(forTimeInterval: delay * Double.random(in: 0.75...1.25))
                delay *= 2
            }
        }
    }
}
