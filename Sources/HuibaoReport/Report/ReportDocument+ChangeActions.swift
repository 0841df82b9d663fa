public import HuibaoModel

extension ReportDocument {
    /// What a change did besides editing text, for a person reading the history: `报送`,
    /// `退回：请补充问卷数`, `审核通过`, `开展集体廉政约谈 = 5`, `署名 张三`, `导入 report.txt`,
    /// `报告信息` (English on request).
    ///
    /// - Parameter labels: metric ids to their labels (from the current snapshot); a metric
    ///   that is gone shows its id.
    public func actions(of change: Change, labels: [String: String]) -> [String] {
        ReportDocument.actions(
            ofWrites: change.operations.lazy.compactMap { operation -> (key: String, value: RegisterValue)? in
                guard case .setRegister(let key, let value, _) = operation else { return nil }
                return (key, value)
            }, labels: labels)
    }

    /// What register writes did, for a person reading the history (``actions(of:labels:)``).
    static func actions(ofWrites writes: some Sequence<(key: String, value: RegisterValue)>, labels: [String: String])
        -> [String]
    {
        var actions: [String] = []
        var metadata = false
        for (key, value) in writes {
            let text: String
            if case .text(let written) = value { text = written } else { text = value.description }
            if key == ReportDocument.workflowKey {
                guard let step = try? WorkflowStep(registerText: text) else { continue }
                let comment = step.comment.isEmpty ? "" : Language.text("：\(step.comment)", ": \(step.comment)")
                actions.append(Language.text(step.kind.displayName, step.kind.pastTense) + comment)
            } else if key.hasPrefix(ReportDocument.metricPrefix) {
                let id = String(key.dropFirst(ReportDocument.metricPrefix.count))
                actions.append("\(labels[id] ?? id) = \(text)")
            } else if key.hasPrefix(ReportDocument.personPrefix) {
                actions.append(Language.text("署名 \(text)", "signed \(text)"))
            } else if key.hasPrefix(ReportDocument.importedPrefix) {
                actions.append(Language.text("导入 \(text)", "imported \(text)"))
            } else if key.hasPrefix("meta:") {
                metadata = true
            }
        }
        if metadata { actions.append(Language.text("报告信息", "report details")) }
        return actions
    }
}
