/// A place in the item list: run `index` of `leaf`, `offset` characters into it.
struct TextCursor: Equatable {
    var leaf: Int
    var index: Int
    var offset: Int32
}

extension TextSequence {
    // MARK: - Navigation

    /// The run at `cursor`.
    @inline(__always)
    func run(at cursor: TextCursor) -> ItemRun { runs[base(cursor.leaf) + cursor.index] }

    /// Moves a cursor that sits at the end of a run to the start of the next run; `nil` at the end.
    func normalized(_ cursor: TextCursor) -> TextCursor? {
        var c = cursor
        if c.index < runCount[c.leaf] && c.offset < runs[base(c.leaf) + c.index].length { return c }
        if c.index < runCount[c.leaf] {
            c.index += 1
            c.offset = 0
        }
        while c.index >= runCount[c.leaf] {
            let next = Int(rank[c.leaf]) + 1
            guard next < order.count else { return nil }
            c = TextCursor(leaf: Int(order[next]), index: 0, offset: 0)
        }
        return c
    }

    /// The cursor of the visible character at `position` (0 ≤ position < count).
    func cursor(visible position: Int) -> TextCursor {
        let (orderIndex, remainder) = findLeaf(visible: position)
        let leaf = Int(order[orderIndex])
        let found: TextCursor? = runs.withUnsafeBufferPointer { pool in
            var rest = Int32(remainder)
            let b = base(leaf)
            for index in 0..<runCount[leaf] {
                let run = pool[b + index]
                if !run.deleted {
                    if rest < run.length { return TextCursor(leaf: leaf, index: index, offset: rest) }
                    rest -= run.length
                }
            }
            return nil
        }
        guard let found else { preconditionFailure("visible position \(position) not found: index out of sync") }
        return found
    }

    /// The cursor of the character with local version `lv`.
    func cursor(lv: Int32) -> TextCursor {
        let leaf = Int(leafOfLV[Int(lv)])
        precondition(leaf >= 0, "LV \(lv) is not a character")
        let found: TextCursor? = runs.withUnsafeBufferPointer { pool in
            let b = base(leaf)
            for index in 0..<runCount[leaf] {
                let run = pool[b + index]
                if lv >= run.lv && lv < run.end { return TextCursor(leaf: leaf, index: index, offset: lv - run.lv) }
            }
            return nil
        }
        guard let found else { preconditionFailure("LV \(lv) not in its leaf: index out of sync") }
        return found
    }

    /// A key that orders characters by their place in the item list; -1 (start) sorts first and
    /// `endValue` (end) sorts last.
    func orderKey(_ lv: Int32, endValue: Bool) -> (Int, Int, Int32) {
        if lv < 0 { return endValue ? (Int.max, 0, 0) : (-1, 0, 0) }
        let c = cursor(lv: lv)
        return (Int(rank[c.leaf]), c.index, c.offset)
    }

    /// Whether `lv` is a character of this text.
    package func contains(lv: Int) -> Bool {
        lv >= 0 && lv < leafOfLV.count && leafOfLV[lv] >= 0
    }

    /// The LV of the first item after `cursor`'s character, or -1 at the end.
    func lvAfter(_ cursor: TextCursor) -> Int32 {
        let next = TextCursor(leaf: cursor.leaf, index: cursor.index, offset: cursor.offset + 1)
        guard let c = normalized(next) else { return -1 }
        return run(at: c).lv + c.offset
    }

    // MARK: - Local edits

    /// Inserts `length` characters with LVs `lv ..< lv + length` before visible position `position`.
    ///
    /// - Returns: the origins the operation must carry: the character it was inserted after and
    ///   the item that followed that character (-1 for start and end).
    package mutating func insert(lv: Int32, length: Int32, at position: Int) -> (left: Int32, right: Int32) {
        precondition(position >= 0 && position <= count, "insert position \(position) outside 0...\(count)")
        reserveLVs(upTo: Int(lv + length))
        if position == 0 {
            let first = TextCursor(leaf: Int(order[0]), index: 0, offset: 0)
            let right = normalized(first).map { run(at: $0).lv + $0.offset } ?? -1
            let newRun = ItemRun(lv: lv, length: length, originLeft: -1, originRight: right, deleted: false)
            insertRun(newRun, leaf: first.leaf, at: 0)
            return (-1, right)
        }
        let c = cursor(visible: position - 1)
        let before = run(at: c)
        let left = before.lv + c.offset
        let right = lvAfter(c)
        let newRun = ItemRun(lv: lv, length: length, originLeft: left, originRight: right, deleted: false)
        if c.offset == before.length - 1 {
            if before.canAppend(newRun) {
                runs[base(c.leaf) + c.index].length += length
                for k in Int(lv)..<Int(lv + length) { leafOfLV[k] = Int32(c.leaf) }
                addVisible(Int(length), leaf: c.leaf)
            } else {
                insertRun(newRun, leaf: c.leaf, at: c.index + 1)
            }
        } else {
            let tail = splitRun(leaf: c.leaf, at: c.index, offset: c.offset + 1)
            insertRun(newRun, leaf: tail.leaf, at: tail.index)
        }
        return (left, right)
    }

    /// Deletes `length` visible characters starting at visible `position`.
    ///
    /// - Returns: the LV ranges deleted, in text order.
    package mutating func delete(at position: Int, length: Int) -> [Range<Int32>] {
        precondition(position >= 0 && length >= 0 && position + length <= count, "delete range outside the text")
        var deleted: [Range<Int32>] = []
        var remaining = Int32(length)
        guard remaining > 0 else { return deleted }
        var c = cursor(visible: position)
        while remaining > 0 {
            let r = run(at: c)
            if r.deleted {
                c = TextCursor(leaf: c.leaf, index: c.index, offset: r.length)
            } else {
                let take = min(r.length - c.offset, remaining)
                deleted.append(r.lv + c.offset..<r.lv + c.offset + take)
                c = markDeleted(c, length: take)
                remaining -= take
            }
            if remaining > 0 {
                guard let next = normalized(c) else { preconditionFailure("delete ran past the end") }
                c = next
            }
        }
        return deleted
    }

    // MARK: - Remote edits

    /// Marks the characters with LVs in `range` deleted (already deleted ones stay deleted).
    ///
    /// - Returns: how many characters were visible before.
    @discardableResult
    package mutating func delete(lvs range: Range<Int32>) -> Int {
        var lv = range.lowerBound
        var removed = 0
        while lv < range.upperBound {
            let c = cursor(lv: lv)
            let r = run(at: c)
            let take = min(r.length - c.offset, range.upperBound - lv)
            if !r.deleted {
                markDeleted(c, length: take)
                removed += Int(take)
            }
            lv += take
        }
        return removed
    }

    /// Marks `length` characters from `cursor` (all in one visible run) deleted, splitting and
    /// merging runs as needed. Returns a cursor at the end of the deleted characters.
    @discardableResult
    mutating func markDeleted(_ cursor: TextCursor, length: Int32) -> TextCursor {
        var c = cursor
        if c.offset > 0 {
            let tail = splitRun(leaf: c.leaf, at: c.index, offset: c.offset)
            c = TextCursor(leaf: tail.leaf, index: tail.index, offset: 0)
        }
        if length < run(at: c).length {
            let after = splitRun(leaf: c.leaf, at: c.index, offset: length)
            if after.leaf != c.leaf || after.index != c.index + 1 {
                // The leaf split and moved our run; find it again.
                c = self.cursor(lv: run(at: c).lv)
            }
        }
        let b = base(c.leaf)
        runs[b + c.index].deleted = true
        addVisible(-Int(length), leaf: c.leaf)
        // Merge with neighbours in the same leaf so that deleted text stays compact.
        if c.index + 1 < runCount[c.leaf] && runs[b + c.index].canAppend(runs[b + c.index + 1]) {
            runs[b + c.index].length += runs[b + c.index + 1].length
            removeRun(leaf: c.leaf, at: c.index + 1)
        }
        if c.index > 0 && runs[b + c.index - 1].canAppend(runs[b + c.index]) {
            let merged = runs[b + c.index - 1].length
            runs[b + c.index - 1].length += runs[b + c.index].length
            removeRun(leaf: c.leaf, at: c.index)
            return TextCursor(leaf: c.leaf, index: c.index - 1, offset: merged + length)
        }
        return TextCursor(leaf: c.leaf, index: c.index, offset: length)
    }

    /// Integrates a remote insertion of `length` characters with LVs `lv ..< lv + length`,
    /// inserted between `left` and `right` (-1 for start and end).
    ///
    /// - Parameter idOf: the operation id of an LV; concurrent siblings are ordered by the ids of
    ///   their first characters (replica, then counter), the same on every replica.
    package mutating func integrate(
        lv: Int32,
        length: Int32,
        left: Int32,
        right: Int32,
        idOf: (Int32) -> OpID
    ) {
        reserveLVs(upTo: Int(lv + length))
        // The left origin's order key comes from its cursor (one lookup, not two).
        let leftKey: (Int, Int, Int32)
        var cursor: TextCursor
        if left < 0 {
            leftKey = orderKey(left, endValue: false)
            cursor = TextCursor(leaf: Int(order[0]), index: 0, offset: 0)
        } else {
            let c = self.cursor(lv: left)
            leftKey = (Int(rank[c.leaf]), c.index, c.offset)
            cursor = TextCursor(leaf: c.leaf, index: c.index, offset: c.offset + 1)
        }
        var scanning = false
        var scanStart = cursor
        while let c = normalized(cursor) {
            cursor = c
            let other = run(at: c)
            let otherLV = other.lv + c.offset
            if otherLV == right { break }
            let otherLeftKey = orderKey(other.originLeft(at: c.offset), endValue: false)
            if otherLeftKey < leftKey { break }
            if otherLeftKey == leftKey {
                if other.originRight == right {
                    if idOf(lv) < idOf(otherLV) { break }
                    scanning = false
                } else if orderKey(other.originRight, endValue: true) < orderKey(right, endValue: true) {
                    if !scanning {
                        scanning = true
                        scanStart = c
                    }
                } else {
                    scanning = false
                }
            }
            // Every later character of the run has its predecessor as left origin: skip them all,
            // but never past our right origin.
            var chunkEnd = other.length
            if right > otherLV && right < other.end { chunkEnd = right - other.lv }
            cursor = TextCursor(leaf: c.leaf, index: c.index, offset: chunkEnd)
        }
        if scanning { cursor = scanStart }
        place(ItemRun(lv: lv, length: length, originLeft: left, originRight: right, deleted: false), at: cursor)
    }

    /// Puts a new run at `cursor` (splitting the run there if the cursor is inside it).
    mutating func place(_ run: ItemRun, at cursor: TextCursor) {
        var c = cursor
        if c.index < runCount[c.leaf] && c.offset > 0 {
            if c.offset < self.run(at: c).length {
                let tail = splitRun(leaf: c.leaf, at: c.index, offset: c.offset)
                c = TextCursor(leaf: tail.leaf, index: tail.index, offset: 0)
            } else {
                c = TextCursor(leaf: c.leaf, index: c.index + 1, offset: 0)
            }
        }
        let b = base(c.leaf)
        if c.index > 0 && runs[b + c.index - 1].canAppend(run) {
            runs[b + c.index - 1].length += run.length
            for k in Int(run.lv)..<Int(run.end) { leafOfLV[k] = Int32(c.leaf) }
            addVisible(Int(run.length), leaf: c.leaf)
        } else {
            insertRun(run, leaf: c.leaf, at: c.index)
        }
    }

    // MARK: - Reading

    /// Calls `body` with each range of visible LVs, in text order.
    package func forEachVisibleRange(_ body: (Range<Int32>) -> Void) {
        for leaf in order {
            let b = base(Int(leaf))
            for index in 0..<runCount[Int(leaf)] {
                let run = runs[b + index]
                if !run.deleted { body(run.lv..<run.end) }
            }
        }
    }

    /// Calls `body` with every run (visible or deleted) in text order.
    func forEachRun(_ body: (ItemRun) -> Void) {
        for leaf in order {
            let b = base(Int(leaf))
            for index in 0..<runCount[Int(leaf)] { body(runs[b + index]) }
        }
    }
}
