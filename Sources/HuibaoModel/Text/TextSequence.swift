/// The body text CRDT: a sequence of Unicode scalars that replicas edit concurrently.
///
/// Characters are identified by their local version (LV, see ``ItemRun``); ``Document`` maps
/// LVs to and from the replica-independent ``OpID``s. The ordering of concurrent insertions is
/// the YjsMod/FugueMax rule (see `TextOrdering.md`): concurrent insertions at one place never
/// interleave character by character.
///
/// Storage: item runs live in fixed-capacity leaves of a flat pool; the leaves are kept in
/// document order and a Fenwick tree over their visible lengths finds a visible position in
/// O(log leaves). A per-LV array maps each character to its leaf, so remote operations that
/// address characters by id find them in O(1) plus a scan of one leaf.
public struct TextSequence: Sendable {
    /// Runs per leaf.
    static let leafCapacity = 64

    /// The run pool: leaf `i` owns slots `i * leafCapacity ..< i * leafCapacity + runCount[i]`.
    var runs: [ItemRun] = []
    /// Number of runs in each leaf.
    var runCount: [Int] = []
    /// Visible characters in each leaf.
    var leafVisible: [Int] = []
    /// Leaf ids in document order.
    var order: [Int32] = []
    /// Position of each leaf in `order`.
    var rank: [Int32] = []
    /// Fenwick tree (1-based) over `leafVisible` in document order.
    var fenwick: [Int] = [0]
    /// The leaf holding each character, by LV; -1 for LVs that are not characters.
    var leafOfLV: [Int32] = []

    /// The number of visible characters.
    public private(set) var count: Int = 0

    /// Creates an empty text.
    public init() {
        appendEmptyLeaf()
        order = [0]
        rank = [0]
        rebuildFenwick()
    }

    /// The number of leaves (for tests and benchmarks).
    package var leafCount: Int { runCount.count }

    /// The total number of runs (for tests and benchmarks).
    package var runTotal: Int { runCount.reduce(0, +) }

    // MARK: - Leaves

    @inline(__always)
    func base(_ leaf: Int) -> Int { leaf &* TextSequence.leafCapacity }

    mutating func appendEmptyLeaf() {
        runCount.append(0)
        leafVisible.append(0)
        runs.append(
            contentsOf: repeatElement(
                ItemRun(lv: 0, length: 0, originLeft: -1, originRight: -1, deleted: false),
                count: TextSequence.leafCapacity))
    }

    mutating func rebuildFenwick() {
        let n = order.count
        fenwick = [Int](repeating: 0, count: n + 1)
        for i in 1...max(n, 1) where i <= n {
            fenwick[i] += leafVisible[Int(order[i - 1])]
            let j = i + (i & -i)
            if j <= n { fenwick[j] += fenwick[i] }
        }
    }

    @inline(__always)
    mutating func addVisible(_ delta: Int, leaf: Int) {
        guard delta != 0 else { return }
        leafVisible[leaf] += delta
        count += delta
        var i = Int(rank[leaf]) + 1
        let n = order.count
        while i <= n {
            fenwick[i] += delta
            i += i & -i
        }
    }

    /// The leaf (by order index) holding visible index `position`, and the index within it.
    @inline(__always)
    func findLeaf(visible position: Int) -> (order: Int, remainder: Int) {
        let n = order.count
        var index = 0
        var remainder = position
        var step = 1
        while step * 2 <= n { step *= 2 }
        while step > 0 {
            let next = index + step
            if next <= n && fenwick[next] <= remainder {
                index = next
                remainder -= fenwick[next]
            }
            step >>= 1
        }
        return (index, remainder)
    }

    /// Moves the upper half of a full leaf into a new leaf placed right after it; returns the new leaf.
    mutating func splitLeaf(_ leaf: Int) -> Int {
        let newLeaf = runCount.count
        appendEmptyLeaf()
        let total = runCount[leaf]
        let half = total / 2
        let from = base(leaf)
        let to = base(newLeaf)
        var moved = 0
        for k in half..<total {
            let run = runs[from + k]
            runs[to + k - half] = run
            moved += run.visibleLength
            for lv in Int(run.lv)..<Int(run.end) { leafOfLV[lv] = Int32(newLeaf) }
        }
        runCount[leaf] = half
        runCount[newLeaf] = total - half
        leafVisible[leaf] -= moved
        leafVisible[newLeaf] = moved
        let position = Int(rank[leaf]) + 1
        order.insert(Int32(newLeaf), at: position)
        rank.append(0)
        for i in position..<order.count { rank[Int(order[i])] = Int32(i) }
        rebuildFenwick()
        return newLeaf
    }

    /// Inserts `run` into `leaf` at `index`, splitting the leaf if it is full; counts its visible
    /// characters and records its leaf. Returns where the run landed.
    @discardableResult
    mutating func insertRun(_ run: ItemRun, leaf: Int, at index: Int) -> (leaf: Int, index: Int) {
        var leaf = leaf
        var index = index
        if runCount[leaf] == TextSequence.leafCapacity {
            let newLeaf = splitLeaf(leaf)
            let half = runCount[leaf]
            if index > half {
                leaf = newLeaf
                index -= half
            }
        }
        let b = base(leaf)
        let n = runCount[leaf]
        if index < n {
            runs.withUnsafeMutableBufferPointer { pool in
                let start = pool.baseAddress.unsafelyUnwrapped + b + index
                (start + 1).update(from: start, count: n - index)
            }
        }
        runs[b + index] = run
        runCount[leaf] += 1
        if leafOfLV[Int(run.lv)] != Int32(leaf) {
            for lv in Int(run.lv)..<Int(run.end) { leafOfLV[lv] = Int32(leaf) }
        }
        addVisible(run.visibleLength, leaf: leaf)
        return (leaf, index)
    }

    /// Removes the run at `index` of `leaf` (its characters must be merged elsewhere by the caller).
    mutating func removeRun(leaf: Int, at index: Int) {
        let b = base(leaf)
        let n = runCount[leaf]
        if index < n - 1 {
            runs.withUnsafeMutableBufferPointer { pool in
                let start = pool.baseAddress.unsafelyUnwrapped + b + index
                start.update(from: start + 1, count: n - 1 - index)
            }
        }
        runCount[leaf] = n - 1
    }

    /// Splits the run at `index` so that its first `offset` characters stay and the rest follow
    /// as a new run. Returns where the second part landed.
    @discardableResult
    mutating func splitRun(leaf: Int, at index: Int, offset: Int32) -> (leaf: Int, index: Int) {
        let slot = base(leaf) + index
        var tail = runs[slot]
        precondition(offset > 0 && offset < tail.length, "split outside the run")
        tail.lv += offset
        tail.length -= offset
        tail.originLeft = tail.lv - 1
        runs[slot].length = offset
        addVisible(-tail.visibleLength, leaf: leaf)
        return insertRun(tail, leaf: leaf, at: index + 1)
    }

    /// Makes room in the per-LV index for LVs below `end`.
    mutating func reserveLVs(upTo end: Int) {
        if leafOfLV.count < end {
            // Grow geometrically: -1 already means "not a character", so spare entries are harmless.
            leafOfLV.append(contentsOf: repeatElement(-1, count: max(end - leafOfLV.count, leafOfLV.count / 2, 1024)))
        }
    }
}

extension TextSequence {
    /// Builds a text from runs in text order (a decoded snapshot), filling leaves to three
    /// quarters so that later edits rarely split them at once.
    ///
    /// - Parameters:
    ///   - runs: the runs in text order; each LV below `lvCount` appears in at most one run.
    ///   - lvCount: one past the largest LV of the document (characters or not).
    init(runs source: [ItemRun], lvCount: Int) {
        self.init()
        leafOfLV = [Int32](repeating: -1, count: lvCount)
        guard !source.isEmpty else { return }
        let perLeaf = TextSequence.leafCapacity * 3 / 4
        let leaves = (source.count + perLeaf - 1) / perLeaf
        runCount = []
        leafVisible = []
        runs = []
        runs.reserveCapacity(leaves * TextSequence.leafCapacity)
        for leaf in 0..<leaves {
            appendEmptyLeaf()
            let slice = source[leaf * perLeaf..<min(source.count, (leaf + 1) * perLeaf)]
            var visible = 0
            leafOfLV.withUnsafeMutableBufferPointer { index in
                for (offset, run) in slice.enumerated() {
                    runs[leaf * TextSequence.leafCapacity + offset] = run
                    visible += run.visibleLength
                    for lv in Int(run.lv)..<Int(run.end) { index[lv] = Int32(leaf) }
                }
            }
            runCount[leaf] = slice.count
            leafVisible[leaf] = visible
            count += visible
        }
        order = (0..<leaves).map { Int32($0) }
        rank = order
        rebuildFenwick()
    }
}
