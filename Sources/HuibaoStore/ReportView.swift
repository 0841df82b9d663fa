import HuibaoModel
public import HuibaoReport

/// What `huibao metric`, `huibao status`, `huibao list` and `huibao conflicts` show of a report,
/// stored beside its checkpoint so that they do not decode its history: the metrics as they
/// read now, the workflow, how many competing first versions it holds, and its conflicts.
///
/// Written with every checkpoint (``Workspace/save(_:wallTime:)``, the first read after appends)
/// and used only while it is as new as the change log; otherwise the report is loaded and a new
/// checkpoint written.
public struct ReportView: Hashable, Sendable, Codable {
    /// The metrics, in text order.
    public var metrics: [ReportMetric]
    /// The workflow state and its steps.
    public var workflow: ReportWorkflow
    /// How many different first versions the report holds (0 when it has one).
    public var competingFirstVersions: Int
    /// What needs a person (``ReportConflicts/report`` left empty: the reader names it).
    public var conflicts: ReportConflicts

    /// The view of a report.
    public init(_ report: ReportDocument) {
        self.init(report, snapshot: report.snapshot())
    }

    /// The view of a report whose ``ReportDocument/snapshot()`` is `snapshot` (taken once by a
    /// caller that needs it too).
    ///
    /// - Parameter previous: the stored view of the report when it held its first `position`
    ///   changes, if known: its workflow spares decoding the history (see
    ///   ``ReportDocument/workflow(continuing:from:)``).
    /// - Parameter hashes: the hashes of changes by index, read from the change log, for the
    ///   text conflicts (see ``ReportDocument/textConflicts(hashes:)``).
    init(
        _ report: ReportDocument, snapshot: ReportSnapshot, previous: (view: ReportView, position: Int)? = nil,
        hashes: (([Int]) -> [Int: ChangeHash])? = nil
    ) {
        metrics = snapshot.metrics
        workflow = previous.map { report.workflow(continuing: $0.view.workflow, from: $0.position) } ?? report.workflow
        competingFirstVersions = report.competingFirstVersions.count
        conflicts = ReportConflicts(report: report, name: "", snapshot: snapshot, workflow: workflow, hashes: hashes)
    }
}
