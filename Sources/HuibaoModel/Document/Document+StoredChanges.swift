extension Document {
    /// Applies changes read back from a store that verified them when it stored them (a change
    /// log's tail, at load), straight from their bytes: as ``applyDiscardingOnFailure(_:)``
    /// applies them decoded, with the same checks, but without building a ``Change`` for each.
    ///
    /// Each change's bytes are checked as ``Change/init(stored:hash:)`` checks them and its
    /// stored hash is taken as its own. The changes stay as their bytes in ``changes``, decoded
    /// the first time one of them is read, and what encoding needs of their operations is kept
    /// resolved to LVs, so that ``encoded(compressed:)`` does not decode them either.
    ///
    /// Changes that are not simply new with their dependencies present (duplicates, changes
    /// that wait for a later one), and every change after the first of them, are decoded and
    /// applied as ``applyDiscardingOnFailure(_:)`` applies them; so is a batch given to a
    /// document that has applied changes since it was made or loaded.
    ///
    /// Like ``applyDiscardingOnFailure(_:)``, a refused batch leaves the document partly
    /// changed: for a caller that then discards it.
    ///
    /// - Throws: ``StoredChangeError/undecodable(position:error:)`` for the first change (in
    ///   the order they are applied) that does not decode, or
    ///   ``StoredChangeError/refused(_:)`` for one that does not apply.
    package mutating func applyStoredDiscardingOnFailure(_ batch: [EncodedChange]) throws(StoredChangeError) {
        if open != nil { commit(wallTime: 0) }
        var applied = 0
        if history.stored == nil && history.appended.isEmpty && held.isEmpty && !batch.isEmpty {
            infos.reserveCapacity(infos.count + batch.count)
            changeLV.reserveCapacity(changeLV.count + batch.count)
            var state = StoredBatch(firstIndex: infos.count, count: batch.count, heads: headSet)
            while applied < batch.count, try applyStored(batch, at: applied, &state) { applied += 1 }
            state.heads.flush(into: &headSet)
            if applied > 0 {
                // The last change is the sole head or, when there are several, already indexed.
                knownHashes[batch[applied - 1].hash] = state.firstIndex + applied - 1
                history.stored = state.recorder.finish(encoded: Array(batch[..<applied]))
            }
        }
        guard applied < batch.count else { return }
        var rest: [Change] = []
        rest.reserveCapacity(batch.count - applied)
        for position in applied..<batch.count {
            do {
                rest.append(try Change(stored: batch[position].bytes, hash: batch[position].hash))
            } catch {
                throw .undecodable(position: position, error: error)
            }
        }
        do {
            try applyDiscardingOnFailure(rest)
        } catch {
            throw .refused(error)
        }
    }

    /// Applies the change at `position` of a stored batch, whose changes before it are applied,
    /// if it is new and its dependencies are present; returns `false`, having changed nothing,
    /// otherwise.
    private mutating func applyStored(_ batch: [EncodedChange], at position: Int, _ state: inout StoredBatch)
        throws(StoredChangeError) -> Bool
    {
        let stored = batch[position]
        // Decode the whole change first, as a decoded change would have been.
        var reader = ByteReader(stored.bytes)
        let header: Change.Header
        state.operations.removeAll(keepingCapacity: true)
        state.scalars.removeAll(keepingCapacity: true)
        do throws(BinaryDecodingError) {
            header = try Change.decodeHeader(&reader, keepingDependencies: false)
            var operationReader = try Change.OperationReader(reader, header: header)
            while let (operation, counter) = try operationReader.next() {
                let start = state.scalars.count
                if case .insertText(_, _, let text, let offset) = operation,
                    !Document.appendScalars(ofUTF8: text, to: &state.scalars)
                {
                    throw BinaryDecodingError.invalidValue(
                        field: "inserted text", offset: offset, reason: "not valid UTF-8")
                }
                state.operations.append((operation, counter, start..<state.scalars.count))
            }
            try operationReader.reader.expectEnd("change")
        } catch {
            throw .undecodable(position: position, error: error)
        }
        let author = header.author
        let authorSeq = versionVector[author]
        guard header.seq > authorSeq else { return false }
        let index = infos.count
        // A single line of history continued (a log replayed) needs no lookup by hash.
        let continuesHead = header.dependencyCount == 1 && state.heads.sole.map { header.dependency(0) == $0 } == true
        var dependencyLamport: UInt64 = 0
        var parents: [Int] = []
        if continuesHead {
            dependencyLamport = infos[index - 1].lamport
        } else {
            if !state.indexed {
                // Looking a dependency up by hash needs the changes of the batch indexed.
                for offset in 0..<position { knownHashes[batch[offset].hash] = state.firstIndex + offset }
                state.indexed = true
            }
            for k in 0..<header.dependencyCount {
                guard let parent = changeIndex(of: header.dependency(k)) else { return false }
                parents.append(parent)
                dependencyLamport = max(dependencyLamport, infos[parent].lamport)
            }
        }

        func refuse(_ reason: String) -> StoredChangeError {
            .refused(.invalidChange(hash: stored.hash, author: author, seq: header.seq, reason: reason))
        }
        guard header.seq == authorSeq + 1 else {
            throw refuse("expected seq \(authorSeq + 1) for this replica")
        }
        let authorSpans = spans[author]
        let counterEnd = ReplicaSpan.counterEnd(of: authorSpans)
        guard header.startCounter == counterEnd else {
            throw refuse("operation ids start at \(header.startCounter), expected \(counterEnd)")
        }
        // The author's previous change: the last one applied, when it is the author's (typing).
        let previous =
            index > 0 && infos[index - 1].author == author
            ? infos[index - 1].lamport
            : authorSpans?.last.map { infos[changeIndex(holding: $0.lv + $0.length - 1)].lamport }
        if let reason = Document.lamportProblem(header.lamport, dependencies: dependencyLamport, previous: previous) {
            throw refuse(reason)
        }

        let lvStart = Int32(content.count)
        for (operationIndex, (operation, counter, scalars)) in state.operations.enumerated() {
            try applyStored(
                operation, counter: counter, scalars: state.scalars[scalars], lvStart: lvStart, header: header,
                recorder: &state.recorder, refuse: { reason in refuse("operation \(operationIndex): \(reason)") })
        }
        state.recorder.endChange()

        if continuesHead {
            state.heads.continue(with: stored.hash)
        } else {
            state.heads.flush(into: &headSet)
            let followsPrevious = index == 0 ? parents.isEmpty : parents == [index - 1]
            if !followsPrevious { forkedParents[index] = parents.sorted() }
            if isLinear {
                isLinear =
                    infos.isEmpty
                    ? header.dependencyCount == 0
                    : headSet.count == 1 && header.dependencyCount == 1 && headSet.contains(header.dependency(0))
            }
            for k in 0..<header.dependencyCount { headSet.remove(header.dependency(k)) }
            headSet.insert(stored.hash)
            state.heads = HeadTracker(headSet)
        }
        if state.indexed { knownHashes[stored.hash] = index }
        record(
            ChangeInfo(
                author: author, seq: header.seq, startCounter: header.startCounter, lamport: header.lamport,
                wallTime: header.wallTime, isRoot: header.dependencyCount == 0),
            lvStart: lvStart)
        return true
    }

    /// Checks one operation of a stored change against the history and applies it: content,
    /// text CRDT or registers; records it resolved to LVs.
    ///
    /// - Parameters:
    ///   - counter: the counter of the operation's first id.
    ///   - scalars: an insertion's characters (its text decoded).
    ///   - lvStart: the LV of the change's first operation.
    ///   - refuse: the error for a reason the operation is refused.
    private mutating func applyStored(
        _ operation: Change.RawOperation, counter: UInt64, scalars: ArraySlice<UInt32>, lvStart: Int32,
        header: Change.Header,
        recorder: inout StoredChanges.Recorder, refuse: (String) -> StoredChangeError
    ) throws(StoredChangeError) {
        let author = header.author
        let startCounter = header.startCounter
        /// The LV and content entry of an operation id, or `nil` if it does not exist (yet).
        func find(_ id: OpID) -> (lv: Int32, entry: UInt32)? {
            if id.replica == author && id.counter >= startCounter {
                let offset = id.counter - startCounter
                guard offset < UInt64(Int32(content.count) - lvStart) else { return nil }
                let lv = lvStart + Int32(offset)
                return (lv, content[Int(lv)])
            }
            guard let lv = lv(of: id) else { return nil }
            return (lv, content[Int(lv)])
        }
        func character(_ id: OpID?, _ role: StaticString) throws(StoredChangeError) -> Int32 {
            guard let id else { return -1 }
            guard let found = find(id), Document.isCharacter(found.entry) else {
                throw refuse("\(role) \(id) is not a known character")
            }
            return found.lv
        }

        let operationLV = Int32(content.count)
        switch operation {
        case .insertText(let after, let before, _, _):
            let left = try character(after, "insert origin")
            let right = try character(before, "insert right origin")
            content.append(contentsOf: scalars)
            let length = Int32(content.count) - operationLV
            integrateInsert(
                lv: operationLV, length: length, left: left, right: right, author: author, startCounter: startCounter,
                lvStart: lvStart)
            recorder.add(ResolvedOperation(kind: .insert, length: length, first: left, second: right))
        case .deleteText(let start, let count):
            var firstLV: Int32 = -1
            if let unknown = Document.characterRanges(
                from: start, count: count, find: find,
                { range in
                    if firstLV < 0 { firstLV = range.lowerBound }
                    sequence.delete(lvs: range)
                })
            {
                throw refuse("delete target \(unknown) is not a known character")
            }
            content.append(contentsOf: repeatElement(Document.deletionMarker, count: count))
            recorder.add(ResolvedOperation(kind: .delete, length: Int32(count), first: firstLV))
        case .setRegister(let key, let value, let overwrites):
            var overwritten: [Int32] = []
            for id in overwrites {
                guard let found = find(id), found.entry == Document.registerMarker else {
                    throw refuse("overwritten \(id) is not a known register write")
                }
                overwritten.append(found.lv)
            }
            registers[key, default: MultiValueRegister()].apply(
                id: OpID(replica: author, counter: counter), lamport: header.lamport, value: value,
                overwrites: overwrites)
            content.append(Document.registerMarker)
            recorder.addRegisterWrite(ResolvedRegisterWrite(key: key, value: value, overwrites: overwritten))
        }
    }

    /// Appends the Unicode scalars of `utf8` to `scalars` if it is valid UTF-8 (as
    /// `String(validating:as:)` requires: no overlong forms, surrogates, values above U+10FFFF or
    /// cut-off sequences); returns `false` otherwise, having appended some or none.
    static func appendScalars(ofUTF8 utf8: ArraySlice<UInt8>, to scalars: inout [UInt32]) -> Bool {
        var iterator = utf8.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): scalars.append(Unicode.UTF8.decode(encoded).value)
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Whether a `content` entry is a character (not a deletion's or register write's marker).
    static func isCharacter(_ entry: UInt32) -> Bool {
        entry != Document.deletionMarker && entry != Document.registerMarker
    }
}

/// What applying a batch of stored changes keeps from one change to the next.
private struct StoredBatch {
    /// The index in the history of the batch's first change.
    let firstIndex: Int
    /// What encoding needs of the changes applied.
    var recorder: StoredChanges.Recorder
    /// The heads.
    var heads: HeadTracker
    /// A buffer for a change's operations, each with the counter of its first id and (for an
    /// insertion) where its characters are in `scalars` (kept for its capacity).
    var operations: [(Change.RawOperation, UInt64, Range<Int>)] = []
    /// A buffer for the characters a change inserts.
    var scalars: [UInt32] = []
    /// Whether the changes applied are in `knownHashes` (once one had to be looked up by hash).
    var indexed = false

    /// The state before the first of `count` changes, applied as change `firstIndex` on, with
    /// the heads `heads`.
    init(firstIndex: Int, count: Int, heads: Set<ChangeHash>) {
        self.firstIndex = firstIndex
        recorder = StoredChanges.Recorder(capacity: count)
        self.heads = HeadTracker(heads)
    }
}

/// The heads while stored changes are applied: a single line of history continued only
/// replaces the sole head, so the head set is rewritten only when the line ends.
private struct HeadTracker {
    /// The sole head, if there is exactly one.
    private(set) var sole: ChangeHash?
    /// Whether the head set is behind: it should hold exactly ``sole``.
    private var pending = false

    /// Tracks the heads `headSet`.
    init(_ headSet: Set<ChangeHash>) {
        sole = headSet.count == 1 ? headSet.first : nil
    }

    /// A change made on the sole head is the sole head now.
    mutating func `continue`(with hash: ChangeHash) {
        sole = hash
        pending = true
    }

    /// Brings `headSet` up to date.
    func flush(into headSet: inout Set<ChangeHash>) {
        guard pending, let sole else { return }
        headSet.removeAll(keepingCapacity: true)
        headSet.insert(sole)
    }
}
