import HuibaoModel
import HuibaoReport

/// One report of a workspace, as `huibao list` shows it.
public struct ReportSummary: Hashable, Sendable, Codable {
    /// The report id: 16 hex digits derived from unit, period and kind, the same on every replica.
    public var id: String
    /// The reporting unit.
    public var unit: String
    /// The period, e.g. `2023H1`.
    public var period: String
    /// The kind, e.g. `党风廉政`.
    public var kind: String
    /// The number of changes in the report's history.
    public var changeCount: Int
    /// When the report last changed here (milliseconds since 1970).
    public var updated: Int64

    /// `period/kind`, the human name of a report.
    public var name: String { "\(period)/\(kind)" }

    /// The id of the report of `unit` for `period` and `kind`.
    public static func id(unit: String, period: String, kind: String) -> String {
        let key = Array("\(unit)\u{0}\(period)\u{0}\(kind)".utf8)
        return String(ChangeHash.sha256(of: key).description.prefix(16))
    }
}
