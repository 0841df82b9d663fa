import HuibaoModel

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
        case .malformedStep(let reason):
            Language.text("流程步骤无法读取：\(reason)", "malformed workflow step: \(reason)")
        case .notSubmitted(let state):
            Language.text(
                "该报告当前为“\(state.displayName)”，尚未报送，无可审核",
                "the report is \(state.rawValue), not submitted: there is nothing to review")
        case .uncommittedEdits:
            Language.text(
                "报告有未提交的修改；请先提交再进行流程操作", "the report has uncommitted edits; commit them before a workflow step")
        }
    }
}
