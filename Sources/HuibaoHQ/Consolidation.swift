import HuibaoModel
public import HuibaoReport

/// HQ's view of one period and kind: who has reported, and each indicator's total with its
/// provenance.
///
/// Only clean values of approved reports are summed. Everything else that matches an indicator
/// is listed beside the total instead of being added silently: placeholders (missing),
/// concurrent values (conflicted), values of reports not approved yet (unapproved), and values
/// whose measure word differs from the indicator's (mismatched, 人 vs 人次).
public struct Consolidation: Hashable, Sendable, Codable {
    /// The period, e.g. `2023H1`.
    public var period: String
    /// The kind of report.
    public var kind: String
    /// The HQ unit the view is for.
    public var hq: String
    /// Every expected unit's status, in tree order.
    public var statuses: [UnitStatus]
    /// The totals, in catalogue order (indicators nobody reported are left out).
    public var totals: [IndicatorTotal]
    /// The approved reports, in tree order: what the consolidated report prints.
    public var approved: [ReportFacts]

    /// Consolidates `reports` (those of `period`/`kind` are used) for `hq`.
    ///
    /// - Parameters:
    ///   - expected: the units expected to report; `nil` means every unit below `hq` that is
    ///     not itself an HQ.
    public init(
        period: String, kind: String, hq: String, tree: UnitTree, catalog: IndicatorCatalog,
        expected: [String]?, reports: [ReportFacts]
    ) {
        self.period = period
        self.kind = kind
        self.hq = hq
        let subtree = tree.subtree(of: hq)
        let inScope = Set(subtree.map(\.name))
        var byUnit: [String: ReportFacts] = [:]
        for report in reports where report.period == period && report.kind == kind && inScope.contains(report.unit) {
            byUnit[report.unit] = report
        }
        let expectedSet = Set(expected ?? subtree.filter { !$0.isHQ }.map(\.name))
        statuses = subtree.filter { expectedSet.contains($0.name) || byUnit[$0.name] != nil }.map { unit in
            UnitStatus(
                unit: unit.name, parent: unit.parent, depth: tree.depth[unit.name] ?? 0,
                expected: expectedSet.contains(unit.name), workflow: byUnit[unit.name]?.workflow)
        }
        approved = subtree.compactMap { byUnit[$0.name] }.filter { $0.workflow.state == .approved }

        // Indexed by catalogue position and by tree position: the loop runs once per metric
        // (50,000 for 1,000 units × 50 indicators), so it avoids string-keyed work.
        var totals: [IndicatorTotal?] = Array(repeating: nil, count: catalog.indicators.count)
        let position = Dictionary(catalog.indicators.enumerated().map { ($1.id, $0) }) { first, _ in first }
        let row = Dictionary(subtree.enumerated().map { ($1.name, $0) }) { first, _ in first }
        var sums = Array(repeating: [Double](repeating: 0, count: subtree.count), count: catalog.indicators.count)
        var touched = Array(repeating: [Bool](repeating: false, count: subtree.count), count: catalog.indicators.count)
        var matches: [String: [String: (index: Int, mismatch: Bool)?]] = [:]
        for unit in subtree {
            guard let report = byUnit[unit.name] else { continue }
            let isApproved = report.workflow.state == .approved
            let name = report.name
            let path = ([unit.name] + tree.ancestors(of: unit.name)).compactMap { row[$0] }
            for metric in report.metrics {
                let found: (index: Int, mismatch: Bool)?
                if let known = matches[metric.label]?[metric.unit] {
                    found = known
                } else {
                    found = catalog.match(label: metric.label, unit: metric.unit).flatMap { match in
                        switch match {
                        case .indicator(let indicator): position[indicator.id].map { ($0, false) }
                        case .unitMismatch(let indicator, _): position[indicator.id].map { ($0, true) }
                        }
                    }
                    matches[metric.label, default: [:]][metric.unit] = .some(found)
                }
                guard let (index, mismatch) = found else { continue }
                if totals[index] == nil { totals[index] = IndicatorTotal(indicator: catalog.indicators[index]) }
                let contribution = Contribution(unit: report.unit, report: name, metric: metric)
                if mismatch {
                    totals[index]?.mismatched.append(contribution)
                } else if metric.conflictingValues != nil || !report.competingFirstVersions.isEmpty {
                    // Two first versions of one report are not two reports: neither is summed.
                    totals[index]?.conflicted.append(contribution)
                } else if metric.value == nil {
                    totals[index]?.missing.append(contribution)
                } else if !isApproved {
                    totals[index]?.unapproved.append(contribution)
                } else {
                    totals[index]?.add(contribution)
                    for node in path {
                        sums[index][node] += metric.value ?? 0
                        touched[index][node] = true
                    }
                }
            }
        }
        self.totals = totals.enumerated().compactMap { index, total in
            guard var total else { return nil }
            total.subtotals = subtree.indices.filter { touched[index][$0] }.map {
                IndicatorTotal.Subtotal(unit: subtree[$0].name, total: sums[index][$0])
            }
            return total
        }
    }
}

/// Where one expected unit stands for the period.
public struct UnitStatus: Hashable, Sendable, Codable {
    /// The unit.
    public var unit: String
    /// Its parent.
    public var parent: String?
    /// Its depth in the tree.
    public var depth: Int
    /// Whether it is expected to report (a unit not expected that reported anyway is listed too).
    public var expected: Bool
    /// Its report's workflow, `nil` if the server has no report from it.
    public var workflow: ReportWorkflow?

    /// `not started`, `draft`, `submitted`, `returned`, `approved`.
    public var state: String { workflow?.state.rawValue ?? "not started" }

    /// One line for a person in the current ``Language``, with "changed since approval" and
    /// concurrent steps: `已审核，审核后已修改`, `未报送`.
    public var summary: String { workflow?.summary ?? ReportWorkflow.State.notStartedDisplayName }
}

/// One value that counts towards, or is listed beside, an indicator's total.
public struct Contribution: Hashable, Sendable, Codable {
    /// The reporting unit.
    public var unit: String
    /// The report, `unit/period/kind`.
    public var report: String
    /// The metric with its provenance.
    public var metric: MetricFact
}

/// An indicator's total over the approved reports, with everything that did not count.
public struct IndicatorTotal: Hashable, Sendable, Codable {
    /// A subtotal for one unit of the tree (its own value plus its subtree's).
    public struct Subtotal: Hashable, Sendable, Codable {
        /// The unit.
        public var unit: String
        /// The sum.
        public var total: Double
    }

    /// The indicator.
    public var indicator: Indicator
    /// The sum of the counted values.
    public var total: Double = 0
    /// Whether an approximation (`70余`) is among them: the total is then a lower bound.
    public var approximate = false
    /// The counted values.
    public var counted: [Contribution] = []
    /// Sums per unit of the tree, in tree order.
    public var subtotals: [Subtotal] = []
    /// Placeholders: values not given yet.
    public var missing: [Contribution] = []
    /// Values two people wrote concurrently: resolve first.
    public var conflicted: [Contribution] = []
    /// Values of reports not approved yet.
    public var unapproved: [Contribution] = []
    /// Values with another measure word than the indicator's.
    public var mismatched: [Contribution] = []

    init(indicator: Indicator) {
        self.indicator = indicator
    }

    mutating func add(_ contribution: Contribution) {
        total += contribution.metric.value ?? 0
        approximate = approximate || contribution.metric.approximate
        counted.append(contribution)
    }
}
