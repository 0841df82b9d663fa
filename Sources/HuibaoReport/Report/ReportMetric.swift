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
}
