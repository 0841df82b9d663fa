public import HuibaoModel

/// What in one report needs a person: metric values written concurrently (with who wrote each
/// and when), concurrent edits of one sentence, edits of text deleted concurrently, and
/// workflow steps taken concurrently.
public struct ReportConflicts: Hashable, Sendable, Codable {
    /// One concurrent value of a metric.
    public struct Side: Hashable, Sendable, Codable {
        /// The value as written.
        public var value: String
        /// The replica that wrote it.
        public var author: ReplicaID?
        /// When, milliseconds since 1970.
        public var wallTime: Int64?
    }

    /// A metric with concurrent values.
    public struct Metric: Hashable, Sendable, Codable {
        /// The metric's id.
        public var id: String
        /// Its label.
        public var label: String
        /// Its line.
        public var line: Int
        /// The sentence it stands in.
        public var sentence: String
        /// The concurrent values.
        public var sides: [Side]
    }

    /// The report, `unit/period/kind`.
    public var report: String
    /// The metrics with concurrent values.
    public var metrics: [Metric]
    /// The workflow steps, when steps of different kinds were taken concurrently.
    public var workflowSteps: [WorkflowStep]
    /// Concurrent edits of one sentence, and edits of text another replica deleted.
    public var textEdits: [TextConflict]
    /// Different first versions imported before anyone synced; a person keeps one.
    public var firstVersions: [FirstVersion]
    /// The names of the people behind the replicas named here, by replica id (hex), where
    /// recorded.
    public var names: [String: String] = [:]

    /// A replica as people read it, in the current ``Language``: `张三（副本 3f2a…）` or `副本 3f2a…`;
    /// `张三 (replica 3f2a…)` or `replica 3f2a…` in English.
    public func who(_ replica: ReplicaID) -> String {
        if let name = names[replica.description] {
            return Language.text("\(name)（副本 \(replica)）", "\(name) (replica \(replica))")
        }
        return Language.text("（副本 \(replica)）", "replica \(replica)")
    }

    /// Whether nothing needs a person.
    public var isEmpty: Bool {
        metrics.isEmpty && workflowSteps.isEmpty && textEdits.isEmpty && firstVersions.isEmpty
    }

    /// No conflicts in the report named `report`.
    package init(report: String) {
        self.report = report
        metrics = []
        workflowSteps = []
        textEdits = []
        firstVersions = []
    }

    /// Finds the conflicts of `report`.
    public init(report: ReportDocument, name: String) {
        self.init(report: report, name: name, snapshot: report.snapshot())
    }

    /// Finds the conflicts of `report`, whose ``ReportDocument/snapshot()`` is `snapshot` (taken
    /// once by a caller that needs it too) and whose workflow is `workflow` (computed by the
    /// caller, or here when `nil`); `hashes` gives the hashes of changes by index for the text
    /// conflicts (``ReportDocument/textConflicts(hashes:)``).
    package init(
        report: ReportDocument, name: String, snapshot: ReportSnapshot, workflow: ReportWorkflow? = nil,
        hashes: (([Int]) -> [Int: ChangeHash])? = nil
    ) {
        self.report = name
        let conflicted = snapshot.conflicts
        let scalars = conflicted.isEmpty ? [] : Array(snapshot.text.unicodeScalars)
        metrics = conflicted.map { metric in
            Metric(
                id: metric.id ?? "", label: metric.label, line: metric.line,
                sentence: ReportSnapshot.sentence(around: metric.range, in: scalars),
                sides: report.metricWrites(metric.id ?? "").map {
                    Side(value: $0.value, author: $0.change?.author, wallTime: $0.change?.wallTime)
                })
        }
        let workflow = workflow ?? report.workflow
        workflowSteps = workflow.isContested ? workflow.steps : []
        textEdits = report.textConflicts(hashes: hashes)
        firstVersions = report.competingFirstVersions
        let replicas =
            metrics.flatMap { $0.sides.compactMap(\.author) } + textEdits.flatMap { $0.sides.map(\.author) }
            + workflowSteps.compactMap(\.author)
        for replica in replicas {
            if let name = report.personName(of: replica) { names[replica.description] = name }
        }
    }

    /// The conflicts for a person, a few lines each, in the current ``Language``.
    public var text: String {
        var out = ""
        if !firstVersions.isEmpty {
            out += Language.text(
                "\(report) 有 \(firstVersions.count) 个不同的初始版本（分别导入），请保留其中一个：\n",
                "\(report) has \(firstVersions.count) different first versions (imported separately); keep one:\n")
            for version in firstVersions {
                out += Language.text(
                    "  [\(version.id)] “\(version.title)” \(version.characters) 字，\(version.metrics) 个数值\n",
                    "  [\(version.id)] “\(version.title)” \(version.characters) character(s), \(version.metrics) metric(s)\n"
                )
            }
        }
        for metric in metrics {
            out += Language.text(
                "\(report) 第\(metric.line)行 \(metric.label)：“\(metric.sentence)”\n",
                "\(report) line \(metric.line) \(metric.label): “\(metric.sentence)”\n")
            for side in metric.sides {
                let who = side.author.map(who) ?? "?"
                let time = side.wallTime.map(WallTime.local) ?? "?"
                out += Language.text("  \(side.value)  \(who)填报于 \(time)\n", "  \(side.value)  by \(who) at \(time)\n")
            }
        }
        for conflict in textEdits {
            let what =
                conflict.kind == .concurrentEdits
                ? Language.text("并发修改同一句", "concurrent edits")
                : Language.text("修改了对方已删除的文字", "an edit of text deleted concurrently")
            out += Language.text(
                "\(report) 第\(conflict.line)行 \(what) [\(conflict.id)]：现为“\(conflict.merged)”\n",
                "\(report) line \(conflict.line) \(what) [\(conflict.id)]: now reads “\(conflict.merged)”\n")
            for side in conflict.sides {
                var did: [String] = []
                if !side.inserted.isEmpty {
                    did.append(Language.text("插入“\(side.inserted)”", "inserted “\(side.inserted)”"))
                }
                if !side.deleted.isEmpty {
                    did.append(Language.text("删除“\(side.deleted)”", "deleted “\(side.deleted)”"))
                }
                let time = WallTime.local(side.wallTime)
                out += Language.text(
                    "  \(who(side.author))，\(time)：\(did.joined(separator: "，"))\n",
                    "  \(who(side.author)) at \(time): \(did.joined(separator: ", "))\n")
            }
        }
        if !workflowSteps.isEmpty {
            out += Language.text("\(report) 并发的工作流步骤：\n", "\(report) concurrent workflow steps:\n")
            for step in workflowSteps {
                let comment = step.comment.isEmpty ? "" : " “\(step.comment)”"
                let time = step.wallTime.map(WallTime.local) ?? "?"
                out += Language.text(
                    "  \(step.kind.displayName)：\(step.unit)，\(time)\(comment)\n",
                    "  \(step.kind.rawValue) by \(step.unit) at \(time)\(comment)\n")
            }
        }
        return out
    }
}
