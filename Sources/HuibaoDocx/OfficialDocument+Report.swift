import HuibaoModel
public import HuibaoReport

extension OfficialDocument {
    /// A report laid out as an official document: one paragraph per line of its text, so that
    /// importing the .docx gives the same text back.
    ///
    /// The title line (``ReportStructure/title``) is the title; `一、` lines are first-level
    /// headings, `（一）` lines second-level headings (a `（一）` line that goes on after its heading
    /// sentence keeps the body font for the rest); values two people wrote concurrently
    /// (`{4|5}`) and values not filled in (`*`) are marked. A text without a title line gets
    /// none: the document holds exactly the report's text.
    ///
    /// - Parameters:
    ///   - snapshot: The report as it reads.
    ///   - appendix: Lines after the text in small type, after an empty line (the list of
    ///     conflicts `huibao export` writes; re-import leaves it out).
    public init(snapshot: ReportSnapshot, appendix: String? = nil) {
        var marks: [(range: Range<Int>, mark: Mark)] = []
        for metric in snapshot.metrics {
            if metric.conflictingValues != nil {
                marks.append((metric.range, .conflict))
            } else if metric.isMissing {
                marks.append((metric.range, .missing))
            }
        }
        var blocks = Self.paragraphs(
            of: snapshot.text, structure: snapshot.structure, marks: marks, titleRole: .title
        ).map(Block.paragraph)
        if let appendix {
            blocks.append(.paragraph(Paragraph(.body, [])))
            for line in appendix.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                appendix.hasSuffix("\n") ? 1 : 0)
            {
                blocks.append(.paragraph(Paragraph(.note, [Run(String(line))])))
            }
        }
        self.init(blocks: blocks)
    }

    /// The paragraphs of a report's text, one per line (a final line break ends the last line,
    /// it adds none), with roles from `structure` and `marks` (ranges of Unicode scalars).
    static func paragraphs(
        of text: String, structure: ReportStructure, marks: [(range: Range<Int>, mark: Mark)], titleRole: Role
    ) -> [Paragraph] {
        let scalars = Array(text.unicodeScalars)
        var parts = Set<Int>()
        var sections: [Int: Bool] = [:]  // line → heading only
        for part in structure.parts {
            parts.insert(part.marker.line)
            for section in part.sections { sections[section.marker.line] = section.headingOnly }
        }
        var scalarMarks = [Mark?](repeating: nil, count: scalars.count)
        for (range, mark) in marks where range.lowerBound >= 0 && range.upperBound <= scalars.count {
            for index in range { scalarMarks[index] = mark }
        }
        var lines: [Range<Int>] = []
        var start = 0
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            lines.append(start..<index)
            start = index + 1
        }
        if start < scalars.count { lines.append(start..<scalars.count) }
        var paragraphs: [Paragraph] = []
        paragraphs.reserveCapacity(lines.count)
        for (index, range) in lines.enumerated() {
            let line = index + 1
            var role = Role.body
            var plain = Mark.plain
            var headingEnd = range.lowerBound
            if line == structure.titleLine {
                role = titleRole
                if titleRole == .body { plain = .strong }
            } else if parts.contains(line) {
                role = .heading1
            } else if let headingOnly = sections[line] {
                if headingOnly {
                    role = .heading2
                } else {
                    // The heading sentence, through its 。, in the heading's font.
                    headingEnd = range.first { scalars[$0] == "。" }.map { $0 + 1 } ?? range.lowerBound
                }
            }
            func mark(at index: Int) -> Mark {
                scalarMarks[index] ?? (index < headingEnd ? .heading2 : plain)
            }
            var runs: [Run] = []
            var runStart = range.lowerBound
            while runStart < range.upperBound {
                let current = mark(at: runStart)
                var runEnd = runStart + 1
                while runEnd < range.upperBound && mark(at: runEnd) == current { runEnd += 1 }
                runs.append(Run(String(String.UnicodeScalarView(scalars[runStart..<runEnd])), current))
                runStart = runEnd
            }
            paragraphs.append(Paragraph(role, runs))
        }
        return paragraphs
    }
}
