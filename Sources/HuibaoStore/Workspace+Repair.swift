public import HuibaoModel
import HuibaoReport
import HuibaoSQLite

extension Workspace {
    /// The replica ids whose changes are this workspace's own: the current one and former ones.
    public var ownReplicas: Set<ReplicaID> { formerReplicas.union([replica]) }

    /// Whether a report with this id exists (one indexed row; ``resolve(_:)`` reads every report).
    public func contains(report id: String) throws(StoreError) -> Bool {
        let select = try connection.prepare("SELECT 1 FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        return try select.step()
    }

    /// Gives the workspace a new random replica id for its edits from now on; the old one is
    /// kept among ``formerReplicas``. Used when the id turns out to be shared with a copy.
    public func switchReplica() throws(StoreError) {
        let old = replica
        let new = ReplicaID.random()
        let former = formerReplicas.union([old])
        try connection.transaction { () throws(StoreError) in
            let upsert = try connection.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
            try upsert.bind([.text("replica"), .text(new.description)]).run()
            try upsert.bind([
                .text("former_replicas"), .text(former.map(\.description).sorted().joined(separator: " ")),
            ])
            .run()
        }
        replica = new
        formerReplicas = former
    }

    /// Sets a refused change aside: it is not sent again until it is dropped.
    public func quarantine(_ refused: RefusedChange) throws(StoreError) {
        try connection.prepare(
            "INSERT OR REPLACE INTO refused(report, hash, code, message, refused_at) VALUES (?, ?, ?, ?, ?)"
        ).bind([
            .text(refused.report), .blob(refused.hash.bytes), .text(refused.code), .text(refused.message),
            .integer(refused.refusedAt),
        ]).run()
    }

    /// Takes changes out of quarantine without dropping them (the next sync sends them again),
    /// for when what made the server refuse them was fixed there.
    public func release(_ refused: [RefusedChange]) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            let delete = try connection.prepare("DELETE FROM refused WHERE report = ? AND hash = ?")
            for item in refused { try delete.bind([.text(item.report), .blob(item.hash.bytes)]).run() }
        }
    }

    /// The changes in quarantine, by report then time.
    public func refusedChanges() throws(StoreError) -> [RefusedChange] {
        let select = try connection.prepare(
            "SELECT report, hash, code, message, refused_at FROM refused ORDER BY report, refused_at")
        var out: [RefusedChange] = []
        while try select.step() {
            guard let hash = ChangeHash(bytes: select.blob(1)) else {
                throw .corrupt(Language.text("被拒收修改的哈希值", "a refused change's hash"))
            }
            out.append(
                RefusedChange(
                    report: select.text(0), hash: hash, code: select.text(2), message: select.text(3),
                    refusedAt: select.int(4)))
        }
        return out
    }

    /// The unacknowledged changes of a report that may be sent, in log order, up to `budget`
    /// bytes (at least one change): those in quarantine and every change built on one of them
    /// wait. Also whether sendable changes were left out for the budget.
    public func sendable(of id: String, budget: Int = .max) throws(StoreError) -> (
        changes: [EncodedChange], leftOver: Bool
    ) {
        let quarantined = Set(try refusedChanges().filter { $0.report == id }.map(\.hash))
        let select = try connection.prepare(
            "SELECT bytes, hash FROM changes WHERE report = ? AND acked = 0 ORDER BY position")
        try select.bind([.text(id)])
        var blocked = quarantined
        var out: [EncodedChange] = []
        var bytes = 0
        while try select.step() {
            // As stored: verified when it was stored, sent without decoding (the server decodes).
            guard let hash = ChangeHash(bytes: select.blob(1)) else {
                throw .corrupt(Language.text("报告 \(id)：修改的哈希值有误", "report \(id): a change hash is malformed"))
            }
            let change = EncodedChange(stored: select.blob(0), hash: hash)
            if !blocked.isEmpty {
                // Only with changes in quarantine: what builds on them waits too.
                let dependencies: [ChangeHash]
                do {
                    dependencies = try change.decoded().dependencies
                } catch {
                    throw .corrupt("report \(id): \(error)")
                }
                if blocked.contains(hash) || dependencies.contains(where: blocked.contains) {
                    blocked.insert(hash)
                    continue
                }
            }
            if !out.isEmpty && bytes + change.bytes.count > budget { return (out, true) }
            out.append(change)
            bytes += change.bytes.count
        }
        return (out, false)
    }

    /// How many changes of a report the server has not acknowledged yet.
    public func unacknowledgedCount(of id: String) throws(StoreError) -> Int {
        let count = try connection.prepare("SELECT COUNT(*) FROM changes WHERE report = ? AND acked = 0")
        try count.bind([.text(id)])
        _ = try count.step()
        return Int(count.int(0))
    }

    /// For each of `replicas`, the sequence number of its first unacknowledged change of the
    /// report (absent if it has none). Reads the unacknowledged changes in log order only until
    /// each replica is found.
    public func firstUnacknowledgedSeq(of id: String, among replicas: Set<ReplicaID>) throws(StoreError)
        -> [ReplicaID: UInt64]
    {
        let select = try connection.prepare(
            "SELECT bytes FROM changes WHERE report = ? AND acked = 0 ORDER BY position")
        try select.bind([.text(id)])
        var found: [ReplicaID: UInt64] = [:]
        while found.count < replicas.count, try select.step() {
            do {
                let change = try Change(decoding: select.blob(0))
                if replicas.contains(change.author), found[change.author] == nil { found[change.author] = change.seq }
            } catch {
                throw .corrupt("report \(id): \(error)")
            }
        }
        return found
    }

    /// Rebuilds a report's log: the changes the server acknowledged (and what they build on)
    /// stay as they are; the others are replayed on them, the changes of `authors` and everything
    /// built on a moved or dropped change re-keyed under the current replica id, `dropping` left
    /// out (see ``ReportDocument/replay(_:rekeying:dropping:)``). One transaction: a failure
    /// changes nothing. Dropped changes leave the quarantine.
    @discardableResult
    public func rebuild(_ id: String, rekeying authors: Set<ReplicaID>, dropping: Set<ChangeHash> = [])
        throws(StoreError) -> ReplayOutcome
    {
        guard let summary = try summary(id) else { throw .reportNotFound(id) }
        let select = try connection.prepare("SELECT bytes, acked FROM changes WHERE report = ? ORDER BY position")
        try select.bind([.text(id)])
        var log: [(change: Change, acked: Bool)] = []
        while try select.step() {
            do {
                log.append((try Change(decoding: select.blob(0)), select.int(1) != 0))
            } catch {
                throw .corrupt("report \(id), change #\(log.count): \(error)")
            }
        }
        // The acknowledged changes and their ancestry: what the server holds.
        let byHash = Dictionary(log.map { ($0.change.hash, $0.change) }, uniquingKeysWith: { first, _ in first })
        var base = Set<ChangeHash>()
        var stack = log.filter(\.acked).map(\.change.hash)
        while let hash = stack.popLast() {
            guard base.insert(hash).inserted, let change = byHash[hash] else { continue }
            stack.append(contentsOf: change.dependencies)
        }
        var report = ReportDocument(document: Document(replica: replica))
        let outcome: ReplayOutcome
        do {
            try report.apply(log.map(\.change).filter { base.contains($0.hash) })
            outcome = try report.replay(
                log.map(\.change).filter { !base.contains($0.hash) }, rekeying: authors, dropping: dropping)
        } catch {
            throw .corrupt(
                Language.text("报告 \(summary.name) 无法重建：\(error)", "report \(summary.name) cannot be rebuilt: \(error)"))
        }
        let document = report.document
        try connection.transaction { () throws(StoreError) in
            try connection.prepare("DELETE FROM changes WHERE report = ?").bind([.text(id)]).run()
            let insert = try connection.prepare(
                "INSERT INTO changes(report, position, hash, bytes, acked) VALUES (?, ?, ?, ?, ?)")
            for (position, change) in document.changes.enumerated() {
                try insert.bind([
                    .text(id), .integer(Int64(position)), .blob(change.hash.bytes), .blob(change.encoded),
                    .integer(base.contains(change.hash) ? 1 : 0),
                ]).run()
            }
            try connection.prepare(
                "UPDATE reports SET document = ?, rendered = ?, change_count = ?, snapshot_count = ?, view_count = -1, tip = NULL, vector = ? WHERE id = ?"
            ).bind([
                .blob(document.encoded()), .text(report.snapshot().text), .integer(Int64(document.changes.count)),
                .integer(Int64(document.changes.count)), .blob(document.versionVector.encoded), .text(id),
            ]).run()
            let release = try connection.prepare("DELETE FROM refused WHERE report = ? AND hash = ?")
            for hash in outcome.dropped { try release.bind([.text(id), .blob(hash.bytes)]).run() }
        }
        return outcome
    }
}
