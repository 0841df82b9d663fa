public import HuibaoModel

extension ReportDocument {
    /// Applies `changes` on this report, re-keying the changes of `authors` (and what builds on
    /// them or on dropped changes) as new changes of this document's replica, leaving out
    /// `dropping` (see ``Document/replay(_:rekeying:dropping:registers:)``). Metric registers
    /// follow their moved anchors; workflow steps name the moved versions.
    @discardableResult
    public mutating func replay(_ changes: [Change], rekeying authors: Set<ReplicaID>, dropping: Set<ChangeHash> = [])
        throws(DocumentError) -> ReplayOutcome
    {
        try document.replay(changes, rekeying: authors, dropping: dropping, registers: ReportDocument.rewrite)
    }

    /// A register write with its ids and hashes moved by a replay; `nil` if what it is about was
    /// dropped.
    static func rewrite(_ key: String, _ value: RegisterValue, _ translation: ReplayTranslation) -> (
        String, RegisterValue
    )? {
        if key.hasPrefix(metricPrefix), let anchor = OpID(parsing: key.dropFirst(metricPrefix.count)) {
            guard let moved = translation.translate(anchor) else { return nil }
            return (metricPrefix + moved.description, value)
        }
        if key == workflowKey, case .text(let text) = value, var step = try? WorkflowStep(registerText: text) {
            step.heads = Array(Set(step.heads.flatMap { translation.translate($0) })).sorted()
            guard !step.heads.isEmpty else { return nil }
            return (key, .text(step.registerText))
        }
        return (key, value)
    }
}
