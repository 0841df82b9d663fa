import HuibaoModel

/// A number in a report's prose that HQ sums: a value (or a placeholder for a missing value),
/// its unit and the label taken from the words around it.
public struct ReportMetric: Hashable, Sendable, Codable {
    /// The value's characters exactly as written (`3`, `12.5`, `*`, `三`); with several
    /// concurrent values, the first.
    public var raw: String
    /// The numeric value, or `nil` when the author wrote a placeholder (missing, not zero).
    public var value: Double?
    /// Whether the author wrote an approximation (`130余人`, `30多个`).
    public var approximate: Bool
    /// The unit (`次`, `人次`, `%`, `个场次` …).
    public var unit: String
    /// The label: the action before the number plus, after a measure word, the noun after it.
    public var label: String
    /// The value's range in the rendered text, in Unicode scalars.
    public var range: Range<Int>
    /// The line, 1-based.
    public var line: Int
    /// The index of the part (一、) holding the metric, if any.
    public var part: Int?
    /// The index of the section (（一）) within its part, if any.
    public var section: Int?
    /// The id of the metric in a document (the id of its anchor character), once imported.
    public var id: String?
    /// The values written concurrently, when more than one: a conflict for a person to resolve.
    public var conflictingValues: [String]?

    /// Whether the value is missing (a placeholder).
    public var isMissing: Bool { value == nil }

    /// A metric as stored (by a workspace's binary view).
    package init(
        raw: String, value: Double?, approximate: Bool, unit: String, label: String, range: Range<Int>, line: Int,
        part: Int?, section: Int?, id: String?, conflictingValues: [String]?
    ) {
        self.raw = raw
        self.value = value
        self.approximate = approximate
        self.unit = unit
        self.label = label
        self.range = range
        self.line = line
        self.part = part
        self.section = section
        self.id = id
        self.conflictingValues = conflictingValues
    }
}

extension ReportMetric {
    /// Reads the metric whose value stands at `range` of the rendered text `scalars`: its value,
    /// unit and label from the words around it (`conflicting`: the concurrent values, shown as
    /// `{4|5}` there).
    package init(
        reading range: Range<Int>, in scalars: [Unicode.Scalar], line: Int, part: Int?, section: Int?, id: String?,
        conflicting: [String]?
    ) {
        let raw = String(scalars: scalars[range])
        let kind = MetricScanner.valueToken(in: scalars, at: range.lowerBound)?.kind ?? .arabic
        let found = MetricScanner.candidate(in: scalars, value: range, kind: kind)
        self.init(
            raw: conflicting?.first ?? raw, value: found?.value, approximate: found?.approximate ?? false,
            unit: found?.unit ?? "", label: found?.label ?? "", range: range, line: line, part: part,
            section: section, id: id, conflictingValues: conflicting)
    }
}
