import Foundation
import HuibaoModel
import HuibaoReport

extension ReportView {
    /// The first byte of the binary form (a JSON view, as version 3 to 5 workspaces stored it,
    /// starts with `{`).
    static let binaryFormat: UInt8 = 1

    /// The view as stored: a format byte, the metrics field by field (a report of 10 MB has
    /// tens of thousands: JSON would cost more than the rest of setting a value), then the
    /// workflow, the number of first versions and the conflicts as JSON (small).
    var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(ReportView.binaryFormat)
        writer.writeVarint(metrics.count)
        for metric in metrics {
            writer.writeString(metric.raw)
            var flags: UInt8 = 0
            if metric.value != nil { flags |= 1 }
            if metric.approximate { flags |= 2 }
            if metric.part != nil { flags |= 4 }
            if metric.section != nil { flags |= 8 }
            if metric.id != nil { flags |= 16 }
            if metric.conflictingValues != nil { flags |= 32 }
            writer.writeByte(flags)
            if let value = metric.value { writer.writeUInt64(value.bitPattern) }
            writer.writeString(metric.unit)
            writer.writeString(metric.label)
            writer.writeVarint(metric.range.lowerBound)
            writer.writeVarint(metric.range.count)
            writer.writeVarint(metric.line)
            if let part = metric.part { writer.writeVarint(part) }
            if let section = metric.section { writer.writeVarint(section) }
            if let id = metric.id { writer.writeString(id) }
            if let values = metric.conflictingValues {
                writer.writeVarint(values.count)
                for value in values { writer.writeString(value) }
            }
        }
        // Encoding plain values cannot fail.
        let rest = (try? JSONEncoder().encode(Rest(view: self))).map { [UInt8]($0) } ?? []
        writer.writeBlock(rest)
        return writer.bytes
    }

    /// Decodes ``encoded``, or the JSON form older workspaces stored.
    init(decoding bytes: [UInt8]) throws {
        guard bytes.first == ReportView.binaryFormat else {
            self = try JSONDecoder().decode(ReportView.self, from: Data(bytes))
            return
        }
        var reader = ByteReader(bytes)
        _ = try reader.readByte("view format")
        let count = try reader.readCount("metric count", max: reader.remaining / 8)
        var metrics: [ReportMetric] = []
        metrics.reserveCapacity(count)
        for _ in 0..<count {
            let raw = try reader.readString("metric value")
            let flags = try reader.readByte("metric flags")
            let value = flags & 1 != 0 ? Double(bitPattern: try reader.readUInt64("metric number")) : nil
            let unit = try reader.readString("metric unit")
            let label = try reader.readString("metric label")
            let start = try reader.readCount("metric start", max: Int(Int32.max))
            let length = try reader.readCount("metric length", max: Int(Int32.max))
            let line = try reader.readCount("metric line", max: Int(Int32.max))
            let part = flags & 4 != 0 ? try reader.readCount("metric part", max: Int(Int32.max)) : nil
            let section = flags & 8 != 0 ? try reader.readCount("metric section", max: Int(Int32.max)) : nil
            let id = flags & 16 != 0 ? try reader.readString("metric id") : nil
            var conflicting: [String]?
            if flags & 32 != 0 {
                let values = try reader.readCount("conflicting value count", max: reader.remaining)
                conflicting = []
                for _ in 0..<values { conflicting?.append(try reader.readString("conflicting value")) }
            }
            metrics.append(
                ReportMetric(
                    raw: raw, value: value, approximate: flags & 2 != 0, unit: unit, label: label,
                    range: start..<start + length, line: line, part: part, section: section, id: id,
                    conflictingValues: conflicting))
        }
        var restReader = try reader.readBlock("view details")
        try reader.expectEnd("view")
        let rest = try JSONDecoder().decode(
            Rest.self, from: Data(restReader.readBytes(restReader.remaining, "view details")))
        self.metrics = metrics
        workflow = rest.workflow
        competingFirstVersions = rest.competingFirstVersions
        conflicts = rest.conflicts
    }

    /// The parts of a view stored as JSON.
    private struct Rest: Codable {
        var workflow: ReportWorkflow
        var competingFirstVersions: Int
        var conflicts: ReportConflicts

        init(view: ReportView) {
            workflow = view.workflow
            competingFirstVersions = view.competingFirstVersions
            conflicts = view.conflicts
        }
    }
}
