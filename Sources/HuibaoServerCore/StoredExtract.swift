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

/// A consolidated report as it was last sent, with the fingerprint of everything it was made
/// from (units, catalogue, expectations, each report's change count, the format): valid while
/// the fingerprint of the current inputs is the same.
public struct StoredRendering: Hashable, Sendable {
    /// SHA-256 of the inputs.
    public var fingerprint: [UInt8]
    /// The rendered bytes.
    public var bytes: [UInt8]

    /// Creates a stored rendering.
    public init(fingerprint: [UInt8], bytes: [UInt8]) {
        self.fingerprint = fingerprint
        self.bytes = bytes
    }
}
