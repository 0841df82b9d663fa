/// The units expected to report for one period and kind.
public struct ExpectedReports: Hashable, Sendable, Codable {
    /// The period, e.g. `2023H1`.
    public var period: String
    /// The kind of report.
    public var kind: String
    /// The units, `nil` meaning every non-HQ unit below the HQ looking.
    public var units: [String]?
}
