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
/// run's first character's prediction on the right. Both tables are built in one pass over the
/// runs (all nearest smaller values, with a stack), so every prediction is O(1).
struct OriginPredictor {
    /// Per LV below the body's LV count: the state run holding it, or -1.
    private var runOfLV: [Int32]
    /// The first LV of each run, in text order.
    private var starts: [Int32]
    /// Per run: the predicted left origin of its first character (-1 for the start).
    private var left: [Int32]
    /// Per run: the predicted right origin of its characters (-1 for the end).
    private var right: [Int32]

    /// Builds the tables for `runs` (text order) of a body with `lvCount` operation ids.
    ///
    /// - Precondition: each run lies within `0..<lvCount` and has a positive length. Runs may
    ///   overlap (a damaged body): the later one wins the LV, and decoding refuses the body later.
    init(runs: [ItemRun], lvCount: Int) {
        runOfLV = [Int32](repeating: -1, count: lvCount)
        starts = runs.map(\.lv)
        left = [Int32](repeating: -1, count: runs.count)
        right = [Int32](repeating: -1, count: runs.count)
        var stack: [Int32] = []
        runOfLV.withUnsafeMutableBufferPointer { index in
            for (r, run) in runs.enumerated() {
                for lv in Int(run.lv)..<Int(run.end) { index[lv] = Int32(r) }
                // The nearest earlier run that starts lower lies wholly below this run's start
                // (runs hold consecutive LVs and do not hold this one): its last character.
                while let top = stack.last, runs[Int(top)].lv > run.lv { stack.removeLast() }
                if let top = stack.last { left[r] = runs[Int(top)].end - 1 }
                stack.append(Int32(r))
            }
        }
        stack.removeAll(keepingCapacity: true)
        for r in runs.indices.reversed() {
            while let top = stack.last, runs[Int(top)].lv > runs[r].lv { stack.removeLast() }
            if let top = stack.last { right[r] = runs[Int(top)].lv }
            stack.append(Int32(r))
        }
    }

    /// The predicted left and right origins of the character `lv`, or `nil` if no run holds it.
    @inline(__always)
    func origins(of lv: Int64) -> (left: Int64, right: Int64)? {
        guard lv >= 0, lv < Int64(runOfLV.count) else { return nil }
        let r = Int(runOfLV[Int(lv)])
        guard r >= 0 else { return nil }
        let start = Int64(starts[r])
        return (lv == start ? Int64(left[r]) : lv - 1, Int64(right[r]))
    }
}
