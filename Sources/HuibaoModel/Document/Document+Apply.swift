/// What ``Document/apply(_:)`` did with a batch of changes.
public struct ApplyOutcome: Hashable, Sendable {
    /// Changes applied (including held ones that became ready).
    public var applied: [ChangeHash] = []
    /// Changes that were already present and were ignored.
    public var duplicates = 0
    /// Changes held back because a dependency is missing.
    public var waiting: [ChangeHash] = []
}

extension Document {
    /// Applies remote changes in any order: each is applied once its dependencies are present,
    /// duplicates are ignored, and changes whose dependencies are missing are held back until
    /// they arrive in a later call.
    ///
    /// An open local change is committed first, with wall time 0: commit it yourself before
    /// applying to record the real time.
    ///
    /// - Throws: ``DocumentError/invalidChange(hash:author:seq:reason:)`` if a change is not
    ///   valid against its history; then nothing of the batch is applied.
    @discardableResult
    public mutating func apply<Changes: Sequence<Change>>(_ batch: Changes) throws(DocumentError) -> ApplyOutcome {
        let backup = self
        do {
            return try applyDiscardingOnFailure(batch)
        } catch {
            self = backup
            throw error
        }
    }

    /// Applies changes as ``apply(_:)`` does, but leaves the document partly changed when one
    /// is refused: for a caller that then discards the document (a load from a change log), and
    /// so need not copy a big document's state to restore it.
    @discardableResult
    package mutating func applyDiscardingOnFailure<Changes: Sequence<Change>>(_ batch: Changes)
        throws(DocumentError) -> ApplyOutcome
    {
        var outcome = ApplyOutcome()
        if open != nil { commit(wallTime: 0) }
        reserveCapacity(forMoreChanges: batch.underestimatedCount)
        for change in batch {
            if held.isEmpty && continuesSoleHead(change) {
                // A single line of history continued (a log replayed): the change is new, its
                // one dependency is the last applied change, and nothing waits for it.
                try integrate(change, dependencyLamport: infos[infos.count - 1].lamport)
                outcome.applied.append(change.hash)
                continue
            }
            // Per-author seqs are contiguous: a seq above the version vector's is new without
            // looking its hash up (which could decode a loaded history).
            let isNew = change.seq > versionVector[change.author]
            if (!isNew && contains(change.hash)) || held[change.hash] != nil {
                outcome.duplicates += 1
                continue
            }
            held[change.hash] = change
            try applyIfReady(change.hash, &outcome)
        }
        outcome.waiting = waitingChanges
        return outcome
    }

    /// Whether `change` was made on exactly this document's one head: the last applied change
    /// (no applied change depends on it, and every other applied change is depended on).
    func continuesSoleHead(_ change: Change) -> Bool {
        change.dependencies.count == 1 && headSet.count == 1 && headSet.first == change.dependencies[0]
    }

    /// Makes room for `count` more applied changes in the history and its indices.
    mutating func reserveCapacity(forMoreChanges count: Int) {
        guard count > 1 else { return }
        history.reserveCapacity(count)
        infos.reserveCapacity(infos.count + count)
        changeLV.reserveCapacity(changeLV.count + count)
        knownHashes.reserveCapacity(knownHashes.count + count)
    }

    /// Applies the held change `hash` if its dependencies are present, then every held change
    /// that was waiting for it; otherwise files it under a missing dependency.
    mutating func applyIfReady(_ hash: ChangeHash, _ outcome: inout ApplyOutcome) throws(DocumentError) {
        var stack = [hash]
        while let next = stack.popLast() {
            guard let change = held[next] else { continue }
            if let missing = change.dependencies.first(where: { !contains($0) }) {
                waiters[missing, default: []].append(next)
                continue
            }
            held[next] = nil
            try integrate(change)
            outcome.applied.append(next)
            if let released = waiters.removeValue(forKey: next) { stack.append(contentsOf: released) }
        }
    }

    /// Verifies a change whose dependencies are present and applies it.
    ///
    /// - Parameter dependencyLamport: the largest Lamport time of its dependencies, if the
    ///   caller knows it (looked up otherwise).
    mutating func integrate(_ change: Change, dependencyLamport: UInt64? = nil) throws(DocumentError) {
        let plan = try validate(change, dependencyLamport: dependencyLamport)
        apply(plan, of: change, updatingText: true)
    }

    /// Checks a change whose dependencies are present against the history and resolves its
    /// references to LVs; nothing is mutated.
    ///
    /// - Parameter dependencyLamport: the largest Lamport time of its dependencies, if the
    ///   caller knows it (looked up otherwise).
    func validate(_ change: Change, dependencyLamport known: UInt64? = nil) throws(DocumentError) -> ResolvedChange {
        func refuse(_ reason: String) -> DocumentError {
            .invalidChange(hash: change.hash, author: change.author, seq: change.seq, reason: reason)
        }
        guard change.seq == versionVector[change.author] + 1 else {
            throw refuse("expected seq \(versionVector[change.author] + 1) for this replica")
        }
        guard change.startCounter == counterEnd(of: change.author) else {
            throw refuse("operation ids start at \(change.startCounter), expected \(counterEnd(of: change.author))")
        }
        let dependencyLamport =
            known ?? change.dependencies.lazy.compactMap { changeIndex(of: $0).map { infos[$0].lamport } }.max() ?? 0
        let previous = spans[change.author]?.last.map { infos[changeIndex(holding: $0.lv + $0.length - 1)].lamport }
        if let reason = Document.lamportProblem(change.lamport, dependencies: dependencyLamport, previous: previous) {
            throw refuse(reason)
        }
        return try resolve(change, refuse: refuse)
    }

    /// Why a change at Lamport time `lamport`, whose dependencies reach `dependencies` and whose
    /// author's previous change (if any) has Lamport time `previous`, cannot follow the history;
    /// `nil` if it can.
    static func lamportProblem(_ lamport: UInt64, dependencies: UInt64, previous: UInt64?) -> String? {
        guard lamport > dependencies else {
            return "Lamport time \(lamport) is not after its dependencies' \(dependencies)"
        }
        if let previous, previous >= lamport {
            return "Lamport time \(lamport) is not after the author's previous change's \(previous)"
        }
        return nil
    }

    /// Applies a validated change: content, registers, history and (unless the text state comes
    /// from a snapshot) the text CRDT.
    mutating func apply(_ plan: ResolvedChange, of change: Change, updatingText: Bool) {
        let lvStart = Int32(content.count)
        content.append(contentsOf: plan.content)
        for step in plan.steps {
            switch step {
            case .insert(let lv, let length, let left, let right):
                guard updatingText else { continue }
                integrateInsert(
                    lv: lv, length: length, left: left, right: right, author: change.author,
                    startCounter: change.startCounter, lvStart: lvStart)
            case .delete(let targets):
                if updatingText {
                    for target in plan.targets[targets] { sequence.delete(lvs: target) }
                }
            case .register(let id, let key, let value, let overwrites):
                registers[key, default: MultiValueRegister()].apply(
                    id: id, lamport: change.lamport, value: value, overwrites: overwrites)
            }
        }
        record(change, lvStart: lvStart)
    }

    /// Integrates an insertion of a remote change, whose content is in `content`, into the text
    /// CRDT.
    ///
    /// - Parameters:
    ///   - author: the change's author.
    ///   - startCounter: the counter of the change's first operation id.
    ///   - lvStart: the LV of the change's first operation (not recorded yet).
    mutating func integrateInsert(
        lv: Int32, length: Int32, left: Int32, right: Int32, author: ReplicaID, startCounter: UInt64, lvStart: Int32
    ) {
        // Copies, so that the closure does not read `self` while the sequence changes; they
        // end here, before the change's metadata is appended.
        let history = infos
        let historyLV = changeLV
        sequence.integrate(
            lv: lv, length: length, left: left, right: right,
            idOf: { lv in
                if lv >= lvStart { return OpID(replica: author, counter: startCounter + UInt64(lv - lvStart)) }
                let index = Document.changeIndex(holding: lv, in: historyLV)
                let holder = history[index]
                return OpID(replica: holder.author, counter: holder.startCounter + UInt64(lv - historyLV[index]))
            })
    }

    /// One operation of a remote change with its references resolved to LVs.
    enum ResolvedStep {
        case insert(lv: Int32, length: Int32, left: Int32, right: Int32)
        /// Deletes `ResolvedChange.targets[targets]`.
        case delete(targets: Range<Int>)
        case register(id: OpID, key: String, value: RegisterValue, overwrites: [OpID])
    }

    /// A remote change resolved against the history: its steps, and the `content` entries of its
    /// LVs (scalars for characters, markers for deletions and register writes).
    struct ResolvedChange {
        var steps: [ResolvedStep]
        var content: [UInt32]
        /// The LV ranges deleted by all deletion steps, back to back.
        var targets: [Range<Int32>]
    }

    /// Calls `body` with the LVs of the `count` characters whose ids run from `start`, as ranges
    /// (consecutive ids at consecutive LVs make one), in id order; `find` gives an id's LV and
    /// content entry. Applying and applying from stored bytes resolve deletions with it.
    ///
    /// - Returns: the first id that is not a known character (nothing after it is given), or
    ///   `nil`.
    static func characterRanges(
        from start: OpID, count: Int, find: (OpID) -> (lv: Int32, entry: UInt32)?, _ body: (Range<Int32>) -> Void
    ) -> OpID? {
        var k = 0
        while k < count {
            let id = OpID(replica: start.replica, counter: start.counter + UInt64(k))
            guard let found = find(id), isCharacter(found.entry) else { return id }
            // Extend while the next ids are the next LVs and characters.
            var length: Int32 = 1
            while k + Int(length) < count {
                let nextID = OpID(replica: start.replica, counter: id.counter + UInt64(length))
                guard let next = find(nextID), next.lv == found.lv + length else { break }
                guard isCharacter(next.entry) else { return nextID }
                length += 1
            }
            body(found.lv..<found.lv + length)
            k += Int(length)
        }
        return nil
    }

    /// Resolves every reference of `change` to LVs, checking that each names a character (or a
    /// register write) that exists, before anything is mutated.
    func resolve(_ change: Change, refuse: (String) -> DocumentError) throws(DocumentError) -> ResolvedChange {
        let lvStart = Int32(content.count)
        var counter = change.startCounter
        // The change's own content so far, for references inside the change.
        var own: [UInt32] = []
        var steps: [ResolvedStep] = []
        steps.reserveCapacity(change.operations.count)
        var targets: [Range<Int32>] = []

        /// The LV and content entry of an operation id, or `nil` if it does not exist (yet).
        func find(_ id: OpID) -> (lv: Int32, entry: UInt32)? {
            if id.replica == change.author && id.counter >= change.startCounter {
                let offset = id.counter - change.startCounter
                guard offset < UInt64(own.count) else { return nil }
                return (lvStart + Int32(offset), own[Int(offset)])
            }
            guard let lv = lv(of: id) else { return nil }
            return (lv, content[Int(lv)])
        }
        func character(_ id: OpID?, _ index: Int, _ role: StaticString) throws(DocumentError) -> Int32 {
            guard let id else { return -1 }
            guard let found = find(id), Document.isCharacter(found.entry) else {
                throw refuse("operation \(index): \(role) \(id) is not a known character")
            }
            return found.lv
        }

        for (index, op) in change.operations.enumerated() {
            let lv = lvStart + Int32(counter - change.startCounter)
            switch op {
            case .insertText(let after, let before, let text):
                let left = try character(after, index, "insert origin")
                let right = try character(before, index, "insert right origin")
                let before = own.count
                text.appendScalarValues(to: &own)
                steps.append(.insert(lv: lv, length: Int32(own.count - before), left: left, right: right))
            case .deleteText(let start, let count):
                let firstTarget = targets.count
                if let unknown = Document.characterRanges(from: start, count: count, find: find, { targets.append($0) })
                {
                    throw refuse("operation \(index): delete target \(unknown) is not a known character")
                }
                steps.append(.delete(targets: firstTarget..<targets.count))
                for _ in 0..<count { own.append(Document.deletionMarker) }
            case .setRegister(let key, let value, let overwrites):
                for id in overwrites {
                    guard let found = find(id), found.entry == Document.registerMarker else {
                        throw refuse("operation \(index): overwritten \(id) is not a known register write")
                    }
                }
                steps.append(
                    .register(
                        id: OpID(replica: change.author, counter: counter), key: key, value: value,
                        overwrites: overwrites))
                own.append(Document.registerMarker)
            }
            counter += UInt64(op.width)
        }
        return ResolvedChange(steps: steps, content: own, targets: targets)
    }
}
