/// Predicts the origins of each insertion from the text order of a document body's state
/// snapshot (format 3), so that the body stores only where the prediction is wrong.
///
/// When a character with LV `x` was inserted on a replica that knew every LV below `x` (any
/// linear history: one replica typing, or changes made one after the other), it went right after
/// its left origin and right before its right origin, and everything later placed between them
/// has a larger LV. So in the final text order its left origin is the nearest earlier character
/// with an LV below `x`, and its right origin the nearest later one. For concurrent histories the
/// prediction can be wrong; the body then holds the difference.
///
/// Within a state run (consecutive LVs, each inserted after the one before, all with one right
/// origin) the prediction for a character after the first is its predecessor on the left and the
/// run's first character's prediction on the right. Both are computed per run in one pass over
/// the runs (all nearest smaller values, with a stack), and the runs are kept in LV order, so
/// asking for LVs in ascending order (as encoding and decoding do) costs O(1) each: nothing is
/// stored per character.
struct OriginPredictor {
    /// One run's LVs and predictions, in the predictor's table.
    struct Entry {
        /// The first LV of the run.
        var start: Int32
        /// One past the last LV of the run.
        var end: Int32
        /// The predicted left origin of its first character (-1 for the start).
        var left: Int32
        /// The predicted right origin of its characters (-1 for the end).
        var right: Int32
    }

    /// The runs in ascending LV order (one table, so that a prediction reads one cache line).
    private let entries: [Entry]
    /// The position in `entries` of the run the last prediction came from.
    private var cursor = 0

    /// Builds the tables for `runs` (text order), given their positions in ascending LV order.
    ///
    /// - Parameter order: the positions of `runs` sorted by LV (``RadixSort/order(of:)``).
    ///
    /// Runs may overlap (a damaged body, see ``firstOverlap()``): predictions then come from one
    /// of the overlapping runs, and decoding refuses the body anyway.
    init(runs: [ItemRun], order: [Int32]) {
        precondition(order.count == runs.count, "an order of other runs")
        let count = runs.count
        entries = runs.withUnsafeBufferPointer { runs in
            // Per run, in text order: the nearest earlier and later runs that start lower, as
            // the left and right predictions (a stack of run positions, at most every run).
            let origins = UnsafeMutableBufferPointer<(left: Int32, right: Int32)>.allocate(capacity: count)
            let stack = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
            defer {
                origins.deallocate()
                stack.deallocate()
            }
            // The nearest earlier run that starts lower lies wholly below this run's start (runs
            // hold consecutive LVs and do not hold this one): its last character.
            var height = 0
            for r in 0..<count {
                while height > 0 && runs[Int(stack[height - 1])].lv > runs[r].lv { height -= 1 }
                origins[r].left = height > 0 ? runs[Int(stack[height - 1])].end - 1 : -1
                stack[height] = Int32(r)
                height += 1
            }
            height = 0
            for r in (0..<count).reversed() {
                while height > 0 && runs[Int(stack[height - 1])].lv > runs[r].lv { height -= 1 }
                origins[r].right = height > 0 ? runs[Int(stack[height - 1])].lv : -1
                stack[height] = Int32(r)
                height += 1
            }
            // One pass in LV order gathers each run and its predictions.
            return [Entry](unsafeUninitializedCapacity: count) { entries, initialized in
                for (k, position) in order.enumerated() {
                    let run = runs[Int(position)]
                    let predicted = origins[Int(position)]
                    entries[k] = Entry(start: run.lv, end: run.end, left: predicted.left, right: predicted.right)
                }
                initialized = count
            }
        }
    }

    /// Builds the tables for `runs` (text order).
    init(runs: [ItemRun]) {
        self.init(runs: runs, order: RadixSort.order(of: runs.map { UInt32(bitPattern: $0.lv) }))
    }

    /// The first run, by its place in ascending LV order, that starts before the run below it
    /// ends (two runs share a character), and that character; `nil` if the runs are disjoint.
    func firstOverlap() -> (index: Int, lv: Int32)? {
        var previous: Int32 = 0
        for (index, entry) in entries.enumerated() {
            if entry.start < previous { return (index, entry.start) }
            previous = entry.end
        }
        return nil
    }

    /// The predicted left and right origins of the character `lv`, or `nil` if no run holds it.
    ///
    /// O(1) when `lv` is not below the LV asked for before; otherwise a binary search.
    @inline(__always)
    mutating func origins(of lv: Int64) -> (left: Int64, right: Int64)? {
        guard !entries.isEmpty, lv >= 0, lv <= Int64(Int32.max) else { return nil }
        let lv = Int32(lv)
        if lv < entries[cursor].start {
            // The last run starting at or below `lv`.
            var low = 0
            var high = cursor
            while low < high {
                let mid = (low + high) / 2
                if entries[mid].start <= lv { low = mid + 1 } else { high = mid }
            }
            guard low > 0 else { return nil }
            cursor = low - 1
        } else {
            while cursor + 1 < entries.count && entries[cursor + 1].start <= lv { cursor += 1 }
        }
        let entry = entries[cursor]
        guard lv < entry.end else { return nil }
        return (lv == entry.start ? Int64(entry.left) : Int64(lv) - 1, Int64(entry.right))
    }
}
