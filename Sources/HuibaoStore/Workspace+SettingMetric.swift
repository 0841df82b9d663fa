import Foundation
public import HuibaoModel
import HuibaoReport
import HuibaoSQLite

extension Workspace {
    /// Sets metric `metricID` of report `id` to `raw` (a number or a placeholder), overwriting
    /// every value it holds (resolving a conflict), in one transaction.
    ///
    /// The change is made from the report's stored ``DocumentTip`` and the stored view and
    /// rendered text are updated for it, so the cost does not grow with the report's history or
    /// text. When the stored state cannot say everything (the view is behind the log, the report
    /// holds competing first versions or text conflicts, this workspace's person is not recorded
    /// in it yet, the log holds 1,000 changes past the checkpoint), the report is loaded, changed
    /// and saved instead: the result is the same. (A shorter tail of value writes costs a load
    /// next to nothing, so the fast path does not wait for the tenth-of-the-history rule.)
    ///
    /// - Throws: ``StoreError/refusedEdit(_:)`` for an invalid value or an unknown metric.
    public func setMetric(_ metricID: String, of id: String, to raw: String, wallTime: Int64 = Workspace.now())
        throws(StoreError)
    {
        guard MetricValue.isValid(raw) else { throw .refusedEdit(.invalidValue(raw)) }
        if try setMetricFromTip(metricID, of: id, to: raw, wallTime: wallTime) { return }
        var report = try load(id)
        do {
            try report.setMetric(metricID, to: raw, wallTime: wallTime)
        } catch {
            throw .refusedEdit(error)
        }
        try save(report, wallTime: wallTime)
    }

    /// The fast path of ``setMetric(_:of:to:wallTime:)``.
    ///
    /// - Returns: whether the metric was set (`false`: nothing was written; load the report).
    func setMetricFromTip(_ metricID: String, of id: String, to raw: String, wallTime: Int64) throws(StoreError)
        -> Bool
    {
        try connection.transaction { () throws(StoreError) -> Bool in
            let select = try connection.prepare(
                "SELECT view, rendered, change_count, view_count, snapshot_count, tip FROM reports WHERE id = ?")
            try select.bind([.text(id)])
            guard try select.step() else { throw .reportNotFound(id) }
            let count = Int(select.int(2))
            guard !select.isNull(0), !select.isNull(5), select.int(3) == select.int(2),
                count + 1 - Int(select.int(4)) < Workspace.longestTail,
                var tip = try? DocumentTip(decoding: select.blob(5)), tip.changeCount == count,
                var view = storedView(of: id, bytes: select.blob(0)),
                view.competingFirstVersions == 0, view.conflicts.textEdits.isEmpty,
                let index = view.metrics.firstIndex(where: { $0.id == metricID }),
                tip.registers[ReportDocument.metricPrefix + metricID] != nil
            else { return false }
            // A save records the person's name in a change of its own while the report lacks it.
            if let personName,
                tip.registers[ReportDocument.personPrefix + replica.description]?.value != .text(personName)
            {
                return false
            }
            var rendered = select.blob(1)
            let change = tip.commit(
                [(key: ReportDocument.metricPrefix + metricID, value: .text(raw))], as: replica, wallTime: wallTime)
            view.setMetric(at: index, to: raw, in: &rendered)
            try connection.prepare("INSERT INTO changes(report, position, hash, bytes) VALUES (?, ?, ?, ?)").bind([
                .text(id), .integer(Int64(count)), .blob(change.hash.bytes), .blob(change.encoded),
            ]).run()
            try connection.prepare(
                "UPDATE reports SET rendered = ?, change_count = ?, view_count = ?, updated = ?, vector = ?, view = ?, tip = ? WHERE id = ?"
            ).bind([
                .utf8(rendered), .integer(Int64(count + 1)),
                .integer(Int64(count + 1)), .integer(wallTime), .blob(tip.versionVector.encoded),
                .blob(view.encoded), .blob(tip.encoded), .text(id),
            ]).run()
            return true
        }
    }

    /// The view stored as `bytes` for report `id`, decoded (or taken from the last decoded view
    /// when its bytes are the same), or `nil` if it does not decode.
    func storedView(of id: String, bytes: [UInt8]) -> ReportView? {
        if let decodedView, decodedView.id == id, decodedView.bytes == bytes { return decodedView.view }
        return try? ReportView(decoding: bytes)
    }
}
