import HuibaoModel

extension ReportSnapshot {
    /// What ends a sentence: 。！？； and a line break.
    static let sentenceEnds: ScalarSet = "。！？；\n"
    /// The blanks trimmed around a sentence.
    static let blanks: ScalarSet = " \u{3000}\t"

    /// The sentence around `range` of `scalars` (a report's text): from after the previous 。！？；
    /// or line break to the next one, without surrounding blanks.
    package static func sentence(around range: Range<Int>, in scalars: [Unicode.Scalar]) -> String {
        var start = range.lowerBound
        while start > 0, !sentenceEnds.contains(scalars[start - 1]) { start -= 1 }
        var end = range.upperBound
        while end < scalars.count, !sentenceEnds.contains(scalars[end]) { end += 1 }
        if end < scalars.count, scalars[end] != "\n" { end += 1 }
        while start < end, Self.blanks.contains(scalars[start]) { start += 1 }
        while end > start, Self.blanks.contains(scalars[end - 1]) { end -= 1 }
        return String(scalars: scalars[start..<end])
    }
}
