/// Why a workflow step was refused.
public enum WorkflowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A workflow register value cannot be read.
    case malformedStep(String)
    /// HQ can only approve or return a submitted report.
    case notSubmitted(state: ReportWorkflow.State)
    /// The report has edits that are not committed.
    case uncommittedEdits

    public var description: String {
        switch self {
        case .malformedStep(let reason): "malformed workflow step: \(reason)"
        case .notSubmitted(let state): "the report is \(state.rawValue), not submitted: there is nothing to review"
        case .uncommittedEdits: "the report has uncommitted edits; commit them before a workflow step"
        }
    }
}
