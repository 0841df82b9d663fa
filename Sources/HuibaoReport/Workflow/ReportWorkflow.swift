public import HuibaoModel

/// Where a report stands in its workflow, derived from the workflow steps that survive in its
/// history.
///
/// Concurrent steps (HQ returns while a clerk resubmits) all survive, as any concurrent register
/// writes do, and resolve to a defined state by precedence: a return outranks a submission, a
/// submission outranks an approval. The step that asks for more work wins, and
/// ``isContested`` keeps the situation visible until someone takes the next step.
public struct ReportWorkflow: Hashable, Sendable, Codable {
    /// The states of a report.
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        /// Never submitted.
        case draft
        /// Submitted, waiting for HQ.
        case submitted
        /// Returned by HQ for changes.
        case returned
        /// Approved by HQ.
        case approved
    }

    /// The state.
    public var state: State
    /// The surviving steps, oldest first: more than one when steps were taken concurrently.
    public var steps: [WorkflowStep]
    /// The version the state is about (the union of the heads of the steps that decided it).
    public var pinned: [ChangeHash]
    /// Whether the report's content (text, values, metadata) changed after the pinned version:
    /// for an approved report, "changed since approval".
    public var changedSincePinned: Bool

    /// Whether surviving steps of different kinds were taken concurrently.
    public var isContested: Bool { Set(steps.map(\.kind)).count > 1 }

    /// The step that decided the state (the newest of its kind), if any.
    public var decidingStep: WorkflowStep? {
        steps.last { $0.kind == ReportWorkflow.kind(deciding: state) }
    }

    /// A workflow as stored (by a server's cache of extracted facts).
    package init(state: State, steps: [WorkflowStep], pinned: [ChangeHash], changedSincePinned: Bool) {
        self.state = state
        self.steps = steps
        self.pinned = pinned
        self.changedSincePinned = changedSincePinned
    }

    /// Derives the state from the surviving steps.
    init(steps: [WorkflowStep], changedSince: ([ChangeHash]) -> Bool) {
        self.steps = steps
        let kinds = Set(steps.map(\.kind))
        if kinds.contains(.return) {
            state = .returned
        } else if kinds.contains(.submit) {
            state = .submitted
        } else if kinds.contains(.approve) {
            state = .approved
        } else {
            state = .draft
        }
        let deciding = ReportWorkflow.kind(deciding: state)
        pinned = Array(Set(steps.filter { $0.kind == deciding }.flatMap(\.heads))).sorted()
        changedSincePinned = pinned.isEmpty ? false : changedSince(pinned)
    }

    static func kind(deciding state: State) -> WorkflowStep.Kind? {
        switch state {
        case .draft: nil
        case .submitted: .submit
        case .returned: .return
        case .approved: .approve
        }
    }

    /// One line for a person, in the current ``Language``: `已审核，审核后已修改`,
    /// `已退回（同时有：退回、报送）`; `approved, changed since approval` in English.
    public var summary: String {
        var text = state.displayName
        if changedSincePinned {
            switch state {
            case .approved: text += Language.text("，审核后已修改", ", changed since approval")
            case .submitted: text += Language.text("，报送后已修改", ", changed since submission")
            case .returned: text += Language.text("，退回后已修改", ", changed since it was returned")
            case .draft: break
            }
        }
        if isContested {
            let kinds = steps.map(\.kind.displayName)
            text += Language.text(
                "（同时有：" + kinds.joined(separator: "、") + "）",
                " (concurrent steps: " + kinds.joined(separator: ", ") + ")")
        }
        return text
    }
}

extension ReportWorkflow.State {
    /// The state as people name it: 草稿, 已报送, 已退回, 已审核 (English: draft, submitted,
    /// returned, approved). ``rawValue`` stays the stable key for JSON and the wire.
    public var displayName: String {
        switch self {
        case .draft: Language.text("草稿", "draft")
        case .submitted: Language.text("已报送", "submitted")
        case .returned: Language.text("已退回", "returned")
        case .approved: Language.text("已审核", "approved")
        }
    }

    /// 未报送 (`not started`): the state shown for an expected report that does not exist yet.
    public static var notStartedDisplayName: String { Language.text("未报送", "not started") }
}

extension WorkflowStep.Kind {
    /// The step done, in English: submitted, returned, approved.
    public var pastTense: String {
        switch self {
        case .submit: "submitted"
        case .return: "returned"
        case .approve: "approved"
        }
    }

    /// The step as people name it: 报送, 退回, 审核通过 (English: submit, return, approve).
    public var displayName: String {
        switch self {
        case .submit: Language.text("报送", "submit")
        case .return: Language.text("退回", "return")
        case .approve: Language.text("审核通过", "approve")
        }
    }
}
