import HuibaoModel
import HuibaoReport

extension ReportView {
    /// Updates the view, and the rendered text `text` (UTF-8) it is for, for a write of `raw`
    /// that overwrites every value of metric `index`: the value in the text, the metrics of its
    /// line read again, the later metrics moved, its conflict gone, and a submitted or approved
    /// report marked changed since.
    ///
    /// Only the metric's line is decoded (with the table rows above it, whose header may name
    /// its cell): the words that name a value never reach past its line, so the cost does not
    /// grow with the text. It gives exactly the view a full reading of the report would give
    /// when the report has a single first version and no text conflicts (the caller checks;
    /// tests compare both ways).
    mutating func setMetric(at index: Int, to raw: String, in text: inout [UInt8]) {
        let old = metrics[index]
        let value = Array(raw.utf8)
        let scalarCount = raw.unicodeScalars.count
        let (start, end) = ReportView.byteOffsets(of: old.range, in: text)
        let window = ReportView.lines(around: start..<end, in: text)
        // Scalars from the window's start to the value, before and after the write.
        let before = ReportView.scalarCount(text[window.lowerBound..<start])
        text.replaceSubrange(start..<end, with: value)
        let windowEnd = window.upperBound + value.count - (end - start)
        let scalars = Array(String(decoding: text[window.lowerBound..<windowEnd], as: UTF8.self).unicodeScalars)
        let base = old.range.lowerBound - before
        let shift = scalarCount - old.range.count
        for k in metrics.indices where k > index {
            metrics[k].range = metrics[k].range.lowerBound + shift..<metrics[k].range.upperBound + shift
        }
        metrics[index].range = old.range.lowerBound..<old.range.lowerBound + scalarCount
        metrics[index].conflictingValues = nil
        // The words around a value name it: read every metric of the line again.
        for k in metrics.indices where metrics[k].line == old.line {
            let metric = metrics[k]
            let local = metric.range.lowerBound - base..<metric.range.upperBound - base
            var read = ReportMetric(
                reading: local, in: scalars, line: metric.line, part: metric.part, section: metric.section,
                id: metric.id, conflicting: metric.conflictingValues)
            read.range = metric.range
            metrics[k] = read
        }
        conflicts.metrics.removeAll { $0.id == old.id }
        for k in conflicts.metrics.indices where conflicts.metrics[k].line == old.line {
            guard let metric = metrics.first(where: { $0.id == conflicts.metrics[k].id }) else { continue }
            conflicts.metrics[k].sentence = ReportSnapshot.sentence(
                around: metric.range.lowerBound - base..<metric.range.upperBound - base, in: scalars)
        }
        let named = Set(
            conflicts.metrics.flatMap { $0.sides.compactMap(\.author) }
                + conflicts.textEdits.flatMap { $0.sides.map(\.author) } + conflicts.workflowSteps.compactMap(\.author))
        conflicts.names = conflicts.names.filter { key, _ in named.contains { $0.description == key } }
        if !workflow.pinned.isEmpty { workflow.changedSincePinned = true }
    }

    /// The UTF-8 offsets of the scalars at `range`.
    static func byteOffsets(of range: Range<Int>, in text: [UInt8]) -> (start: Int, end: Int) {
        var scalar = 0
        var start = text.count
        var end = text.count
        for (offset, byte) in text.enumerated() where byte & 0xC0 != 0x80 {
            if scalar == range.lowerBound { start = offset }
            if scalar == range.upperBound {
                end = offset
                break
            }
            scalar += 1
        }
        return (start, end)
    }

    /// The bytes of the line holding `range`, with its line break, and the lines above it that
    /// belong to the same table (tab-separated rows) when it is a table row.
    static func lines(around range: Range<Int>, in text: [UInt8]) -> Range<Int> {
        let newline = UInt8(ascii: "\n")
        let tab = UInt8(ascii: "\t")
        var start = range.lowerBound
        while start > 0, text[start - 1] != newline { start -= 1 }
        var end = range.upperBound
        while end < text.count, text[end] != newline { end += 1 }
        if end < text.count { end += 1 }
        if text[start..<end].contains(tab) {
            while start > 0 {
                var above = start - 1
                while above > 0, text[above - 1] != newline { above -= 1 }
                guard text[above..<start].contains(tab) else { break }
                start = above
            }
        }
        return start..<end
    }

    /// The number of Unicode scalars in valid UTF-8 bytes.
    static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
}
