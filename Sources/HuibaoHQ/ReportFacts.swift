public import HuibaoModel
public import HuibaoReport

/// What HQ needs of one report, extracted once per version: its workflow state and the metrics
/// of the version that counts (the approved one when the report is approved, else the current).
///
/// Extracting renders the report; consolidating many reports only reads these facts, so a
/// server keeps them per report and re-extracts when the report changes.
public struct ReportFacts: Hashable, Sendable, Codable {
    /// The reporting unit.
    public var unit: String
    /// The period.
    public var period: String
    /// The kind.
    public var kind: String
    /// Where the report stands.
    public var workflow: ReportWorkflow
    /// The text of the version that counts.
    public var text: String
    /// Its metrics, in text order.
    public var metrics: [MetricFact]
    /// Different first versions imported by two clerks, until a person keeps one: while there
    /// are any, no metric of the report is summed.
    public var competingFirstVersions: [FirstVersion] = []

    /// Extracts the facts of `report`.
    ///
    /// - Throws: ``DocumentError`` if the approved version is not in the history (a server
    ///   refuses such steps, so this means damaged input).
    public init(report: ReportDocument, unit: String, period: String, kind: String) throws(DocumentError) {
        self.unit = unit
        self.period = period
        self.kind = kind
        workflow = report.workflow
        let counted = workflow.state == .approved ? try report.version(at: workflow.pinned) : report
        let snapshot = counted.snapshot()
        let scalars = Array(snapshot.text.unicodeScalars)
        text = snapshot.text
        metrics = snapshot.metrics.map { MetricFact($0, in: counted, scalars: scalars) }
        competingFirstVersions = report.competingFirstVersions
    }

    /// `unit/period/kind`.
    public var name: String { "\(unit)/\(period)/\(kind)" }
}
