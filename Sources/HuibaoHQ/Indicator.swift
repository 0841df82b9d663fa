/// One thing HQ sums across units: 廉政约谈 counted in 次.
public struct Indicator: Hashable, Sendable, Codable {
    /// A stable id (`talks`), used in exports.
    public var id: String
    /// The name people read (`廉政约谈`).
    public var name: String
    /// The measure word values must carry (`次`); a metric with another one (`人次`) is flagged.
    public var unit: String
    /// Words a metric's label contains when it counts this indicator (`约谈`, `谈话提醒`).
    public var labels: [String]

    /// Creates an indicator.
    public init(id: String, name: String, unit: String, labels: [String]) {
        self.id = id
        self.name = name
        self.unit = unit
        self.labels = labels
    }
}
