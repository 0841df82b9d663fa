package import HuibaoModel
import HuibaoReport

/// A compact binary form of ``ReportFacts``, for a server that stores them per report version:
/// decoding 1,000 reports' facts must take milliseconds, not the half second JSON takes.
///
/// Layout (varints and length-prefixed UTF-8 strings, see `ByteWriter`): unit, period, kind,
/// text; the workflow (state, pinned hashes, changed-since flag, steps as their register text
/// with author and time); the metrics; the competing first versions.
extension ReportFacts {
    /// Appends the binary form to `writer`.
    package func write(to writer: inout ByteWriter) {
        for field in [unit, period, kind, text] { writer.writeString(field) }
        writer.writeString(workflow.state.rawValue)
        ReportFacts.write(workflow.pinned, to: &writer)
        writer.writeByte(workflow.changedSincePinned ? 1 : 0)
        writer.writeVarint(workflow.steps.count)
        for step in workflow.steps {
            writer.writeString(step.registerText)
            ReportFacts.write(step.author, step.wallTime, to: &writer)
        }
        writer.writeVarint(metrics.count)
        for metric in metrics {
            for field in [metric.id, metric.label, metric.raw, metric.unit, metric.sentence] {
                writer.writeString(field)
            }
            writer.writeVarint(metric.line)
            var flags: UInt8 = metric.approximate ? 1 : 0
            if metric.value != nil { flags |= 2 }
            if metric.conflictingValues != nil { flags |= 4 }
            if metric.change != nil { flags |= 8 }
            if metric.authorName != nil { flags |= 16 }
            writer.writeByte(flags)
            if let value = metric.value { writer.writeUInt64(value.bitPattern) }
            if let values = metric.conflictingValues {
                writer.writeVarint(values.count)
                for value in values { writer.writeString(value) }
            }
            if let change = metric.change { writer.writeChangeHash(change) }
            if let name = metric.authorName { writer.writeString(name) }
            ReportFacts.write(metric.author, metric.wallTime, to: &writer)
        }
        writer.writeVarint(competingFirstVersions.count)
        for version in competingFirstVersions {
            writer.writeChangeHash(version.change)
            writer.writeString(version.title)
            writer.writeVarint(version.characters)
            writer.writeVarint(version.metrics)
        }
    }

    /// Reads facts written by ``write(to:)``.
    ///
    /// - Throws: ``BinaryDecodingError`` for bytes of another form.
    package init(reading reader: inout ByteReader) throws(BinaryDecodingError) {
        unit = try reader.readString("unit")
        period = try reader.readString("period")
        kind = try reader.readString("kind")
        text = try reader.readString("text")
        let stateName = try reader.readString("workflow state")
        guard let state = ReportWorkflow.State(rawValue: stateName) else {
            throw .invalidValue(field: "workflow state", offset: reader.offset, reason: "unknown state \(stateName)")
        }
        let pinned = try ReportFacts.readHashes(&reader, "pinned version")
        let changed = try reader.readByte("changed since pinned") != 0
        var steps: [WorkflowStep] = []
        for _ in 0..<(try reader.readCount("steps", max: 1 << 16)) {
            let registerText = try reader.readString("step")
            var step: WorkflowStep
            do {
                step = try WorkflowStep(registerText: registerText)
            } catch {
                throw .invalidValue(field: "step", offset: reader.offset, reason: "\(error)")
            }
            (step.author, step.wallTime) = try ReportFacts.readAuthorAndTime(&reader)
            steps.append(step)
        }
        workflow = ReportWorkflow(state: state, steps: steps, pinned: pinned, changedSincePinned: changed)
        var metrics: [MetricFact] = []
        let count = try reader.readCount("metrics", max: 1 << 24)
        metrics.reserveCapacity(count)
        for _ in 0..<count {
            let id = try reader.readString("metric id")
            let label = try reader.readString("metric label")
            let raw = try reader.readString("metric raw")
            let measure = try reader.readString("metric unit")
            let sentence = try reader.readString("metric sentence")
            let line = Int(try reader.readVarint("metric line"))
            let flags = try reader.readByte("metric flags")
            let value = flags & 2 != 0 ? Double(bitPattern: try reader.readUInt64("metric value")) : nil
            var conflicting: [String]?
            if flags & 4 != 0 {
                var values: [String] = []
                for _ in 0..<(try reader.readCount("concurrent values", max: 1 << 16)) {
                    values.append(try reader.readString("concurrent value"))
                }
                conflicting = values
            }
            let change = flags & 8 != 0 ? try ReportFacts.readHash(&reader, "metric change") : nil
            let authorName = flags & 16 != 0 ? try reader.readString("metric author's name") : nil
            let (author, wallTime) = try ReportFacts.readAuthorAndTime(&reader)
            metrics.append(
                MetricFact(
                    id: id, label: label, raw: raw, value: value, approximate: flags & 1 != 0, unit: measure,
                    line: line, sentence: sentence, conflictingValues: conflicting, change: change, author: author,
                    wallTime: wallTime, authorName: authorName))
        }
        self.metrics = metrics
        var versions: [FirstVersion] = []
        for _ in 0..<(try reader.readCount("first versions", max: 1 << 16)) {
            let change = try ReportFacts.readHash(&reader, "first version")
            let title = try reader.readString("first version title")
            let characters = Int(try reader.readVarint("first version characters"))
            let metricCount = Int(try reader.readVarint("first version metrics"))
            versions.append(FirstVersion(change: change, title: title, characters: characters, metrics: metricCount))
        }
        competingFirstVersions = versions
    }

    static func write(_ hashes: [ChangeHash], to writer: inout ByteWriter) {
        writer.writeVarint(hashes.count)
        for hash in hashes { writer.writeChangeHash(hash) }
    }

    static func write(_ author: ReplicaID?, _ wallTime: Int64?, to writer: inout ByteWriter) {
        writer.writeByte((author != nil ? 1 : 0) | (wallTime != nil ? 2 : 0))
        if let author { writer.writeUInt64(author.rawValue) }
        if let wallTime { writer.writeSignedVarint(wallTime) }
    }

    static func readHash(_ reader: inout ByteReader, _ field: String) throws(BinaryDecodingError) -> ChangeHash {
        try reader.readChangeHash(field)
    }

    static func readHashes(_ reader: inout ByteReader, _ field: String) throws(BinaryDecodingError) -> [ChangeHash] {
        var hashes: [ChangeHash] = []
        for _ in 0..<(try reader.readCount(field, max: 1 << 16)) { hashes.append(try readHash(&reader, field)) }
        return hashes
    }

    static func readAuthorAndTime(_ reader: inout ByteReader) throws(BinaryDecodingError) -> (ReplicaID?, Int64?) {
        let flags = try reader.readByte("author flags")
        let author = flags & 1 != 0 ? ReplicaID(try reader.readUInt64("author")) : nil
        let wallTime = flags & 2 != 0 ? try reader.readSignedVarint("wall time") : nil
        return (author, wallTime)
    }
}
