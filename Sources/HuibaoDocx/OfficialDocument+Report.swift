import HuibaoModel
public import HuibaoReport

extension OfficialDocument {
    /// A report laid out as an official document: one paragraph per line of its text, so that
    /// importing the .docx gives the same text back.
    ///
    /// The title line (``ReportStructure/title``) is the title; `一、` lines are first-level
    /// headings, `（一）` lines second-level headings (a `（一）` line that goes on after its heading
    /// sentence keeps the body font for the rest); values two people wrote concurrently
    /// (`{4|5}`) and values not filled in (`*`) are marked. Consecutive body lines with the same
    /// number of tab-separated cells (a table, as a Word table imports) are a table again, the
    /// first line its header. A text without a title line gets none: the document holds exactly
    /// the report's text.
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
        var blocks = Self.tabled(
            Self.paragraphs(of: snapshot.text, structure: snapshot.structure, marks: marks, titleRole: .title))
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

    /// `paragraphs` with each run of two or more body lines of the same number (at least two) of
    /// tab-separated cells made a table: re-imported, its rows read as the same lines.
    static func tabled(_ paragraphs: [Paragraph]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < paragraphs.count {
            let first = paragraphs[index]
            let columns = first.role == .body ? cells(of: first).count : 0
            var rows: [[[Run]]] = [cells(of: first)]
            var next = index + 1
            while columns >= 2, next < paragraphs.count, paragraphs[next].role == .body,
                case let row = cells(of: paragraphs[next]), row.count == columns
            {
                rows.append(row)
                next += 1
            }
            guard rows.count >= 2 else {
                blocks.append(.paragraph(first))
                index += 1
                continue
            }
            let header = rows[0].map { $0.map(\.text).joined() }
            let body = rows.dropFirst().map { row in
                row.map { runs in
                    let text = runs.map(\.text).joined()
                    return Table.Cell(runs, numeric: !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." })
                }
            }
            blocks.append(.table(Table(header: header, rows: Array(body))))
            index = next
        }
        return blocks
    }

    /// A paragraph's runs cut into its tab-separated cells.
    static func cells(of paragraph: Paragraph) -> [[Run]] {
        var cells: [[Run]] = [[]]
        for run in paragraph.runs {
            let pieces = run.text.split(separator: "\t", omittingEmptySubsequences: false)
            for (offset, piece) in pieces.enumerated() {
                if offset > 0 { cells.append([]) }
                if !piece.isEmpty { cells[cells.count - 1].append(Run(String(piece), run.mark)) }
            }
        }
        return cells
    }
}
