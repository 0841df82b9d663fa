public import HuibaoModel
public import HuibaoReport
import HuibaoSQLite

extension Workspace {
    /// A report's history as `huibao log` lists it (``ReportHistory``), read from the change log
    /// without loading the report: each logged change is summarised from its bytes, with the
    /// hash stored beside them, and the metric labels come from the stored view.
    ///
    /// The order is the one ``load(_:decodingHistory:)`` gives the report's history: the changes
    /// its checkpoint holds in the checkpoint's canonical order (Lamport time, author, seq), then
    /// the changes logged after it. Both are causal orders.
    ///
    /// - Throws: ``StoreError/reportNotFound(_:)``, or ``StoreError/corrupt(_:)`` naming the
    ///   report and the logged change that does not decode.
    public func history(of id: String) throws(StoreError) -> ReportHistory {
        try mapForReading()
        let (changeCount, snapshotCount) = try { () throws(StoreError) -> (Int, Int) in
            let counts = try connection.prepare("SELECT change_count, snapshot_count FROM reports WHERE id = ?")
            try counts.bind([.text(id)])
            guard try counts.step() else { throw .reportNotFound(id) }
            return (Int(counts.int(0)), Int(counts.int(1)))
        }()
        // The checkpoint as loading finds it now: reading a stale view may write a new one.
        let labels = Dictionary(
            try view(of: id).metrics.compactMap { metric in metric.id.map { ($0, metric.label) } },
            uniquingKeysWith: { _, last in last })
        var changes: [(hash: ChangeHash, summary: ChangeSummary)] = []
        changes.reserveCapacity(changeCount)
        let select = try connection.prepare("SELECT hash, bytes FROM changes WHERE report = ? ORDER BY position")
        try select.bind([.text(id)])
        while try select.step() {
            do {
                guard let hash = select.withBlob(0, { ChangeHash(bytes: $0) }) else {
                    throw BinaryDecodingError.invalidValue(field: "hash", offset: 0, reason: "not 32 bytes")
                }
                changes.append((hash, try ChangeSummary(decoding: select.blob(1))))
            } catch {
                throw .corrupt(
                    Language.text(
                        "报告 \(id)：日志中的第\(changes.count + 1)次修改无法读取：\(error)",
                        "report \(id): logged change #\(changes.count + 1) does not decode: \(error)"))
            }
        }
        guard changes.count == changeCount, snapshotCount <= changeCount else {
            throw .corrupt(
                Language.text(
                    "报告 \(id)：日志有\(changes.count)次修改，应有\(changeCount)次",
                    "report \(id): the log holds \(changes.count) change(s), not \(changeCount)"))
        }
        Workspace.sortCanonically(&changes[..<snapshotCount])
        return ReportHistory(changes: changes, labels: labels)
    }

    /// Lets SQLite read the database through a memory map for the rest of this connection: a
    /// command that reads a whole change log then reads its pages in place instead of copying
    /// each one out of the kernel's cache.
    func mapForReading() throws(StoreError) {
        try connection.execute("PRAGMA mmap_size = 1073741824")
    }

    /// Puts the changes a checkpoint holds in the order it writes them (Lamport time, author,
    /// seq): the order a loaded report's history has. A single line of history is in that
    /// order already.
    static func sortCanonically(_ changes: inout ArraySlice<(hash: ChangeHash, summary: ChangeSummary)>) {
        func key(_ change: (hash: ChangeHash, summary: ChangeSummary)) -> (UInt64, ReplicaID, UInt64) {
            (change.summary.lamport, change.summary.author, change.summary.seq)
        }
        let sorted = zip(changes, changes.dropFirst()).allSatisfy { key($0) < key($1) }
        if !sorted { changes.sort { key($0) < key($1) } }
    }
}
