import HuibaoModel

/// Everything a person or HQ reads of a report at one moment: the rendered text, its
/// structure, its metrics with their places, and the warnings.
///
/// It is `Codable`; its JSON form is `huibao inspect --json` and `huibao export --format json`.
public struct ReportSnapshot: Hashable, Sendable, Codable {
    /// The metadata registers.
    public var metadata: ReportMetadata
    /// The text with every metric's value in place.
    public var text: String
    /// The structure derived from the text.
    public var structure: ReportStructure
    /// The metrics in text order.
    public var metrics: [ReportMetric]
    /// Import notes and numbering warnings, by line.
    public var warnings: [ImportNote]

    /// The metrics with concurrent values that need a person.
    public var conflicts: [ReportMetric] { metrics.filter { $0.conflictingValues != nil } }

    /// Builds the snapshot of a text that is not (yet) in a document: the metrics are found by
    /// the scanner and have no ids.
    public init(report: ReportText, metadata: ReportMetadata = ReportMetadata()) {
        let scalars = Array(report.text.unicodeScalars)
        let found = MetricScanner.scan(scalars)
        self.init(
            metadata: metadata, scalars: scalars,
            values: found.map { (range: $0.range, id: nil, conflicting: nil) }, notes: report.notes)
    }

    /// Builds a snapshot from rendered text and the places of its metric values.
    init(
        metadata: ReportMetadata,
        scalars: [Unicode.Scalar],
        values: [(range: Range<Int>, id: String?, conflicting: [String]?)],
        notes: [ImportNote]
    ) {
        self.metadata = metadata
        text = String(scalars: scalars)
        let structure = ReportStructure(scalars: scalars)
        self.structure = structure
        var lineStarts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(offset + 1) }
        metrics = values.map { place in
            let line = ReportSnapshot.line(of: place.range.lowerBound, lineStarts: lineStarts)
            let (part, section) = structure.location(ofLine: line)
            return ReportMetric(
                reading: place.range, in: scalars, line: line, part: part, section: section, id: place.id,
                conflicting: place.conflicting)
        }
        warnings = (notes + structure.warnings).sorted { $0.line < $1.line }
    }

    /// The 1-based line holding scalar `offset`, given the offsets where lines start (ascending,
    /// from 0): a binary search, since a big report has tens of thousands of lines and metrics.
    static func line(of offset: Int, lineStarts: [Int]) -> Int {
        var low = 0
        var high = lineStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return max(low, 1)
    }
}

extension ReportDocument {
    /// The report as it reads now.
    public func snapshot() -> ReportSnapshot {
        let (visible, anchorLVs) = document.visibleScalars(markingLVsOf: ReportDocument.anchor)
        guard !anchorLVs.isEmpty else {
            return ReportSnapshot(metadata: metadata, scalars: visible, values: [], notes: [])
        }
        // Each anchor becomes its metric's value (or the conflict's alternatives).
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(visible.count + 8 * anchorLVs.count)
        var values: [(range: Range<Int>, id: String?, conflicting: [String]?)] = []
        var copied = 0
        var anchors = anchorLVs.makeIterator()
        for (offset, scalar) in visible.enumerated() where scalar == ReportDocument.anchor {
            guard let lv = anchors.next() else { break }
            scalars.append(contentsOf: visible[copied..<offset])
            copied = offset + 1
            let id = document.id(of: lv).description
            let raws = metricValues(id)
            let start = scalars.count
            let shown = raws.count > 1 ? ReportDocument.conflictText(raws) : raws.first ?? ""
            scalars.append(contentsOf: shown.unicodeScalars)
            values.append((start..<scalars.count, id, raws.count > 1 ? raws : nil))
        }
        scalars.append(contentsOf: visible[copied...])
        return ReportSnapshot(metadata: metadata, scalars: scalars, values: values, notes: [])
    }
}
