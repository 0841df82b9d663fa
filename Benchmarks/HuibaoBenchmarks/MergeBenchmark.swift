import HuibaoModel
import HuibaoReport

/// Merges two replicas that each replayed the second half of a trace on a shared first half.
struct MergeBenchmark {
    var trace: EditingTrace
    var reps: Int

    func run() throws -> BenchmarkResult {
        let half = trace.patches.count / 2
        var base = Document(replica: ReplicaID(1))
        try replay(trace.patches[..<half], into: &base)
        base.commit(wallTime: 1)
        var mergeTimes: [Double] = []
        var ok = true
        var mergedLength = 0
        var concurrent = 0
        for _ in 0..<reps {
            var a = base.forked(as: ReplicaID(2))
            var b = base.forked(as: ReplicaID(3))
            try replay(trace.patches[half...], into: &a)
            try replay(trace.patches[half...], into: &b)
            a.commit(wallTime: 2)
            b.commit(wallTime: 2)
            let fromA = a.changes(notIn: b.versionVector)
            let fromB = b.changes(notIn: a.versionVector)
            concurrent = fromA.count + fromB.count
            let (_, time) = try milliseconds {
                try a.apply(fromB)
                try b.apply(fromA)
            }
            mergeTimes.append(time)
            ok = ok && a.text == b.text && a.heads == b.heads && a.encoded() == b.encoded()
            mergedLength = a.textLength
        }
        return BenchmarkResult(fields: [
            ("trace", trace.name), ("mode", "merge"), ("patches", trace.patches.count),
            ("patches_per_replica", trace.patches.count - half), ("ok", ok), ("merge_ms", median(mergeTimes)),
            ("concurrent_changes", concurrent), ("merged_length", mergedLength), ("reps", reps),
        ])
    }

    func replay(_ patches: ArraySlice<EditingTrace.Patch>, into document: inout Document) throws {
        for patch in patches {
            if patch.deleted > 0 { try document.delete(at: patch.position, count: patch.deleted) }
            if !patch.inserted.isEmpty { try document.insert(patch.inserted, at: patch.position) }
        }
    }
}
