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
    /// The first LV of each run, in ascending LV order.
    private let starts: [Int32]
    /// One past the last LV of each run, in the order of `starts`.
    private let ends: [Int32]
    /// Per run, in the order of `starts`: the predicted left origin of its first character (-1
    /// for the start).
    private let left: [Int32]
    /// Per run, in the order of `starts`: the predicted right origin of its characters (-1 for
    /// the end).
    private let right: [Int32]
    /// The position in `starts` of the run the last prediction came from.
    private var cursor = 0

    /// Builds the tables for `runs` (text order), given their positions in ascending LV order.
    ///
    /// - Parameter order: the positions of `runs` sorted by LV (``RadixSort/order(of:)``).
    ///
    /// Runs may overlap (a damaged body): predictions then come from one of the overlapping
    /// runs, and decoding refuses the body anyway.
    init(runs: [ItemRun], order: [Int32]) {
        precondition(order.count == runs.count, "an order of other runs")
        let count = runs.count
        var leftOfRun = [Int32](repeating: -1, count: count)
        var rightOfRun = [Int32](repeating: -1, count: count)
        runs.withUnsafeBufferPointer { runs in
            leftOfRun.withUnsafeMutableBufferPointer { leftOfRun in
                rightOfRun.withUnsafeMutableBufferPointer { rightOfRun in
                    // A stack of run positions, as a buffer: at most every run is on it.
                    let stack = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
                    defer { stack.deallocate() }
                    // The nearest earlier run that starts lower lies wholly below this run's
                    // start (runs hold consecutive LVs and do not hold this one): its last
                    // character.
                    var height = 0
                    for r in 0..<count {
                        while height > 0 && runs[Int(stack[height - 1])].lv > runs[r].lv { height -= 1 }
                        if height > 0 { leftOfRun[r] = runs[Int(stack[height - 1])].end - 1 }
                        stack[height] = Int32(r)
                        height += 1
                    }
                    height = 0
                    for r in (0..<count).reversed() {
                        while height > 0 && runs[Int(stack[height - 1])].lv > runs[r].lv { height -= 1 }
                        if height > 0 { rightOfRun[r] = runs[Int(stack[height - 1])].lv }
                        stack[height] = Int32(r)
                        height += 1
                    }
                }
            }
        }
        starts = order.map { runs[Int($0)].lv }
        ends = order.map { runs[Int($0)].end }
        left = order.map { leftOfRun[Int($0)] }
        right = order.map { rightOfRun[Int($0)] }
    }

    /// Builds the tables for `runs` (text order).
    init(runs: [ItemRun]) {
        self.init(runs: runs, order: RadixSort.order(of: runs.map { UInt32(bitPattern: $0.lv) }))
    }

    /// The predicted left and right origins of the character `lv`, or `nil` if no run holds it.
    ///
    /// O(1) when `lv` is not below the LV asked for before; otherwise a binary search.
    @inline(__always)
    mutating func origins(of lv: Int64) -> (left: Int64, right: Int64)? {
        guard !starts.isEmpty, lv >= 0, lv <= Int64(Int32.max) else { return nil }
        let lv = Int32(lv)
        if lv < starts[cursor] {
            // The last run starting at or below `lv`.
            var low = 0
            var high = cursor
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] <= lv { low = mid + 1 } else { high = mid }
            }
            guard low > 0 else { return nil }
            cursor = low - 1
        } else {
            while cursor + 1 < starts.count && starts[cursor + 1] <= lv { cursor += 1 }
        }
        guard lv < ends[cursor] else { return nil }
        return (lv == starts[cursor] ? Int64(left[cursor]) : Int64(lv) - 1, Int64(right[cursor]))
    }
}
