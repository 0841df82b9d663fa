public import HuibaoModel

/// The last change that touched a line of a report.
public struct BlameLine: Hashable, Sendable, Codable {
    /// The line number, 1-based.
    public var line: Int
    /// The line's text as it reads now.
    public var text: String
    /// The replica that last inserted text or set a value in the line (`nil` for an empty line).
    public var author: String?
    /// When (milliseconds since 1970).
    public var wallTime: Int64?
    /// The change's hash.
    public var change: String?

    /// A line with its blame.
    package init(line: Int, text: String, author: String?, wallTime: Int64?, change: String?) {
        self.line = line
        self.text = text
        self.author = author
        self.wallTime = wallTime
        self.change = change
    }
}

extension ReportDocument {
    /// Each line of the rendered text with the newest change among its characters and values.
    ///
    /// Deletions leave nothing behind to attribute, so a line where text was only deleted keeps
    /// the author of what remains.
    public func blame() -> [BlameLine] {
        var lines: [BlameLine] = []
        var text: [Unicode.Scalar] = []
        var newest: Change?
        func consider(_ written: Change) {
            let change = attribution(of: written)
            if newest.map({ ($0.lamport, $0.wallTime) < (change.lamport, change.wallTime) }) ?? true { newest = change }
        }
        func endLine() {
            lines.append(
                BlameLine(
                    line: lines.count + 1, text: String(scalars: text), author: newest?.author.description,
                    wallTime: newest?.wallTime, change: newest?.hash.description))
            text.removeAll()
            newest = nil
        }
        let snapshot = self.snapshot()
        var anchors = snapshot.metrics.makeIterator()
        document.forEachVisibleCharacter { lv, scalar in
            if scalar == "\n" { return endLine() }
            consider(document.changes[document.changeIndex(holding: lv)])
            guard scalar == ReportDocument.anchor, let metric = anchors.next() else { return text.append(scalar) }
            text.append(
                contentsOf: snapshot.text.unicodeScalars.dropFirst(metric.range.lowerBound).prefix(metric.range.count))
            // The value's latest write counts as an edit of the line.
            let id = document.id(of: lv).description
            for entry in document.registers[ReportDocument.metricPrefix + id]?.entries ?? [] {
                if let lv = document.lv(of: entry.id) { consider(document.changes[document.changeIndex(holding: lv)]) }
            }
        }
        if !text.isEmpty || newest != nil { endLine() }
        return lines
    }

    /// The report as it was at the given changes (each with everything it was made on).
    ///
    /// - Throws: ``DocumentError`` if a hash is not in the history.
    public func version(at heads: [ChangeHash]) throws(DocumentError) -> ReportDocument {
        var wanted = Set<ChangeHash>()
        var stack = heads
        while let hash = stack.popLast() {
            guard wanted.insert(hash).inserted else { continue }
            guard let change = document.change(hash) else {
                throw .invalidChange(hash: hash, author: ReplicaID(0), seq: 0, reason: "not in this report's history")
            }
            stack.append(contentsOf: change.dependencies)
        }
        var past = Document(replica: document.replica)
        try past.apply(document.changes.filter { wanted.contains($0.hash) })
        return ReportDocument(document: past)
    }
}

extension ReportDocument {
    /// The change that wrote the shown value of metric `id` (the newest surviving write), for
    /// provenance: who wrote the number and when.
    public func metricWrite(_ id: String) -> Change? {
        metricWrites(id).last?.change
    }

    /// Every surviving write of metric `id` (several when concurrent), with its change (for an
    /// imported value, the change that recorded the import: ``attribution(of:)``).
    public func metricWrites(_ id: String) -> [(value: String, change: Change?)] {
        (document.registers[ReportDocument.metricPrefix + id]?.entries ?? []).map { entry in
            let change = document.lv(of: entry.id).map {
                attribution(of: document.changes[document.changeIndex(holding: $0)])
            }
            if case .text(let raw) = entry.value { return (raw, change) }
            return (entry.value.description, change)
        }
    }
}
