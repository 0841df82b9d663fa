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
    /// the author of what remains. An imported first version counts as the change that
    /// recorded its import (``attribution(of:)``).
    public func blame() -> [BlameLine] {
        blame(
            index: { hash in document.changeIndex(of: hash) },
            hashes: { indices in Dictionary(uniqueKeysWithValues: indices.map { ($0, document.changes[$0].hash) }) })
    }

    /// ``blame()`` reading only the changes' metadata (``Document/changeInfo(at:)``) and asking
    /// for the hashes it needs: of the first versions whose imports were recorded, and of the
    /// changes it names. A lazily loaded history stays encoded.
    ///
    /// - Parameters:
    ///   - index: the index in the history of the change with a hash, if it is there.
    ///   - hashes: the hashes of the changes at some indices of the history (all of them).
    /// - Throws: what `index` or `hashes` throw.
    package func blame<Failure: Error>(
        index: (ChangeHash) throws(Failure) -> Int?, hashes: (Set<Int>) throws(Failure) -> [Int: ChangeHash]
    ) throws(Failure) -> [BlameLine] {
        let attributed = try importAttributions(index: index, hashes: hashes)
        var blamed: [(line: Int, text: String, change: Int?)] = []
        var text: [Unicode.Scalar] = []
        var newest: Int?
        func consider(_ written: Int) {
            let change = attributed[written] ?? written
            let info = document.changeInfo(at: change)
            if newest.map({
                let shown = document.changeInfo(at: $0)
                return (shown.lamport, shown.wallTime) < (info.lamport, info.wallTime)
            }) ?? true {
                newest = change
            }
        }
        func endLine() {
            blamed.append((blamed.count + 1, String(String.UnicodeScalarView(text)), newest))
            text.removeAll()
            newest = nil
        }
        let snapshot = self.snapshot()
        var anchors = snapshot.metrics.makeIterator()
        document.forEachVisibleCharacter { lv, scalar in
            if scalar == "\n" { return endLine() }
            consider(document.changeIndex(holding: lv))
            guard scalar == ReportDocument.anchor, let metric = anchors.next() else { return text.append(scalar) }
            text.append(
                contentsOf: snapshot.text.unicodeScalars.dropFirst(metric.range.lowerBound).prefix(metric.range.count))
            // The value's latest write counts as an edit of the line.
            let id = document.id(of: lv).description
            for entry in document.registers[ReportDocument.metricPrefix + id]?.entries ?? [] {
                if let lv = document.lv(of: entry.id) { consider(document.changeIndex(holding: lv)) }
            }
        }
        if !text.isEmpty || newest != nil { endLine() }
        let named = try hashes(Set(blamed.compactMap(\.change)))
        return blamed.map { line in
            let info = line.change.map(document.changeInfo(at:))
            return BlameLine(
                line: line.line, text: line.text, author: info?.author.description, wallTime: info?.wallTime,
                change: line.change.flatMap { named[$0]?.description })
        }
    }

    /// For each first version whose import a clerk recorded, by index in the history: the
    /// index of the change to name instead (``attribution(of:)``).
    func importAttributions<Failure: Error>(
        index: (ChangeHash) throws(Failure) -> Int?, hashes: (Set<Int>) throws(Failure) -> [Int: ChangeHash]
    ) throws(Failure) -> [Int: Int] {
        var attributed: [Int: Int] = [:]
        for key in document.registers.keys where key.hasPrefix(ReportDocument.importedPrefix) {
            let hex = String(key.dropFirst(ReportDocument.importedPrefix.count))
            guard let hash = ChangeHash(hex: hex), hash.description == hex, let root = try index(hash),
                document.changeInfo(at: root).isRoot
            else { continue }
            let recorders = (document.registers[key]?.entries ?? []).compactMap { entry in
                document.lv(of: entry.id).map { document.changeIndex(holding: $0) }
            }
            // Only recorders at the same wall time need their hashes to tell which came first.
            let earliest = recorders.map { document.changeInfo(at: $0).wallTime }.min()
            let tied = recorders.filter { document.changeInfo(at: $0).wallTime == earliest }
            let tiedHashes = tied.count > 1 ? try hashes(Set(tied)) : [:]
            let chosen = ReportDocument.importRecorder(
                of: hash, in: document.registers,
                recorder: { id in document.lv(of: id).map { document.changeIndex(holding: $0) } },
                order: { (document.changeInfo(at: $0).wallTime, tiedHashes[$0] ?? hash) })
            if let chosen { attributed[root] = chosen }
        }
        return attributed
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
