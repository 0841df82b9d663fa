public import HuibaoModel
import HuibaoReport
import HuibaoSQLite

extension Workspace {
    /// Stores changes received from the server for a report this workspace holds, on the append
    /// path: without loading the report, in one transaction, marked acknowledged (they came from
    /// the server). The next read of the report applies them to its checkpoint and writes a new
    /// one. Changes already logged are skipped.
    ///
    /// Each change is checked against the log first: its dependencies are logged or come earlier
    /// in the batch, and it is its author's next change. When a change fails a check (the server
    /// sent something out of order) nothing is stored and `nil` is returned: the caller applies
    /// the batch to the loaded report instead, where such changes wait or are refused as before.
    ///
    /// - Returns: the number of changes appended, or `nil` (nothing stored).
    public func appendReceived(_ changes: [Change], to id: String, wallTime: Int64 = Workspace.now())
        throws(StoreError) -> Int?
    {
        try connection.transaction { () throws(StoreError) -> Int? in
            guard let stored = try summary(id)?.changeCount else { return nil }
            var vector = try versionVector(of: id)
            let logged = try connection.prepare("SELECT 1 FROM changes WHERE report = ? AND hash = ?")
            func isLogged(_ hash: ChangeHash) throws(StoreError) -> Bool {
                try logged.bind([.text(id), .blob(hash.bytes)])
                return try logged.step()
            }
            var fresh: [Change] = []
            var batch = Set<ChangeHash>()
            for change in changes {
                if batch.contains(change.hash) { continue }
                if change.seq <= vector[change.author] {
                    // Known already (a re-delivered answer), or a second change with the same
                    // place in its author's history: the document decides.
                    guard try isLogged(change.hash) else { return nil }
                    continue
                }
                guard change.seq == vector[change.author] + 1 else { return nil }
                for dependency in change.dependencies where !batch.contains(dependency) {
                    guard try isLogged(dependency) else { return nil }
                }
                vector[change.author] = change.seq
                batch.insert(change.hash)
                fresh.append(change)
            }
            guard !fresh.isEmpty else { return 0 }
            let insert = try connection.prepare(
                "INSERT INTO changes(report, position, hash, bytes, acked) VALUES (?, ?, ?, ?, 1)")
            for (offset, change) in fresh.enumerated() {
                try insert.bind([
                    .text(id), .integer(Int64(stored + offset)), .blob(change.hash.bytes), .blob(change.encoded),
                ]).run()
            }
            try connection.prepare("UPDATE reports SET change_count = ?, updated = ?, vector = ? WHERE id = ?")
                .bind([.integer(Int64(stored + fresh.count)), .integer(wallTime), .blob(vector.encoded), .text(id)])
                .run()
            return fresh.count
        }
    }
}
