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
    /// Words that keep a metric out of this indicator although a label word matches
    /// (`集体学习` but not `廉政学习`: written `!廉政` in the catalogue).
    public var exclusions: [String]

    /// Creates an indicator.
    public init(id: String, name: String, unit: String, labels: [String], exclusions: [String] = []) {
        self.id = id
        self.name = name
        self.unit = unit
        self.labels = labels
        self.exclusions = exclusions
    }

    private enum CodingKeys: String, CodingKey { case id, name, unit, labels, exclusions }

    /// Decodes an indicator; one written before exclusions existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        unit = try container.decode(String.self, forKey: .unit)
        labels = try container.decode([String].self, forKey: .labels)
        exclusions = try container.decodeIfPresent([String].self, forKey: .exclusions) ?? []
    }

    /// The length of the longest label word `label` contains, or `nil` when none does or an
    /// exclusion does.
    func matchLength(of label: String) -> Int? {
        guard !exclusions.contains(where: { label.contains($0) }) else { return nil }
        return labels.filter { label.contains($0) }.map(\.unicodeScalars.count).max()
    }
}
