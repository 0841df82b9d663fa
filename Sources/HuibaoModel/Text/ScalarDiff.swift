/// A minimal edit script between two sequences (Myers' O((N+M)·D) algorithm after trimming the
/// common prefix and suffix).
///
/// Used on Unicode scalars to turn "the clerk edited the text in an editor" into fine-grained
/// operations, and on lines for `huibao diff`.
package enum ScalarDiff {
    /// One step of an edit script, applied left to right.
    package enum Edit: Equatable, Sendable {
        /// Keep `count` scalars of the old text.
        case keep(Int)
        /// Delete `count` scalars of the old text.
        case delete(Int)
        /// Insert these scalars of the new text.
        case insert(Range<Int>)
    }

    /// Beyond this many differences the middle is replaced whole (bounded time and memory).
    static let maxDifferences = 4_000

    /// The edit script turning `old` into `new`.
    package static func edits<Element: Equatable>(from old: [Element], to new: [Element]) -> [Edit] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        var script: [Edit] = []
        if prefix > 0 { script.append(.keep(prefix)) }
        let a = old[prefix..<old.count - suffix]
        let b = new[prefix..<new.count - suffix]
        script.append(contentsOf: middle(a, b, newOffset: prefix))
        if suffix > 0 { script.append(.keep(suffix)) }
        return compact(script)
    }

    /// Myers' algorithm on the differing middle; falls back to delete-all/insert-all.
    static func middle<Element: Equatable>(_ a: ArraySlice<Element>, _ b: ArraySlice<Element>, newOffset: Int) -> [Edit]
    {
        let n = a.count
        let m = b.count
        if n == 0 { return m == 0 ? [] : [.insert(newOffset..<newOffset + m)] }
        if m == 0 { return [.delete(n)] }
        let limit = min(n + m, maxDifferences)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[a.startIndex + x] == b[b.startIndex + y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break search
                }
            }
        }
        guard found else { return [.delete(n), .insert(newOffset..<newOffset + m)] }
        // Walk back through the trace, collecting single-scalar steps in reverse.
        var steps: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                steps.append(.keep(1))
                x -= 1
                y -= 1
            }
            if x == previousX {
                steps.append(.insert(newOffset + previousY..<newOffset + previousY + 1))
            } else {
                steps.append(.delete(1))
            }
            x = previousX
            y = previousY
        }
        while x > 0 && y > 0 {
            steps.append(.keep(1))
            x -= 1
            y -= 1
        }
        return steps.reversed()
    }

    /// Merges neighbouring steps of the same kind.
    static func compact(_ script: [Edit]) -> [Edit] {
        var out: [Edit] = []
        for edit in script {
            switch (out.last, edit) {
            case (.keep(let a)?, .keep(let b)): out[out.count - 1] = .keep(a + b)
            case (.delete(let a)?, .delete(let b)): out[out.count - 1] = .delete(a + b)
            case (.insert(let a)?, .insert(let b)) where a.upperBound == b.lowerBound:
                out[out.count - 1] = .insert(a.lowerBound..<b.upperBound)
            default: out.append(edit)
            }
        }
        return out
    }
}
