import HuibaoModel

extension MetricScanner {
    /// The metric of a table cell holding only a value (`廉政约谈（次）\t5\t3`, as a Word table
    /// reads: cells separated by tabs), or `nil` if `range` is not a whole cell of a row that
    /// has a label.
    ///
    /// What is counted is the cell that names a unit in brackets, the row's first cell or the
    /// column's header (the nearest tab-separated line above with no value cells); the other is
    /// added in brackets: `廉政约谈（上半年）`, `廉政约谈（一支部）`. The unit is the bracketed one.
    static func tableCell(in scalars: [Unicode.Scalar], value range: Range<Int>) -> (label: String, unit: String)? {
        guard range.lowerBound > 0, scalars[range.lowerBound - 1] == "\t" else { return nil }
        var end = range.upperBound
        while end < scalars.count, scalars[end] == " " || scalars[end] == "\u{3000}" { end += 1 }
        guard end == scalars.count || scalars[end] == "\t" || scalars[end] == "\n" else { return nil }
        let row = line(around: range.lowerBound, in: scalars)
        let cells = cells(of: scalars[row])
        // The cell holding the value: count the tabs before it on its line.
        let column = scalars[row.lowerBound..<range.lowerBound].reduce(0) { $0 + ($1 == "\t" ? 1 : 0) }
        guard column >= 1, column < cells.count, let rowLabel = cells.first, !isValueCell(rowLabel) else { return nil }
        let header = headerCells(above: row.lowerBound, in: scalars).flatMap { column < $0.count ? $0[column] : nil }
        let (rowName, rowUnit) = bracketedUnit(of: rowLabel)
        let (headerName, headerUnit) = header.map(bracketedUnit) ?? ("", nil)
        let measure: String
        let other: String
        if headerUnit != nil && rowUnit == nil {
            (measure, other) = (headerName, rowName)
        } else {
            (measure, other) = (rowName, headerName)
        }
        guard !measure.isEmpty else { return nil }
        let label = other.isEmpty ? measure : "\(measure)（\(other)）"
        return (label, rowUnit ?? headerUnit ?? "")
    }

    /// The range of the line holding `index`, without its line break.
    static func line(around index: Int, in scalars: [Unicode.Scalar]) -> Range<Int> {
        var start = index
        while start > 0, scalars[start - 1] != "\n" { start -= 1 }
        var end = index
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        return start..<end
    }

    /// A line's tab-separated cells, trimmed.
    static func cells(of line: ArraySlice<Unicode.Scalar>) -> [String] {
        line.split(separator: "\t", omittingEmptySubsequences: false).map {
            String(scalars: $0).trimmingWhitespace()
        }
    }

    /// Whether a cell holds only a value: digits (with a decimal point), a placeholder or a
    /// conflict as rendered (`{4|5}`).
    static func isValueCell(_ cell: String) -> Bool {
        let scalars = Array(cell.unicodeScalars)
        guard !scalars.isEmpty else { return false }
        if scalars.first == "{" && scalars.last == "}" { return true }
        if scalars.allSatisfy(placeholderScalars.contains) { return true }
        return scalars.allSatisfy { isDigit($0) || $0 == "." || $0 == "．" } && isDigit(scalars[0])
    }

    /// The cells of the header row of the table whose row starts at `rowStart`: the nearest line
    /// above in the same block of tab-separated lines that has no value cells.
    static func headerCells(above rowStart: Int, in scalars: [Unicode.Scalar]) -> [String]? {
        var end = rowStart - 1
        while end > 0 {
            let above = line(around: end - 1, in: scalars)
            guard scalars[above].contains("\t") else { return nil }
            let cells = cells(of: scalars[above])
            if !cells.contains(where: isValueCell) { return cells }
            end = above.lowerBound - 1
        }
        return nil
    }

    /// A cell's name and the unit it names in brackets at its end (`廉政约谈（次）` → 廉政约谈, 次),
    /// when that is a counting unit.
    static func bracketedUnit(of cell: String) -> (name: String, unit: String?) {
        let scalars = Array(cell.unicodeScalars)
        guard let last = scalars.last, last == "）" || last == ")",
            let open = scalars.lastIndex(where: { $0 == "（" || $0 == "(" })
        else { return (cell, nil) }
        let inside = Array(scalars[(open + 1)..<(scalars.count - 1)])
        guard units.contains(where: { $0 == inside }) else { return (cell, nil) }
        return (String(scalars: scalars[..<open]).trimmingWhitespace(), String(scalars: inside[...]))
    }
}
