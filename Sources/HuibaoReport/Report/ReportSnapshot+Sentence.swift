import HuibaoModel

extension ReportSnapshot {
    /// The sentence around `range` of `scalars` (a report's text): from after the previous 。！？；
    /// or line break to the next one, without surrounding blanks.
    package static func sentence(around range: Range<Int>, in scalars: [Unicode.Scalar]) -> String {
        let ends: Set<Unicode.Scalar> = ["。", "！", "？", "；", "\n"]
        var start = range.lowerBound
        while start > 0, !ends.contains(scalars[start - 1]) { start -= 1 }
        var end = range.upperBound
        while end < scalars.count, !ends.contains(scalars[end]) { end += 1 }
        if end < scalars.count, scalars[end] != "\n" { end += 1 }
        let blanks: Set<Unicode.Scalar> = [" ", "\u{3000}", "\t"]
        while start < end, blanks.contains(scalars[start]) { start += 1 }
        while end > start, blanks.contains(scalars[end - 1]) { end -= 1 }
        return String(scalars: scalars[start..<end])
    }
}
