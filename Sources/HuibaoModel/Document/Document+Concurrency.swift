extension Document {
    /// The dependencies of the applied change at `index`, as indexes in ``changes``, ascending.
    /// Known without decoding a loaded history.
    package func parents(of index: Int) -> [Int] {
        forkedParents[index] ?? (index == 0 ? [] : [index - 1])
    }

    /// The indexes (ascending) of the applied changes made without seeing at least one other
    /// applied change, or seen by none of some other: every change but those that each change
    /// before it led to and each change after it builds on. Empty for a linear history; in a
    /// long history with one recent fork, only the changes after the fork. Linear time, without
    /// decoding a loaded history.
    package func changesConcurrentWithOthers() -> [Int] {
        guard !isLinear else { return [] }
        let count = infos.count
        let forked = forkedParents.keys.sorted()
        // Forwards: after change i, is it the only change no other builds on (so every change
        // before it is its ancestor)?
        var hasChild = [Bool](repeating: false, count: count)
        var heads = 0
        var alone = [Bool](repeating: false, count: count)
        var nextForked = 0
        for index in 0..<count {
            if nextForked < forked.count, forked[nextForked] == index {
                nextForked += 1
                for parent in forkedParents[index] ?? [] where !hasChild[parent] {
                    hasChild[parent] = true
                    heads -= 1
                }
            } else if index > 0, !hasChild[index - 1] {
                hasChild[index - 1] = true
                heads -= 1
            }
            heads += 1
            alone[index] = heads == 1
        }
        // Backwards: does every later change have a parent at or after i (so each descends from
        // it)? Then i is comparable with every change.
        var lowestLatestParent = Int.max
        var concurrent: [Int] = []
        nextForked = forked.count - 1
        for index in stride(from: count - 1, through: 0, by: -1) {
            if !(alone[index] && lowestLatestParent >= index) { concurrent.append(index) }
            let latestParent: Int
            if nextForked >= 0, forked[nextForked] == index {
                nextForked -= 1
                latestParent = forkedParents[index]?.max() ?? -1
            } else {
                latestParent = index - 1
            }
            lowestLatestParent = min(lowestLatestParent, latestParent)
        }
        return concurrent.reversed()
    }

    /// Per LV, the index of the change among `indexes` (applied changes) that made it, or -1.
    package func lvOwners(among indexes: [Int]) -> [Int32] {
        var owners = [Int32](repeating: -1, count: content.count)
        for index in indexes {
            let end =
                index + 1 < changeLV.count ? Int(changeLV[index + 1]) : (open.map { Int($0.lvStart) } ?? content.count)
            for lv in Int(changeLV[index])..<end { owners[lv] = Int32(index) }
        }
        return owners
    }

    /// Whether the applied change at `ancestor` is one the change at `index` was made on,
    /// directly or not. Walks the graph back from `index` no further than `ancestor`.
    package func isAncestor(_ ancestor: Int, of index: Int) -> Bool {
        guard ancestor < index else { return false }
        var seen: Set<Int> = [index]
        var stack = [index]
        while let next = stack.popLast() {
            for parent in parents(of: next) where parent >= ancestor && seen.insert(parent).inserted {
                if parent == ancestor { return true }
                stack.append(parent)
            }
        }
        return false
    }

    /// Whether the applied changes at `a` and `b` were made without either seeing the other.
    package func areConcurrent(_ a: Int, _ b: Int) -> Bool {
        a != b && !isAncestor(min(a, b), of: max(a, b))
    }

    /// The characters (by LV) that the applied changes at `indexes` deleted, each with the
    /// indexes of those of them that deleted it. Reads the deletions a lazy load kept, and the
    /// operations of changes applied since: the history is not decoded.
    package func textDeletions(by indexes: Set<Int>) -> [Int32: [Int]] {
        var deletedBy: [Int32: [Int]] = [:]
        func add(_ start: OpID, _ count: Int, by change: Int) {
            for k in 0..<count {
                let id = OpID(replica: start.replica, counter: start.counter + UInt64(k))
                if let lv = lv(of: id) { deletedBy[lv, default: []].append(change) }
            }
        }
        let encodedCount = history.baseCount
        if indexes.contains(where: { $0 < encodedCount }) {
            for deletion in encodedDeletions where indexes.contains(Int(deletion.change)) {
                add(deletion.start, Int(deletion.count), by: Int(deletion.change))
            }
        }
        for index in indexes.sorted() where index >= encodedCount {
            for case .deleteText(let start, let count) in history[index].operations {
                add(start, count, by: index)
            }
        }
        return deletedBy
    }

    /// The hash of the applied change at `index` if it is known without decoding a loaded
    /// history: a change applied since the load, a head, or any change once the history is
    /// decoded.
    package func knownHash(ofChangeAt index: Int) -> ChangeHash? {
        if index >= history.baseCount || (history.base?.isMaterialised ?? true) { return history.hash(at: index) }
        return knownHashes.first { $0.value == index }?.key
    }
}
