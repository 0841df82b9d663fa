public import HuibaoModel

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

        var totals: [String: IndicatorTotal] = [:]
        var matches: [String: IndicatorCatalog.Match?] = [:]
        for unit in subtree {
            guard let report = byUnit[unit.name] else { continue }
            let isApproved = report.workflow.state == .approved
            for metric in report.metrics {
                let key = metric.label + "\u{0}" + metric.unit
                let match: IndicatorCatalog.Match?
                if let known = matches[key] {
                    match = known
                } else {
                    match = catalog.match(label: metric.label, unit: metric.unit)
                    matches[key] = match
                }
                guard let match else { continue }
                let contribution = Contribution(unit: report.unit, report: report.name, metric: metric)
                switch match {
                case .unitMismatch(let indicator, _):
                    totals[indicator.id, default: IndicatorTotal(indicator: indicator)].mismatched.append(contribution)
                case .indicator(let indicator):
                    var total = totals[indicator.id] ?? IndicatorTotal(indicator: indicator)
                    if metric.conflictingValues != nil {
                        total.conflicted.append(contribution)
                    } else if metric.value == nil {
                        total.missing.append(contribution)
                    } else if !isApproved {
                        total.unapproved.append(contribution)
                    } else {
                        total.add(contribution, path: [report.unit] + tree.ancestors(of: report.unit))
                    }
                    totals[indicator.id] = total
                }
            }
        }
        let order = subtree.enumerated().reduce(into: [String: Int]()) { $0[$1.element.name] = $1.offset }
        self.totals = catalog.indicators.compactMap { indicator in
            guard var total = totals[indicator.id] else { return nil }
            total.subtotals.sort { (order[$0.unit] ?? .max) < (order[$1.unit] ?? .max) }
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

    /// One line for a person, with "changed since approval" and concurrent steps.
    public var summary: String { workflow?.summary ?? "not started" }
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

    mutating func add(_ contribution: Contribution, path: [String]) {
        let value = contribution.metric.value ?? 0
        total += value
        approximate = approximate || contribution.metric.approximate
        counted.append(contribution)
        for unit in path {
            if let index = subtotals.firstIndex(where: { $0.unit == unit }) {
                subtotals[index].total += value
            } else {
                subtotals.append(Subtotal(unit: unit, total: value))
            }
        }
    }
}
