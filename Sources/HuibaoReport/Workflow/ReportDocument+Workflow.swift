public import HuibaoModel

extension ReportDocument {
    /// The register key of the workflow steps.
    public static let workflowKey = "workflow"

    /// Where the report stands: submitted, returned, approved, with the version it is about.
    public var workflow: ReportWorkflow {
        ReportWorkflow(steps: workflowSteps) { pinned in hasContentChanges(since: pinned) }
    }

    /// Where the report stands, given where it stood when it held its first `position`
    /// changes (`previous`, e.g. a stored view): when the version the state is about is the
    /// same, whether it changed since is `previous`'s answer or a content change among the
    /// changes after `position` (none of them can be part of that version: its changes were
    /// all applied before it). This does not decode a lazily loaded history, which
    /// ``workflow`` does for a submitted, returned or approved report; the changes after
    /// `position` are read only for a report with a pinned version.
    public func workflow(continuing previous: ReportWorkflow, from position: Int) -> ReportWorkflow {
        ReportWorkflow(steps: workflowSteps) { pinned in
            guard pinned == previous.pinned, let later = document.changes.materialisedSuffix(from: position) else {
                return hasContentChanges(since: pinned)
            }
            return previous.changedSincePinned || later.contains { ReportDocument.isContentChange($0) }
        }
    }

    /// Whether a change edits anything but the workflow and the names of people.
    static func isContentChange(_ change: Change) -> Bool {
        change.operations.contains { !ReportDocument.isWorkflowStep($0) && !ReportDocument.isPersonRecord($0) }
    }

    /// The surviving workflow steps, oldest first, with their author and time. Values that cannot
    /// be read are skipped (the server refuses them; a local copy may still hold an old one).
    public var workflowSteps: [WorkflowStep] {
        (document.registers[ReportDocument.workflowKey]?.entries ?? []).compactMap { entry in
            guard case .text(let text) = entry.value, var step = try? WorkflowStep(registerText: text) else {
                return nil
            }
            if let lv = document.lv(of: entry.id) {
                let change = document.changeInfo(at: document.changeIndex(holding: lv))
                step.author = change.author
                step.wallTime = change.wallTime
            }
            return step
        }
    }

    /// Submits the current version to HQ: a workflow step naming the report's heads.
    ///
    /// - Throws: ``WorkflowError/uncommittedEdits`` if edits are not committed.
    /// - Returns: the step.
    @discardableResult
    public mutating func submit(as unit: String, comment: String = "", wallTime: Int64) throws(WorkflowError)
        -> WorkflowStep
    {
        guard !document.hasUncommittedEdits else { throw .uncommittedEdits }
        return write(WorkflowStep(kind: .submit, unit: unit, heads: document.heads, comment: comment), wallTime)
    }

    /// HQ's review of the submitted version: `.approve` or `.return` (with a comment). The step
    /// names the submitted heads, so an approval never covers later edits.
    ///
    /// - Throws: ``WorkflowError/notSubmitted(state:)`` unless a submission is pending (or, for a
    ///   return, the report is approved: HQ may withdraw an approval).
    @discardableResult
    public mutating func review(
        _ kind: WorkflowStep.Kind, as unit: String, comment: String = "", wallTime: Int64
    ) throws(WorkflowError) -> WorkflowStep {
        precondition(kind != .submit, "a review approves or returns")
        guard !document.hasUncommittedEdits else { throw .uncommittedEdits }
        let current = workflow
        let reviewable = current.state == .submitted || (kind == .return && current.state == .approved)
        guard reviewable, !current.pinned.isEmpty else { throw .notSubmitted(state: current.state) }
        return write(WorkflowStep(kind: kind, unit: unit, heads: current.pinned, comment: comment), wallTime)
    }

    private mutating func write(_ step: WorkflowStep, _ wallTime: Int64) -> WorkflowStep {
        document.setRegister(ReportDocument.workflowKey, to: .text(step.registerText))
        document.commit(wallTime: wallTime)
        return step
    }

    /// Whether a change outside the history of `heads` edits anything but the workflow.
    public func hasContentChanges(since heads: [ChangeHash]) -> Bool {
        let past = ancestry(of: heads)
        return document.changes.contains { !past.contains($0.hash) && ReportDocument.isContentChange($0) }
    }

    /// The hashes of `heads` and every change they were made on.
    func ancestry(of heads: [ChangeHash]) -> Set<ChangeHash> {
        var seen = Set<ChangeHash>()
        var stack = heads
        while let hash = stack.popLast() {
            guard seen.insert(hash).inserted, let change = document.change(hash) else { continue }
            stack.append(contentsOf: change.dependencies)
        }
        return seen
    }

    /// Whether an operation is a workflow step.
    public static func isWorkflowStep(_ operation: Operation) -> Bool {
        if case .setRegister(let key, _, _) = operation { return key == workflowKey }
        return false
    }
}
