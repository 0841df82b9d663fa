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
        var positions: [Int64] = []
        positions.reserveCapacity(changeCount)
        // When the report holds most of the workspace's changes, the table is read in storage
        // order (`+report`: not through the index, whose order costs a seek per row), usually
        // the log's order already; sorted by position if not. When other reports hold most of
        // them (a workspace of many reports), through the index: a scan would read them all.
        let rows = try { () throws(StoreError) -> Int64 in
            let last = try connection.prepare("SELECT max(rowid) FROM changes")
            return try last.step() ? last.int(0) : 0
        }()
        let select = try connection.prepare(
            Int64(changeCount) * 2 >= rows
                ? "SELECT position, hash, bytes FROM changes WHERE +report = ?"
                : "SELECT position, hash, bytes FROM changes WHERE report = ? ORDER BY position")
        try select.bind([.text(id)])
        while try select.step() {
            do {
                guard let hash = select.withBlob(1, { ChangeHash(bytes: $0) }) else {
                    throw BinaryDecodingError.invalidValue(field: "hash", offset: 0, reason: "not 32 bytes")
                }
                changes.append((hash, try ChangeSummary(decoding: select.blob(2))))
                positions.append(select.int(0))
            } catch {
                throw .corrupt(
                    Language.text(
                        "报告 \(id)：日志中位置\(select.int(0))的修改无法读取：\(error)",
                        "report \(id): the logged change at position \(select.int(0)) does not decode: \(error)"))
            }
        }
        if !positions.indices.allSatisfy({ positions[$0] == Int64($0) }) {
            let order = positions.indices.sorted { positions[$0] < positions[$1] }
            changes = order.map { changes[$0] }
            positions = order.map { positions[$0] }
        }
        guard changes.count == changeCount, snapshotCount <= changeCount,
            positions.indices.allSatisfy({ positions[$0] == Int64($0) })
        else {
            throw .corrupt(
                Language.text(
                    "报告 \(id)：日志有\(changes.count)次修改，应有\(changeCount)次",
                    "report \(id): the log holds \(changes.count) change(s), not positions 0 to \(changeCount - 1)"))
        }
        Workspace.sortCanonically(&changes[..<snapshotCount])
        return ReportHistory(changes: changes, labels: labels)
    }

    /// Each line of a report with the newest change among its characters and values
    /// (``ReportDocument/blame()``), without decoding its history: the report is loaded from its
    /// checkpoint with the history left encoded, and the hashes of the few changes blame needs
    /// are read from the change log.
    ///
    /// - Returns: the lines, and the report (which names the people behind the replicas).
    /// - Throws: ``StoreError/reportNotFound(_:)``, or ``StoreError/corrupt(_:)`` naming the
    ///   report when its checkpoint or log is damaged.
    public func blame(of id: String) throws(StoreError) -> (lines: [BlameLine], report: ReportDocument) {
        try mapForReading()
        let report = try load(id)
        let document = report.document
        let byHash = try connection.prepare("SELECT bytes FROM changes WHERE report = ? AND hash = ?")
        let lines = try report.blame(
            index: { hash throws(StoreError) -> Int? in
                try byHash.bind([.text(id), .blob(hash.bytes)])
                guard try byHash.step() else { return nil }
                let summary = try Workspace.summarised(byHash.blob(0), report: id)
                guard
                    let index = document.changeIndex(
                        making: OpID(replica: summary.info.author, counter: summary.info.startCounter)),
                    document.changeInfo(at: index).seq == summary.info.seq
                else { return nil }
                return index
            },
            hashes: { indices throws(StoreError) -> [Int: ChangeHash] in
                let prefixes = indices.map { index in
                    let info = document.changeInfo(at: index)
                    return (index, Change.encodingPrefix(author: info.author, seq: info.seq))
                }
                let found = try hashes(of: id, prefixes: prefixes)
                var hashes: [Int: ChangeHash] = [:]
                for (index, prefix) in prefixes {
                    guard let hash = found[prefix] else {
                        let info = document.changeInfo(at: index)
                        throw .corrupt(
                            Language.text(
                                "报告 \(id)：日志中没有副本 \(info.author) 的第\(info.seq)次修改",
                                "report \(id): the log lacks change \(info.seq) of replica \(info.author)"))
                    }
                    hashes[index] = hash
                }
                return hashes
            })
        return (lines, report)
    }

    /// Reads the hashes of the changes of `report` (report `id`, loaded from here) at some
    /// indexes of its history from the change log, so that nothing decodes the history for them;
    /// a change the log lacks is left out (the caller decodes the history for it).
    func loggedHashes(of id: String, in report: ReportDocument) -> ([Int]) -> [Int: ChangeHash] {
        { indexes in
            let document = report.document
            let prefixes = indexes.map { index in
                let info = document.changeInfo(at: index)
                return (index, Change.encodingPrefix(author: info.author, seq: info.seq))
            }
            guard let found = try? self.hashes(of: id, prefixes: prefixes) else { return [:] }
            var hashes: [Int: ChangeHash] = [:]
            for (index, prefix) in prefixes { hashes[index] = found[prefix] }
            return hashes
        }
    }

    /// The hashes of a report's logged changes whose encodings start with the given prefixes
    /// (``Change/encodingPrefix(author:seq:)``), by prefix, each with its index in the loaded
    /// history.
    ///
    /// A change is looked for first at the log position equal to its index: the loaded history
    /// is in log order but for concurrent changes in its checkpoint (a single line of history
    /// is in log order throughout). The others are found in one pass over the log in SQLite,
    /// per few thousand prefixes, that hands back only the rows wanted.
    func hashes(of id: String, prefixes wanted: [(index: Int, prefix: [UInt8])]) throws(StoreError)
        -> [[UInt8]: ChangeHash]
    {
        var found: [[UInt8]: ChangeHash] = [:]
        let atPosition = try connection.prepare(
            "SELECT hash, substr(bytes, 1, ?) FROM changes WHERE report = ? AND position = ?")
        for (index, prefix) in wanted {
            try atPosition.bind([.integer(Int64(prefix.count)), .text(id), .integer(Int64(index))])
            if try atPosition.step(), atPosition.blob(1) == prefix, let hash = ChangeHash(bytes: atPosition.blob(0)) {
                found[prefix] = hash
            }
        }
        let prefixes = Set(wanted.map(\.prefix)).subtracting(found.keys)
        let all = Array(prefixes)
        for start in stride(from: 0, to: all.count, by: 4000) {
            let chunk = all[start..<min(start + 4000, all.count)]
            let byLength = Array(Dictionary(grouping: chunk, by: \.count))
            let condition = byLength.map { length, group in
                "substr(bytes, 1, \(length)) IN (\(Array(repeating: "?", count: group.count).joined(separator: ", ")))"
            }.joined(separator: " OR ")
            let select = try connection.prepare(
                "SELECT hash, substr(bytes, 1, 19) FROM changes WHERE report = ? AND (\(condition))")
            try select.bind([.text(id)] + byLength.flatMap { $0.value.map { .blob($0) } })
            while try select.step() {
                let head = select.blob(1)
                guard let hash = ChangeHash(bytes: select.blob(0)),
                    let prefix = byLength.lazy.map({ Array(head.prefix($0.key)) }).first(where: prefixes.contains)
                else { throw .corrupt(Language.text("报告 \(id)：日志中有损坏的修改", "report \(id): a logged change is damaged")) }
                found[prefix] = hash
            }
        }
        return found
    }

    /// The summary of a logged change of report `id`.
    ///
    /// - Throws: ``StoreError/corrupt(_:)`` naming the report if the bytes do not decode.
    static func summarised(_ bytes: [UInt8], report id: String) throws(StoreError) -> ChangeSummary {
        do {
            return try ChangeSummary(decoding: bytes)
        } catch {
            throw .corrupt(
                Language.text(
                    "报告 \(id)：日志中的一次修改无法读取：\(error)", "report \(id): a logged change does not decode: \(error)"))
        }
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
            (change.summary.info.lamport, change.summary.info.author, change.summary.info.seq)
        }
        // Read in place: copying each element would retain its summary's arrays.
        let sorted = changes.withUnsafeBufferPointer { buffer in
            buffer.indices.dropFirst().allSatisfy { key(buffer[$0 - 1]) < key(buffer[$0]) }
        }
        if !sorted { changes.sort { key($0) < key($1) } }
    }
}
