public import HuibaoModel
import HuibaoReport

/// A metric as HQ counts it: the value, where it stands, and who wrote it when.
public struct MetricFact: Hashable, Sendable, Codable {
    /// The metric's id in its report.
    public var id: String
    /// The label found around the value.
    public var label: String
    /// The value as written (`3`, `*`), or the first of concurrent values.
    public var raw: String
    /// The number, `nil` for a placeholder.
    public var value: Double?
    /// Whether the value is an approximation (`70余`).
    public var approximate: Bool
    /// The measure word.
    public var unit: String
    /// The line in the report, 1-based.
    public var line: Int
    /// The sentence holding the value, as it reads.
    public var sentence: String
    /// Concurrent values, when two people wrote different ones.
    public var conflictingValues: [String]?
    /// The change that wrote the value.
    public var change: ChangeHash?
    /// The replica that wrote it.
    public var author: ReplicaID?
    /// The name of the person behind that replica, if recorded (for an imported value: the clerk
    /// who imported it).
    public var authorName: String?
    /// When, milliseconds since 1970.
    public var wallTime: Int64?

    /// A fact as stored (see ``ReportFacts/write(to:)``).
    package init(
        id: String, label: String, raw: String, value: Double?, approximate: Bool, unit: String, line: Int,
        sentence: String, conflictingValues: [String]?, change: ChangeHash?, author: ReplicaID?, wallTime: Int64?,
        authorName: String? = nil
    ) {
        self.authorName = authorName
        self.id = id
        self.label = label
        self.raw = raw
        self.value = value
        self.approximate = approximate
        self.unit = unit
        self.line = line
        self.sentence = sentence
        self.conflictingValues = conflictingValues
        self.change = change
        self.author = author
        self.wallTime = wallTime
    }

    /// The metric `metric` of `report`, whose rendered text is `scalars`.
    init(_ metric: ReportMetric, in report: ReportDocument, scalars: [Unicode.Scalar]) {
        id = metric.id ?? ""
        label = metric.label
        raw = metric.raw
        value = metric.value
        approximate = metric.approximate
        unit = metric.unit
        line = metric.line
        sentence = ReportSnapshot.sentence(around: metric.range, in: scalars)
        conflictingValues = metric.conflictingValues
        let write = metric.id.flatMap(report.metricWrite)
        change = write?.hash
        author = write?.author
        wallTime = write?.wallTime
        if let hash = write?.hash, let written = report.document.change(hash) {
            authorName = report.personName(of: report.attribution(of: written).author)
        }
    }
}
