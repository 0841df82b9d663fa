/// What HQ extracted from one version of a report (facts and conflicts, encoded), stored beside
/// the report so that any server process, freshly started or not, answers totals without
/// rendering the report again.
public struct StoredExtract: Hashable, Sendable {
    /// The report's change count the extract was made at: it is valid while the report has
    /// exactly this many changes.
    public var changeCount: Int
    /// The encoded extract (see `ReportExtract`).
    public var bytes: [UInt8]

    /// Creates a stored extract.
    public init(changeCount: Int, bytes: [UInt8]) {
        self.changeCount = changeCount
        self.bytes = bytes
    }
}
