public import HuibaoModel

/// A work report: a ``Document`` whose body text carries embedded metrics.
///
/// Each number HQ sums is stored as one anchor character (U+E000) in the body text plus a
/// multi-value register `metric:<anchor id>` holding the value exactly as written (`3`, `*`).
/// Rendering puts the value back in place, so the text reads as the author wrote it; setting a
/// value is a register write that names the values it overwrites, so two clerks who change one
/// number concurrently keep both values as a conflict (`{3|5}` in the rendered text), never
/// the digits `35`. Deleting the anchor removes the metric; inserting one adds a metric.
///
/// ## Topics
/// - ``importing(_:metadata:replica:wallTime:)``
/// - ``snapshot()``
/// - ``setMetric(_:to:wallTime:)``
public struct ReportDocument: Sendable {
    /// The character that stands for a metric's value in the body text.
    public static let anchor: Unicode.Scalar = "\u{E000}"
    /// The register key prefix of metric values.
    package static let metricPrefix = "metric:"

    /// How concurrent values of one metric read in the rendered text: `{3|5}`.
    static func conflictText(_ raws: [String]) -> String {
        "{" + raws.joined(separator: "|") + "}"
    }

    /// The replicated document.
    public internal(set) var document: Document

    /// Wraps an existing document (for example one decoded from a store).
    public init(document: Document) {
        self.document = document
    }

    /// Imports a report's text as a new document: one change that inserts the text (metrics
    /// replaced by anchors), writes every metric's value and the metadata.
    ///
    /// The change is made by a replica derived from the content, with no wall time, so that two clerks who import the same file before syncing make
    /// one and the same first version; different files make competing first versions
    /// (``competingFirstVersions``) that a person settles. A second change, `replica`'s at
    /// `wallTime`, records who imported it and from which file (``attribution(of:)``).
    ///
    /// - Throws: ``ReportImportError/reservedCharacter(source:line:)`` if the text already holds
    ///   the anchor character.
    public static func importing(
        _ report: ReportText,
        metadata: ReportMetadata,
        replica: ReplicaID,
        wallTime: Int64,
        source: String = "report"
    ) throws(ReportImportError) -> ReportDocument {
        let scalars = Array(report.text.unicodeScalars)
        if let index = scalars.firstIndex(of: anchor) {
            throw .reservedCharacter(source: source, line: scalars[..<index].count { $0 == "\n" } + 1)
        }
        let metrics = MetricScanner.scan(scalars)
        var body: [Unicode.Scalar] = []
        body.reserveCapacity(scalars.count)
        var anchorPositions: [Int] = []
        var cursor = 0
        for metric in metrics {
            body.append(contentsOf: scalars[cursor..<metric.range.lowerBound])
            anchorPositions.append(body.count)
            body.append(anchor)
            cursor = metric.range.upperBound
        }
        body.append(contentsOf: scalars[cursor...])
        // The first change is the same for the same content (see `firstVersionReplica`); edits
        // after it are `replica`'s.
        var document = Document(
            replica: firstVersionReplica(of: body, metrics: metrics.map(\.raw), metadata: metadata))
        do {
            try document.insert(String(scalars: body), at: 0)
        } catch {
            preconditionFailure("inserting at 0 of an empty document cannot fail: \(error)")
        }
        for (position, metric) in zip(anchorPositions, metrics) {
            document.setRegister(metricPrefix + document.characterID(at: position).description, to: .text(metric.raw))
        }
        var imported = ReportDocument(document: document)
        imported.writeMetadata(metadata)
        imported.document.commit(wallTime: 0)
        let first = imported.document.heads
        imported.document = imported.document.forked(as: replica)
        let file = source.split(separator: "/").last.map(String.init) ?? source
        for hash in first {
            imported.document.setRegister(importedPrefix + hash.description, to: .text(file))
        }
        imported.document.commit(wallTime: wallTime)
        return imported
    }

    /// The values of metric `id` as written, one per concurrent write (empty if unknown).
    func metricValues(_ id: String) -> [String] {
        (document.registers[ReportDocument.metricPrefix + id]?.values ?? []).map { value in
            if case .text(let raw) = value { return raw }
            return value.description
        }
    }

    /// The metadata registers (the newest value of each).
    public var metadata: ReportMetadata {
        var metadata = ReportMetadata()
        for (path, key) in ReportMetadata.keys {
            if case .text(let value)? = document.registers[key]?.value { metadata[keyPath: path] = value }
        }
        return metadata
    }

    /// Writes the metadata fields that are set and differ from the current ones.
    public mutating func writeMetadata(_ metadata: ReportMetadata) {
        for (path, key) in ReportMetadata.keys {
            if let value = metadata[keyPath: path], self.metadata[keyPath: path] != value {
                document.setRegister(key, to: .text(value))
            }
        }
    }

    /// Commits local edits not committed yet (for example metadata writes).
    public mutating func commitPendingEdits(wallTime: Int64) {
        document.commit(wallTime: wallTime)
    }

    /// Applies changes from other replicas (see ``Document/apply(_:)``).
    @discardableResult
    public mutating func apply<Changes: Sequence<Change>>(_ changes: Changes) throws(DocumentError) -> ApplyOutcome {
        try document.apply(changes)
    }

    /// Sets a metric's value (resolving a conflict if there is one) and commits.
    ///
    /// - Parameters:
    ///   - id: the metric's id (``ReportMetric/id``).
    ///   - raw: the value as it should read in the text: digits, or a placeholder such as `*`.
    /// - Throws: ``ReportEditError/unknownMetric(_:)`` if no metric has this id.
    public mutating func setMetric(_ id: String, to raw: String, wallTime: Int64) throws(ReportEditError) {
        guard document.registers[ReportDocument.metricPrefix + id] != nil else { throw .unknownMetric(id) }
        guard MetricValue.isValid(raw) else { throw .invalidValue(raw) }
        document.setRegister(ReportDocument.metricPrefix + id, to: .text(raw))
        document.commit(wallTime: wallTime)
    }
}

/// Why an edit of a report was refused.
public enum ReportEditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No metric has this id.
    case unknownMetric(String)
    /// The value is neither a number nor a placeholder.
    case invalidValue(String)
    /// No open text conflict has this id.
    case unknownConflict(String)
    /// No competing first version has this id.
    case unknownFirstVersion(String)

    public var description: String {
        switch self {
        case .unknownMetric(let id):
            Language.text(
                "没有编号为 \(id) 的指标；`huibao metric REPORT` 可列出全部指标",
                "no metric has the id \(id); `huibao metric REPORT` lists them")
        case .invalidValue(let raw):
            Language.text(
                "“\(raw)”不是数字（如3或12.5），也不是占位符（*、**、***、X、XX）",
                "\"\(raw)\" is not a number (like 3 or 12.5) or a placeholder (*, **, ***, X, XX)")
        case .unknownFirstVersion(let id):
            Language.text(
                "没有编号为 \(id) 的初始版本；`huibao conflicts REPORT` 可列出",
                "no competing first version has the id \(id); `huibao conflicts REPORT` lists them")
        case .unknownConflict(let id):
            Language.text(
                "没有编号为 \(id) 的未处理文字冲突；`huibao conflicts REPORT` 可列出",
                "no open text conflict has the id \(id); `huibao conflicts REPORT` lists them")
        }
    }
}

/// Checks of metric values typed by people.
package enum MetricValue {
    /// Whether `raw` is a number or a placeholder the scanner recognises as a value.
    package static func isValid(_ raw: String) -> Bool {
        let scalars = Array(raw.unicodeScalars)
        guard !scalars.isEmpty, let token = MetricScanner.valueToken(in: scalars, at: 0) else { return false }
        return token.range == 0..<scalars.count
    }
}
