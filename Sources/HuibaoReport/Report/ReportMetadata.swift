import HuibaoModel

/// Who a report is from and what it is: stored as registers of the report's document.
public struct ReportMetadata: Hashable, Sendable, Codable {
    /// The reporting unit (单位), e.g. `某局`.
    public var unit: String?
    /// The period, e.g. `2023H1`.
    public var period: String?
    /// The kind of report, e.g. `党风廉政`.
    public var kind: String?
    /// The title, when it is not (only) the first line of the text.
    public var title: String?

    /// Creates metadata.
    public init(unit: String? = nil, period: String? = nil, kind: String? = nil, title: String? = nil) {
        self.unit = unit
        self.period = period
        self.kind = kind
        self.title = title
    }

    /// The register keys, by field.
    static var keys: [(WritableKeyPath<ReportMetadata, String?>, String)] {
        [
            (\.unit, "meta:unit"), (\.period, "meta:period"), (\.kind, "meta:kind"), (\.title, "meta:title"),
        ]
    }
}
