extension TextSequence {
    /// A broken internal invariant, found by ``checkInvariants()``.
    package struct InvariantViolation: Error, CustomStringConvertible {
        /// What is broken.
        package var description: String
    }

    /// Checks every internal invariant and throws the first one that is broken.
    ///
    /// Tests call it after each step of randomized runs; it is O(size of the text), so it is
    /// never called on production paths.
    package func checkInvariants() throws(InvariantViolation) {
        func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(InvariantViolation) {
            if !condition { throw InvariantViolation(description: message()) }
        }
        var total = 0
        var seen = Set<Int32>()
        try check(order.count == runCount.count, "order lists \(order.count) leaves, there are \(runCount.count)")
        for (position, leaf32) in order.enumerated() {
            let leaf = Int(leaf32)
            try check(Int(rank[leaf]) == position, "rank of leaf \(leaf) is \(rank[leaf]), expected \(position)")
            try check(runCount[leaf] <= TextSequence.leafCapacity, "leaf \(leaf) overfull")
            try check(runCount[leaf] > 0 || order.count == 1, "empty leaf \(leaf) in a non-empty text")
            var visible = 0
            for index in 0..<runCount[leaf] {
                let run = runs[base(leaf) + index]
                try check(run.length > 0, "empty run in leaf \(leaf)")
                visible += run.visibleLength
                for lv in run.lv..<run.end {
                    try check(
                        leafOfLV[Int(lv)] == leaf32, "LV \(lv) indexed in leaf \(leafOfLV[Int(lv)]), is in \(leaf)")
                    try check(seen.insert(lv).inserted, "LV \(lv) appears twice")
                }
            }
            try check(
                visible == leafVisible[leaf], "leaf \(leaf) counts \(leafVisible[leaf]) visible, holds \(visible)")
            total += visible
        }
        try check(total == count, "count is \(count), leaves hold \(total)")
        var prefix = 0
        for position in 0..<order.count {
            prefix += leafVisible[Int(order[position])]
            let (found, remainder) = findLeaf(visible: max(prefix - 1, 0))
            if leafVisible[Int(order[position])] > 0 {
                try check(
                    found == position && remainder == leafVisible[Int(order[position])] - 1,
                    "Fenwick tree out of sync at leaf position \(position)")
            }
        }
        for (lv, leaf) in leafOfLV.enumerated() where leaf >= 0 {
            try check(seen.contains(Int32(lv)), "LV \(lv) indexed but not in any run")
        }
    }
}
