/// How ``Document/replay(_:rekeying:dropping:registers:)`` rewrote a set of changes.
public struct ReplayOutcome: Hashable, Sendable {
    /// Each rewritten change's old hash and new hash, in replay order.
    public var rewritten: [(old: ChangeHash, new: ChangeHash)] = []
    /// Changes applied unchanged (their authors are not re-keyed and they build on nothing
    /// that was rewritten or dropped).
    public var kept: [ChangeHash] = []
    /// Changes left out, as asked.
    public var dropped: [ChangeHash] = []
    /// Operations left out of rewritten changes because they only touched dropped text or
    /// registers (for example a deletion of characters a dropped change inserted).
    public var droppedOperations = 0

    public static func == (lhs: ReplayOutcome, rhs: ReplayOutcome) -> Bool {
        lhs.rewritten.map(\.old) == rhs.rewritten.map(\.old) && lhs.rewritten.map(\.new) == rhs.rewritten.map(\.new)
            && lhs.kept == rhs.kept && lhs.dropped == rhs.dropped && lhs.droppedOperations == rhs.droppedOperations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rewritten.map(\.new))
        hasher.combine(kept)
    }
}

/// The operation ids and change hashes that a replay moved, for rewriting references.
public struct ReplayTranslation {
    /// Per old replica: runs of old counters moved to new ids, in ascending order.
    var runs: [ReplicaID: [(old: UInt64, length: UInt64, new: OpID)]] = [:]
    /// Per old replica: runs of counters that belong to dropped changes.
    var droppedRuns: [ReplicaID: [(old: UInt64, length: UInt64)]] = [:]
    /// Old hash to the new hashes standing for it (one for a rewritten change; the dependencies
    /// of a dropped one).
    var hashes: [ChangeHash: [ChangeHash]] = [:]

    /// The id `id` now has, `nil` if it belonged to a dropped change.
    public func translate(_ id: OpID) -> OpID? {
        if let list = runs[id.replica],
            let run = ReplayTranslation.find(id.counter, count: list.count, run: { (list[$0].old, list[$0].length) })
        {
            let moved = list[run]
            return OpID(replica: moved.new.replica, counter: moved.new.counter + (id.counter - moved.old))
        }
        if let list = droppedRuns[id.replica],
            ReplayTranslation.find(id.counter, count: list.count, run: { (list[$0].old, list[$0].length) }) != nil
        {
            return nil
        }
        return id
    }

    /// The hashes that stand for `hash` now (itself if it was not moved).
    public func translate(_ hash: ChangeHash) -> [ChangeHash] {
        hashes[hash] ?? [hash]
    }

    /// The index of the run holding `counter` among `count` ascending runs, by binary search.
    static func find(_ counter: UInt64, count: Int, run: (Int) -> (old: UInt64, length: UInt64)) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            let (old, length) = run(mid)
            if old + length <= counter { low = mid + 1 } else { high = mid }
        }
        guard low < count, run(low).old <= counter else { return nil }
        return low
    }
}

extension Document {
    /// Applies `changes` (in a causal order) on this document, re-keying some of them: every
    /// change by an author in `rekeying`, and every change that builds on a rewritten or dropped
    /// one, becomes a new change by this document's ``replica`` with the same operations, its
    /// references to moved ids and hashes rewritten; changes in `dropping` are left out, and so
    /// are the operations that only touched what they made. Other changes apply unchanged.
    ///
    /// This is how a workspace whose replica id is used elsewhere (a copied workspace, a restored
    /// backup) keeps its unsynced work under a new id, and how a refused change is dropped
    /// without losing the edits made after it.
    ///
    /// - Parameter registers: rewrites a register write whose key or value holds ids or hashes
    ///   (the report layer's metric keys and workflow steps); `nil` drops the write.
    /// - Throws: ``DocumentError/invalidChange(hash:author:seq:reason:)`` if a rewritten change
    ///   does not apply; then the document is unchanged.
    @discardableResult
    public mutating func replay(
        _ changes: [Change],
        rekeying authors: Set<ReplicaID>,
        dropping: Set<ChangeHash> = [],
        registers: (String, RegisterValue, ReplayTranslation) -> (String, RegisterValue)? = { key, value, _ in
            (key, value)
        }
    ) throws(DocumentError) -> ReplayOutcome {
        let backup = self
        if open != nil { commit(wallTime: 0) }
        var translation = ReplayTranslation()
        var outcome = ReplayOutcome()
        // Where dropped insertions were anchored, to re-anchor text inserted next to them.
        var droppedOrigins: [OpID: (after: OpID?, before: OpID?)] = [:]
        do {
            for change in changes where !contains(change.hash) {
                if dropping.contains(change.hash) {
                    translation.hashes[change.hash] = change.dependencies.flatMap { translation.translate($0) }
                    var counter = change.startCounter
                    for operation in change.operations {
                        if case .insertText(let after, let before, _) = operation {
                            for k in 0..<UInt64(operation.width) {
                                droppedOrigins[OpID(replica: change.author, counter: counter + k)] = (after, before)
                            }
                        }
                        counter += UInt64(operation.width)
                    }
                    translation.droppedRuns[change.author, default: []].append(
                        (change.startCounter, UInt64(change.width)))
                    outcome.dropped.append(change.hash)
                    continue
                }
                let touchesMoved = change.dependencies.contains { translation.hashes[$0] != nil }
                guard authors.contains(change.author) || touchesMoved else {
                    try apply([change])
                    outcome.kept.append(change.hash)
                    continue
                }
                if let rewritten = try rewrite(
                    change, &translation, droppedOrigins, registers, &outcome.droppedOperations)
                {
                    translation.hashes[change.hash] = [rewritten.hash]
                    outcome.rewritten.append((change.hash, rewritten.hash))
                } else {
                    outcome.dropped.append(change.hash)
                }
            }
        } catch {
            self = backup
            throw error
        }
        return outcome
    }

    /// Re-creates `change` as the next change of ``replica`` and applies it; `nil` if none of
    /// its operations survives (it then stands for its dependencies).
    private mutating func rewrite(
        _ change: Change,
        _ translation: inout ReplayTranslation,
        _ droppedOrigins: [OpID: (after: OpID?, before: OpID?)],
        _ registers: (String, RegisterValue, ReplayTranslation) -> (String, RegisterValue)?,
        _ droppedOperations: inout Int
    ) throws(DocumentError) -> Change? {
        let start = counterEnd(of: replica)
        var counter = start
        var oldCounter = change.startCounter
        var operations: [Operation] = []
        /// A character id as it is now, following dropped insertions to where they were anchored.
        func anchor(_ id: OpID?, left: Bool) -> OpID? {
            var current = id
            for _ in 0..<droppedOrigins.count + 1 {
                guard let id = current else { return nil }
                if let moved = translation.translate(id) { return moved }
                guard let origin = droppedOrigins[id] else { return nil }
                current = left ? origin.after : origin.before
            }
            return nil
        }
        for operation in change.operations {
            defer { oldCounter += UInt64(operation.width) }
            switch operation {
            case .insertText(let after, let before, let text):
                let width = UInt64(operation.width)
                translation.runs[change.author, default: []].append(
                    (oldCounter, width, OpID(replica: replica, counter: counter)))
                operations.append(
                    .insertText(after: anchor(after, left: true), before: anchor(before, left: false), text: text))
                counter += width
            case .deleteText(let first, let count):
                // The deleted ids, translated, regrouped into runs of consecutive new ids.
                var runStart: OpID?
                var runLength = 0
                var produced = 0
                func flush() {
                    if let runStart, runLength > 0 {
                        operations.append(.deleteText(start: runStart, count: runLength))
                        counter += UInt64(runLength)
                        produced += 1
                    }
                    runStart = nil
                    runLength = 0
                }
                for k in 0..<UInt64(count) {
                    guard let id = translation.translate(OpID(replica: first.replica, counter: first.counter + k))
                    else {
                        flush()
                        continue
                    }
                    if let open = runStart, open.replica == id.replica,
                        open.counter + UInt64(runLength) == id.counter
                    {
                        runLength += 1
                    } else {
                        flush()
                        runStart = id
                        runLength = 1
                    }
                }
                flush()
                if produced == 0 { droppedOperations += 1 }
            case .setRegister(let key, let value, let overwrites):
                guard let (newKey, newValue) = registers(key, value, translation) else {
                    droppedOperations += 1
                    continue
                }
                translation.runs[change.author, default: []].append(
                    (oldCounter, 1, OpID(replica: replica, counter: counter)))
                let kept = Array(Set(overwrites.compactMap { translation.translate($0) })).sorted()
                operations.append(.setRegister(key: newKey, value: newValue, overwrites: kept))
                counter += 1
            }
        }
        let dependencies = Array(Set(change.dependencies.flatMap { translation.translate($0) })).sorted()
        var lamport = dependencies.compactMap { changeIndex(of: $0).map { infos[$0].lamport } }.max() ?? 0
        if let last = spans[replica]?.last {
            lamport = max(lamport, infos[changeIndex(holding: last.lv + last.length - 1)].lamport)
        }
        if operations.isEmpty {
            translation.hashes[change.hash] = dependencies
            return nil
        }
        let rewritten = Change(
            author: replica, seq: versionVector[replica] + 1, startCounter: start, lamport: lamport + 1,
            wallTime: change.wallTime, dependencies: dependencies, operations: operations)
        try apply([rewritten])
        return rewritten
    }
}
