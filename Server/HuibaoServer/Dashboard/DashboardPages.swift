import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import Mustache

/// Renders the dashboard's pages from the HQ model types (no HTTP here, so that pages can be
/// tested and timed on their own).
///
/// HQ's staff read the dashboard: every page is Chinese whatever ``Language/current`` is (the
/// CSS class names keep the stable English state keys; they are not shown).
enum DashboardPages {
    static func render(_ template: String, _ context: [String: Any]) -> String {
        DashboardTemplates.library.render(context, withTemplate: template) ?? ""
    }

    /// Runs `body` with ``Language/current`` set to Chinese.
    static func chinese<Result>(_ body: () throws -> Result) rethrows -> Result {
        try Language.$current.withValue(.chinese) { try body() }
    }

    /// A state as its badge reads: 已审核, 未报送.
    static func stateName(_ workflow: ReportWorkflow?) -> String {
        chinese { workflow?.state.displayName ?? ReportWorkflow.State.notStartedDisplayName }
    }

    /// A query string value, percent-encoded.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func reportLink(unit: String, period: String, kind: String) -> String {
        "/dashboard/report?unit=\(query(unit))&period=\(query(period))&kind=\(query(kind))"
    }

    static func css(_ state: String) -> String { state.replacingOccurrences(of: " ", with: "-") }

    static func login(error: String?) -> String {
        chinese { loginPage(error: error) }
    }

    static func loginPage(error: String?) -> String {
        render("login", ["title": "登录", "error": error as Any])
    }

    static func message(hq: String?, heading: String, text: String, back: String) -> String {
        chinese { messagePage(hq: hq, heading: heading, text: text, back: back) }
    }

    static func messagePage(hq: String?, heading: String, text: String, back: String) -> String {
        render("message", ["title": heading, "hq": hq as Any, "heading": heading, "text": text, "back": back])
    }

    static func status(_ overview: HQOverview) -> String {
        chinese { statusPage(overview) }
    }

    static func statusPage(_ overview: HQOverview) -> String {
        let rows: [[String: Any]] = overview.rows.map { row in
            [
                "unit": row.unit, "indent": String(repeating: "　", count: max(0, row.depth - 1)),
                "cells": row.cells.enumerated().map { index, cell -> [String: Any] in
                    guard let cell else { return ["present": false] }
                    let column = overview.columns[index]
                    return [
                        "present": true, "css": css(cell.state), "label": stateName(cell.workflow),
                        "changed": cell.workflow?.changedSincePinned == true && cell.workflow?.state == .approved,
                        "contested": cell.workflow?.isContested == true,
                        "link": cell.workflow == nil
                            ? false as Any : reportLink(unit: row.unit, period: column.period, kind: column.kind),
                    ]
                },
            ]
        }
        let columns: [[String: Any]] = overview.columns.map {
            [
                "period": $0.period, "kind": $0.kind,
                "totals": "/dashboard/totals?period=\(query($0.period))&kind=\(query($0.kind))",
            ]
        }
        return render(
            "status",
            [
                "title": "报送情况", "hq": overview.hq, "hasColumns": !columns.isEmpty, "columns": columns,
                "rows": rows, "unitCount": overview.rows.count,
            ])
    }

    static func report(_ report: ReportDocument, key: ReportKey, hq: String) throws -> String {
        try chinese { try reportPage(report, key: key, hq: hq) }
    }

    static func reportPage(_ report: ReportDocument, key: ReportKey, hq: String) throws -> String {
        let snapshot = report.snapshot()
        let workflow = report.workflow
        let scalars = Array(snapshot.text.unicodeScalars)
        var pieces: [[String: Any]] = []
        var cursor = 0
        for metric in snapshot.metrics {
            if metric.range.lowerBound > cursor {
                pieces.append(["metric": false, "text": String(scalars: scalars[cursor..<metric.range.lowerBound])])
            }
            let kind =
                metric.conflictingValues != nil ? "metric conflict" : metric.isMissing ? "metric missing" : "metric"
            pieces.append([
                "metric": true, "css": kind,
                "text": metric.conflictingValues.map { "【冲突：" + $0.joined(separator: " | ") + "】" }
                    ?? String(scalars: scalars[metric.range]),
                "title": metric.conflictingValues != nil
                    ? "\(metric.label)（\(metric.unit)）：冲突，待处理"
                    : metric.isMissing ? "\(metric.label)（\(metric.unit)）：缺失" : "\(metric.label)（\(metric.unit)）",
            ])
            cursor = metric.range.upperBound
        }
        if cursor < scalars.count { pieces.append(["metric": false, "text": String(scalars: scalars[cursor...])]) }
        var diff: [[String: Any]] = []
        if workflow.changedSincePinned {
            let pinned = try report.version(at: workflow.pinned).snapshot().text
            diff = LineDiff.lines(from: pinned, to: snapshot.text).map { line in
                switch line {
                case .removed(_, let text): ["css": "diff-removed", "sign": "−", "text": text]
                case .added(_, let text): ["css": "diff-added", "sign": "+", "text": text]
                case .changed(_, let pieces):
                    // The line once, with the characters removed and added marked inside it.
                    [
                        "css": "diff-changed", "sign": "~", "text": "",
                        "marks": pieces.map { piece -> [String: Any] in
                            switch piece {
                            case .same(let text): ["css": "", "text": text]
                            case .removed(let text): ["css": "diff-removed", "text": text, "del": true]
                            case .added(let text): ["css": "diff-added", "text": text, "ins": true]
                            }
                        },
                    ]
                }
            }
        }
        let steps: [[String: Any]] = workflow.steps.map { step in
            [
                "kind": step.kind.displayName, "unit": step.unit, "time": step.wallTime.map(WallTime.local) ?? "",
                "heads": step.heads.map(\.shortDescription).joined(separator: " "), "comment": step.comment,
            ]
        }
        let history: [[String: Any]] = report.document.changes.enumerated().reversed().prefix(200).map {
            index, change in
            [
                "index": index + 1, "hash": change.hash.shortDescription,
                "author": report.personName(of: change.author).map { "\($0)（\(change.author.description.prefix(8))）" }
                    ?? change.author.description,
                "time": WallTime.local(change.wallTime), "operations": change.operations.count,
            ]
        }
        return render(
            "report",
            [
                "title": "\(key.unit) \(key.period) \(key.kind)", "hq": hq, "unit": key.unit, "period": key.period,
                "kind": key.kind, "state": workflow.state.displayName, "css": css(workflow.state.rawValue),
                "summary": workflow.summary, "hasSteps": !steps.isEmpty,
                "reviewable": workflow.state == .submitted || workflow.state == .approved, "steps": steps,
                "hasDiff": !diff.isEmpty,
                "diff": diff, "pieces": pieces, "history": history,
            ])
    }

    static func totals(_ consolidation: Consolidation) -> String {
        chinese { totalsPage(consolidation) }
    }

    static func totalsPage(_ consolidation: Consolidation) -> String {
        let totals: [[String: Any]] = consolidation.totals.map { total in
            let items: [[String: Any]] = ConsolidatedReport.lists(total).flatMap { status, contributions in
                contributions.map { item -> [String: Any] in
                    [
                        "status": status, "unit": item.unit,
                        "value": (item.metric.conflictingValues ?? [item.metric.raw]).joined(separator: " | "),
                        "provenance": ConsolidatedReport.provenance(item),
                        "link": reportLink(unit: item.unit, period: consolidation.period, kind: consolidation.kind),
                    ]
                }
            }
            return [
                "id": total.indicator.id, "name": total.indicator.name, "unit": total.indicator.unit,
                "total": ConsolidatedReport.totalText(total),
                "totalWithUnit": ConsolidatedReport.totalWithUnit(total), "counted": total.counted.count,
                "missing": total.missing.count, "conflicted": total.conflicted.count,
                "unapproved": total.unapproved.count, "mismatched": total.mismatched.count, "items": items,
                "hasSubtotals": !total.subtotals.isEmpty,
                "subtotals": total.subtotals.map { ["unit": $0.unit, "total": ConsolidatedReport.number($0.total)] },
            ]
        }
        return render(
            "totals",
            [
                "title": "指标合计", "hq": consolidation.hq, "period": consolidation.period,
                "kind": consolidation.kind, "totals": totals,
                "export":
                    "/dashboard/export?period=\(query(consolidation.period))&kind=\(query(consolidation.kind))&format=",
            ])
    }

    static func conflicts(_ reports: [(ReportKey, ReportConflicts)], hq: String) -> String {
        chinese { conflictsPage(reports, hq: hq) }
    }

    static func conflictsPage(_ reports: [(ReportKey, ReportConflicts)], hq: String) -> String {
        let list: [[String: Any]] = reports.map { key, conflicts in
            [
                "name": conflicts.report, "link": reportLink(unit: key.unit, period: key.period, kind: key.kind),
                "unit": key.unit, "period": key.period, "kind": key.kind,
                "hasVersions": !conflicts.firstVersions.isEmpty, "versionCount": conflicts.firstVersions.count,
                "versions": conflicts.firstVersions.map { version -> [String: Any] in
                    [
                        "id": version.id, "title": version.title, "characters": version.characters,
                        "metrics": version.metrics,
                    ]
                },
                "metrics": conflicts.metrics.map { metric -> [String: Any] in
                    [
                        "unit": key.unit, "period": key.period, "kind": key.kind, "id": metric.id, "line": metric.line,
                        "label": metric.label, "sentence": metric.sentence,
                        "sides": metric.sides.map { side -> [String: Any] in
                            [
                                "value": side.value, "author": side.author.map(conflicts.who) ?? "?",
                                "time": side.wallTime.map(WallTime.local) ?? "?",
                            ]
                        },
                    ]
                },
                "texts": conflicts.textEdits.map { text -> [String: Any] in
                    [
                        "unit": key.unit, "period": key.period, "kind": key.kind, "id": text.id, "line": text.line,
                        "what": text.kind == .concurrentEdits ? "并发修改同一句" : "修改了对方已删除的文字",
                        "merged": text.merged,
                        "sides": text.sides.map { side -> [String: Any] in
                            [
                                "author": conflicts.who(side.author), "time": WallTime.local(side.wallTime),
                                "inserted": side.inserted, "deleted": side.deleted,
                            ]
                        },
                    ]
                },
                "hasSteps": !conflicts.workflowSteps.isEmpty,
                "steps": conflicts.workflowSteps.map { step -> [String: Any] in
                    [
                        "kind": step.kind.displayName, "unit": step.unit, "comment": step.comment,
                        "time": step.wallTime.map(WallTime.local) ?? "?",
                    ]
                },
            ]
        }
        return render("conflicts", ["title": "冲突", "hq": hq, "reports": list])
    }
}
