extension Document {
    /// Inserts `text` before the visible Unicode scalar at `position` (0 inserts at the start,
    /// ``textLength`` appends).
    ///
    /// - Throws: ``DocumentError/positionOutOfBounds(position:count:textLength:)``.
    public mutating func insert(_ text: String, at position: Int) throws(DocumentError) {
        guard position >= 0 && position <= sequence.count else {
            throw .positionOutOfBounds(position: position, count: 0, textLength: sequence.count)
        }
        guard !text.isEmpty else { return }
        openIfNeeded()
        let lv = Int32(content.count)
        text.appendScalarValues(to: &content)
        let length = Int32(content.count) - lv
        let (left, right) = sequence.insert(lv: lv, length: length, at: position)
        if case .insert(let lastLV, let lastLength, let lastLeft, let lastRight)? = open?.operations.last,
            lastLV + lastLength == lv, left == lv - 1, lastRight == right
        {
            let last = (open?.operations.count ?? 1) - 1
            open?.operations[last] = .insert(
                lv: lastLV, length: lastLength + length, left: lastLeft, right: lastRight)
        } else {
            open?.operations.append(.insert(lv: lv, length: length, left: left, right: right))
        }
    }

    /// Deletes `count` visible Unicode scalars starting at `position`.
    ///
    /// - Throws: ``DocumentError/positionOutOfBounds(position:count:textLength:)``.
    public mutating func delete(at position: Int, count: Int) throws(DocumentError) {
        guard position >= 0, count >= 0, position <= sequence.count - count else {
            throw .positionOutOfBounds(position: position, count: count, textLength: sequence.count)
        }
        guard count > 0 else { return }
        openIfNeeded()
        for range in sequence.delete(at: position, length: count) {
            let lv = Int32(content.count)
            let length = range.upperBound - range.lowerBound
            for _ in 0..<length { content.append(Document.deletionMarker) }
            open?.operations.append(.delete(lv: lv, length: length, target: range.lowerBound))
        }
    }

    /// Writes `value` to the register `key`, overwriting every value it holds now (resolving a
    /// conflict if there is one).
    public mutating func setRegister(_ key: String, to value: RegisterValue) {
        openIfNeeded()
        let lv = Int32(content.count)
        content.append(Document.registerMarker)
        let overwrites = registers[key]?.currentIDs ?? []
        let lamport = open?.lamport ?? maxLamport + 1
        registers[key, default: MultiValueRegister()].apply(
            id: id(of: lv), lamport: lamport, value: value, overwrites: overwrites)
        open?.operations.append(.register(lv: lv, key: key, value: value, overwrites: overwrites))
    }

    /// Closes the open local change and adds it to the history.
    ///
    /// - Parameter wallTime: milliseconds since 1970 to record as the change's time.
    /// - Returns: the new change, or `nil` if there was no edit since the last commit.
    @discardableResult
    public mutating func commit(wallTime: Int64) -> Change? {
        guard let pending = open else { return nil }
        var operations: [Operation] = []
        operations.reserveCapacity(pending.operations.count)
        var utf8: [UInt8] = []
        for op in pending.operations {
            switch op {
            case .insert(let lv, let length, let left, let right):
                utf8.removeAll(keepingCapacity: true)
                for k in Int(lv)..<Int(lv + length) {
                    UTF8.encode(Unicode.Scalar(content[k]).unsafelyUnwrapped) { utf8.append($0) }
                }
                operations.append(
                    .insertText(
                        after: left < 0 ? nil : id(of: left), before: right < 0 ? nil : id(of: right),
                        text: String(decoding: utf8, as: UTF8.self)))
            case .delete(_, let length, let target):
                appendDeletions(target: target, length: length, to: &operations)
            case .register(_, let key, let value, let overwrites):
                operations.append(.setRegister(key: key, value: value, overwrites: overwrites))
            }
        }
        let change = Change(
            author: replica, seq: pending.seq, startCounter: pending.startCounter, lamport: pending.lamport,
            wallTime: wallTime, dependencies: pending.dependencies, operations: operations)
        open = nil
        record(change, lvStart: pending.lvStart)
        return change
    }

    /// Starts an open change if there is none.
    mutating func openIfNeeded() {
        guard open == nil else { return }
        open = OpenChange(
            seq: versionVector[replica] + 1, startCounter: counterEnd(of: replica), lvStart: Int32(content.count),
            lamport: maxLamport + 1, dependencies: heads)
    }

    /// Appends deletions of the characters `target ..< target + length` (contiguous LVs), split
    /// wherever their ids stop being contiguous counters of one replica.
    func appendDeletions(target: Int32, length: Int32, to operations: inout [Operation]) {
        var lv = target
        let end = target + length
        while lv < end {
            let start = id(of: lv)
            var runEnd: Int32
            if let open, lv >= open.lvStart {
                runEnd = end
            } else {
                let index = changeIndex(holding: lv)
                let changeEnd = index + 1 < changeLV.count ? changeLV[index + 1] : open?.lvStart ?? Int32(content.count)
                runEnd = min(end, changeEnd)
            }
            // Merge with the previous deletion when the ids continue it.
            if case .deleteText(let previous, let count)? = operations.last, previous.replica == start.replica,
                previous.counter + UInt64(count) == start.counter
            {
                operations[operations.count - 1] = .deleteText(start: previous, count: count + Int(runEnd - lv))
            } else {
                operations.append(.deleteText(start: start, count: Int(runEnd - lv)))
            }
            lv = runEnd
        }
    }
}
