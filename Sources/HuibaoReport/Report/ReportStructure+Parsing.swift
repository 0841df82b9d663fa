import HuibaoModel

extension ReportStructure {
    /// Derives the structure of `text` (LF line endings). Linear in the text's length.
    public init(text: String) {
        self.init(scalars: Array(text.unicodeScalars))
    }

    /// Derives the structure of a text given as its Unicode scalars (LF line endings), for a
    /// caller that holds them already. Linear in the text's length.
    package init(scalars: [Unicode.Scalar]) {
        var parser = StructureParser()
        var number = 1
        var start = 0
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            parser.read(scalars[start..<offset], number: number)
            number += 1
            start = offset + 1
        }
        parser.read(scalars[start...], number: number)
        self = parser.finish(lineCount: number)
    }
}

/// Reads a report line by line and builds its ``ReportStructure``.
struct StructureParser {
    var title: String?
    var titleLine: Int?
    var firstContentLine: Int?
    var parts: [ReportStructure.Part] = []
    var warnings: [ImportNote] = []
    /// The last point number in the current run of points (reset by headings and by 一是).
    var lastPoint: Int?
    var lastSubPoint: Int?

    mutating func read(_ line: ArraySlice<Unicode.Scalar>, number: Int) {
        let trimmed = line.drop { $0.properties.isWhitespace }
        guard !trimmed.isEmpty else { return }
        let isFirst = firstContentLine == nil
        if isFirst { firstContentLine = number }
        if let (marker, rest) = partMarker(trimmed) {
            let expected = (parts.last?.marker.number ?? 0) + 1
            check(found: marker.number, expected: expected, what: "part", marker: marker.marker, line: number)
            parts.append(
                ReportStructure.Part(
                    marker: ReportStructure.Marker(marker: marker.marker, number: marker.number, line: number),
                    heading: String(scalars: rest), lines: number...number, sections: [], points: []))
            lastPoint = nil
            lastSubPoint = nil
            return
        }
        if let (marker, rest) = sectionMarker(trimmed), !parts.isEmpty {
            parts[parts.count - 1].lines = parts[parts.count - 1].lines.lowerBound...number
            let expected = (parts[parts.count - 1].sections.last?.marker.number ?? 0) + 1
            check(found: marker.number, expected: expected, what: "section", marker: marker.marker, line: number)
            let sentenceEnd = rest.firstIndex(of: "。")
            let heading = rest[..<(sentenceEnd ?? rest.endIndex)]
            let headingOnly = sentenceEnd.map { rest.index(after: $0) == rest.endIndex } ?? true
            parts[parts.count - 1].sections.append(
                ReportStructure.Section(
                    marker: ReportStructure.Marker(marker: marker.marker, number: marker.number, line: number),
                    heading: String(scalars: heading), headingOnly: headingOnly,
                    lines: number...number,
                    points: []))
            lastPoint = nil
            lastSubPoint = nil
            readPoints(rest, line: number)
            return
        }
        if isFirst && parts.isEmpty && looksLikeTitle(trimmed) {
            title = String(scalars: trimmed)
            titleLine = number
            return
        }
        extendOpenRanges(to: number)
        readPoints(trimmed, line: number)
    }

    /// Part markers: a Chinese numeral then `、` (or `．`/`.`).
    func partMarker(_ line: ArraySlice<Unicode.Scalar>) -> (
        marker: (marker: String, number: Int), rest: ArraySlice<Unicode.Scalar>
    )? {
        var end = line.startIndex
        while end < line.endIndex && ChineseNumeral.isNumeral(line[end]) && end - line.startIndex < 3 { end += 1 }
        guard end > line.startIndex, end < line.endIndex, ["、", "．", "."].contains(line[end]),
            let value = ChineseNumeral.value(line[line.startIndex..<end])
        else { return nil }
        let marker = String(scalars: line[line.startIndex...end])
        return ((marker, value), line[(end + 1)...])
    }

    /// Section markers: `（一）` or `(一)`.
    func sectionMarker(_ line: ArraySlice<Unicode.Scalar>) -> (
        marker: (marker: String, number: Int), rest: ArraySlice<Unicode.Scalar>
    )? {
        guard let open = line.first, open == "（" || open == "(" else { return nil }
        var end = line.startIndex + 1
        while end < line.endIndex && ChineseNumeral.isNumeral(line[end]) && end - line.startIndex < 4 { end += 1 }
        guard end > line.startIndex + 1, end < line.endIndex, line[end] == "）" || line[end] == ")",
            let value = ChineseNumeral.value(line[(line.startIndex + 1)..<end])
        else { return nil }
        return ((String(scalars: line[line.startIndex...end]), value), line[(end + 1)...])
    }

    /// A first line that is short and does not end like a sentence is a title.
    func looksLikeTitle(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        guard line.count <= 50, let last = line.last(where: { !$0.properties.isWhitespace }) else { return false }
        return !["。", "：", ":", "；", ";", "，", ","].contains(last)
    }

    /// Finds point markers (一是 …, 首先/其次, 1. 1、 （1）) at the start of the line or after punctuation.
    mutating func readPoints(_ line: ArraySlice<Unicode.Scalar>, line number: Int) {
        var index = line.startIndex
        while index < line.endIndex {
            let atBoundary = index == line.startIndex || StructureParser.pointBoundaries.contains(line[index - 1])
            defer { index += 1 }
            guard atBoundary else { continue }
            // 一是 … 十是
            var end = index
            while end < line.endIndex && ChineseNumeral.isNumeral(line[end]) && end - index < 2 { end += 1 }
            if end > index, end < line.endIndex, line[end] == "是", let value = ChineseNumeral.value(line[index..<end]) {
                point(String(scalars: line[index...end]), value, line: number, sub: false)
                continue
            }
            for (word, value) in StructureParser.ordinalWords where line[index...].starts(with: word) {
                point(String(scalars: word), value, line: number, sub: false)
            }
            // 1. 1、 （1） (1): sub-points, only at the start of a line or after a full stop.
            guard index == line.startIndex || ["。", "；", ";"].contains(line[index - 1]) else { continue }
            var digitsStart = index
            let parenthesized = line[index] == "（" || line[index] == "("
            if parenthesized { digitsStart += 1 }
            var digitsEnd = digitsStart
            while digitsEnd < line.endIndex && ("0"..."9").contains(line[digitsEnd]) && digitsEnd - digitsStart < 2 {
                digitsEnd += 1
            }
            guard digitsEnd > digitsStart, digitsEnd < line.endIndex,
                let value = Int(String(scalars: line[digitsStart..<digitsEnd]))
            else { continue }
            let closer = line[digitsEnd]
            let valid =
                parenthesized ? (closer == "）" || closer == ")") : (closer == "." || closer == "、" || closer == "．")
            // "1.5" is a number, not a point.
            if valid && !(closer == "." && digitsEnd + 1 < line.endIndex && ("0"..."9").contains(line[digitsEnd + 1])) {
                point(String(scalars: line[index...digitsEnd]), value, line: number, sub: true)
            }
        }
    }

    static let pointBoundaries: ScalarSet = "。；;：:，,！!？?\u{3000} 　"
    static let ordinalWords: [([Unicode.Scalar], Int)] = [
        (Array("首先".unicodeScalars), 1), (Array("其次".unicodeScalars), 2), (Array("再次".unicodeScalars), 3),
    ]

    mutating func point(_ marker: String, _ value: Int, line: Int, sub: Bool) {
        if sub {
            if value != 1, let last = lastSubPoint {
                check(found: value, expected: last + 1, what: "sub-point", marker: marker, line: line)
            }
            lastSubPoint = value
        } else {
            if value != 1, let last = lastPoint {
                check(found: value, expected: last + 1, what: "point", marker: marker, line: line)
            } else if value != 1 {
                warnings.append(
                    ImportNote(
                        kind: .numbering, line: line,
                        message: Language.text(
                            "要点“\(marker)”之前没有第一个要点", "point \(marker) is not preceded by a first point")))
            }
            lastPoint = value
            lastSubPoint = nil
        }
        let entry = ReportStructure.Marker(marker: marker, number: value, line: line)
        guard !parts.isEmpty else { return }
        if parts[parts.count - 1].sections.isEmpty {
            parts[parts.count - 1].points.append(entry)
        } else {
            let s = parts[parts.count - 1].sections.count - 1
            parts[parts.count - 1].sections[s].points.append(entry)
        }
    }

    mutating func check(found: Int, expected: Int, what: String, marker: String, line: Int) {
        guard found != expected else { return }
        let message: String
        // `what` in Chinese: the level of the numbering, as an office names it.
        let level = ["part": "一级标题", "section": "二级标题", "point": "要点", "sub-point": "分项"][what] ?? what
        if found == expected - 1 {
            message = Language.text(
                "\(level)“\(marker)”与上一个序号重复", "\(what) \(marker) repeats the previous number")
        } else if found > expected {
            message = Language.text(
                "\(level)“\(marker)”跳过了\(expected == 1 ? "第一个序号" : "序号\(expected)")",
                "\(what) \(marker) skips \(expected == 1 ? "the first number" : "number \(expected)")")
        } else {
            message = Language.text(
                "\(level)“\(marker)”顺序有误（应为序号\(expected)）",
                "\(what) \(marker) is out of order (expected number \(expected))")
        }
        warnings.append(ImportNote(kind: .numbering, line: line, message: message))
    }

    mutating func extendOpenRanges(to line: Int) {
        guard !parts.isEmpty else { return }
        let p = parts.count - 1
        parts[p].lines = parts[p].lines.lowerBound...line
        if !parts[p].sections.isEmpty {
            let s = parts[p].sections.count - 1
            parts[p].sections[s].lines = parts[p].sections[s].lines.lowerBound...line
        }
    }

    func finish(lineCount: Int) -> ReportStructure {
        var preamble: ClosedRange<Int>?
        let firstPart = parts.first?.marker.line ?? lineCount + 1
        let preambleStart = (titleLine ?? 0) + 1
        if let first = firstContentLine, preambleStart < firstPart, max(first, preambleStart) <= firstPart - 1 {
            preamble = max(first, preambleStart)...(firstPart - 1)
        }
        return ReportStructure(
            title: title, titleLine: titleLine, preamble: preamble, parts: parts, warnings: warnings)
    }
}
