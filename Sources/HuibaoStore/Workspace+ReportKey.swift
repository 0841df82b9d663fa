public import HuibaoModel
public import HuibaoReport

/// The store as the sync path sees it: reports named by ``ReportKey`` (unit, period, kind), as
/// sync messages name them, and changes as stored bytes.
extension Workspace {
    /// The local id of the report `key` names.
    public static func id(of key: ReportKey) -> String {
        ReportSummary.id(unit: key.unit, period: key.period, kind: key.kind)
    }

    /// Whether the workspace holds the report.
    public func contains(_ key: ReportKey) throws(StoreError) -> Bool {
        try contains(report: Workspace.id(of: key))
    }

    /// Which changes of each replica the workspace holds of the report (kept beside it: no
    /// decoding), or `nil` if it does not hold the report.
    public func storedVector(of key: ReportKey) throws(StoreError) -> VersionVector? {
        do {
            return try versionVector(of: Workspace.id(of: key))
        } catch .reportNotFound {
            return nil
        }
    }

    /// The report's changes the server has not acknowledged and that may be sent, as stored
    /// (not decoded), in log order, up to `budget` bytes (at least one); whether some were left
    /// for the budget. See ``sendable(of:budget:)``.
    public func unacknowledgedBytes(of key: ReportKey, budget: Int = .max) throws(StoreError) -> (
        changes: [EncodedChange], leftOver: Bool
    ) {
        try sendable(of: Workspace.id(of: key), budget: budget)
    }

    /// Every report's key, in the order of ``reports()``.
    public func reportKeys() throws(StoreError) -> [ReportKey] {
        try reports().map { ReportKey(unit: $0.unit, period: $0.period, kind: $0.kind) }
    }
}
