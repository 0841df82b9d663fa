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
/// run's first character's prediction on the right. Both are found in one pass over the runs (all
/// nearest smaller values, with a stack) and laid out by LV, so that the decoder, which asks in
/// LV order, reads them in memory order: a history of scattered insertions has as many runs as
/// changes, and looking each run up as the question came cost a cache miss apiece.
struct OriginPredictor {
    /// Per LV below the body's LV count: the predicted left origin (-1 for the start of the
    /// text).
    private var leftOf: [Int32]
    /// Per LV: the predicted right origin (-1 for the end of the text), or `unheld` for an LV no
    /// run holds.
    private var rightOf: [Int32]

    /// Marks an LV no state run holds.
    private static let unheld = Int32.min

    /// Builds the tables for `runs` (text order) of a body with `lvCount` operation ids.
    ///
    /// - Precondition: each run lies within `0..<lvCount` and has a positive length. Runs may
    ///   overlap (a damaged body): the later one wins the LV, and decoding refuses the body later.
    init(runs: [ItemRun], lvCount: Int) {
        var left = [Int32](repeating: -1, count: runs.count)
        var right = [Int32](repeating: -1, count: runs.count)
        var stack: [Int32] = []
        for (r, run) in runs.enumerated() {
            // The nearest earlier run that starts lower lies wholly below this run's start
            // (runs hold consecutive LVs and do not hold this one): its last character.
            while let top = stack.last, runs[Int(top)].lv > run.lv { stack.removeLast() }
            if let top = stack.last { left[r] = runs[Int(top)].end - 1 }
            stack.append(Int32(r))
        }
        stack.removeAll(keepingCapacity: true)
        for r in runs.indices.reversed() {
            while let top = stack.last, runs[Int(top)].lv > runs[r].lv { stack.removeLast() }
            if let top = stack.last { right[r] = runs[Int(top)].lv }
            stack.append(Int32(r))
        }
        var leftOf = [Int32](repeating: -1, count: lvCount)
        var rightOf = [Int32](repeating: OriginPredictor.unheld, count: lvCount)
        leftOf.withUnsafeMutableBufferPointer { leftOf in
            rightOf.withUnsafeMutableBufferPointer { rightOf in
                for (r, run) in runs.enumerated() {
                    leftOf[Int(run.lv)] = left[r]
                    rightOf[Int(run.lv)] = right[r]
                    for lv in Int(run.lv) + 1..<Int(run.end) {
                        leftOf[lv] = Int32(lv - 1)
                        rightOf[lv] = right[r]
                    }
                }
            }
        }
        self.leftOf = leftOf
        self.rightOf = rightOf
    }

    /// The predicted left and right origins of the character `lv`, or `nil` if no run holds it.
    @inline(__always)
    func origins(of lv: Int64) -> (left: Int64, right: Int64)? {
        guard lv >= 0, lv < Int64(rightOf.count) else { return nil }
        let right = rightOf[Int(lv)]
        guard right != OriginPredictor.unheld else { return nil }
        return (Int64(leftOf[Int(lv)]), Int64(right))
    }
}
