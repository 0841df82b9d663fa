public import HuibaoModel

/// One of several different first versions of a report: two clerks imported different files
/// for the same period and kind before either synced. The text CRDT would show both one after
/// the other; a person keeps one (``ReportDocument/keepFirstVersion(_:wallTime:)``).
public struct FirstVersion: Hashable, Sendable, Codable {
    /// The change that imported it.
    public var change: ChangeHash
    /// Its first line (the title, usually), as far as it still reads.
    public var title: String
    /// How many of its characters are still in the report.
    public var characters: Int
    /// How many of its metrics are still in the report.
    public var metrics: Int

    /// A short id for `huibao keep`: the change's hash prefix.
    public var id: String { change.shortDescription }

    /// A first version as stored (by a server's cache of extracted facts).
    package init(change: ChangeHash, title: String, characters: Int, metrics: Int) {
        self.change = change
        self.title = title
        self.characters = characters
        self.metrics = metrics
    }
}

extension ReportDocument {
    /// The register key prefix recording who imported a first version: `imported:<its hash>`,
    /// written by the clerk's replica right after it, with the clerk's time.
    static let importedPrefix = "imported:"

    /// The change to name as the author of `change` for a person: for a first version (made by
    /// no one in particular), the earliest clerk's change that recorded importing it.
    public func attribution(of change: Change) -> Change {
        guard change.dependencies.isEmpty else { return change }
        return ReportDocument.importRecorder(
            of: change.hash, in: document.registers,
            recorder: { id in document.lv(of: id).map { document.changes[document.changeIndex(holding: $0)] } },
            order: { ($0.wallTime, $0.hash) }) ?? change
    }

    /// The change to name as the author of the first version `hash` (a change made on nothing):
    /// the earliest, by wall time then hash, of the changes that recorded importing it in
    /// `registers`, or `nil` if none did.
    ///
    /// - Parameters:
    ///   - recorder: the change that made a register write, if known.
    ///   - order: a change's wall time and hash.
    static func importRecorder<Recorder>(
        of hash: ChangeHash, in registers: [String: MultiValueRegister], recorder: (OpID) -> Recorder?,
        order: (Recorder) -> (Int64, ChangeHash)
    ) -> Recorder? {
        let entries = registers[ReportDocument.importedPrefix + hash.description]?.entries ?? []
        return entries.compactMap { recorder($0.id) }.min { order($0) < order($1) }
    }

    /// Whether a register key records who imported a first version or names a person: the
    /// registers that say who made a change (``attribution(of:)``, ``person(_:)``).
    static func isAttributionKey(_ key: String) -> Bool {
        key.hasPrefix(importedPrefix) || key.hasPrefix(personPrefix)
    }

    /// Imports make their first change as this replica, derived from the imported content, with
    /// no wall time: two clerks importing the same file for the same report make the same change,
    /// which syncs as one.
    static func firstVersionReplica(of body: [Unicode.Scalar], metrics: [String], metadata: ReportMetadata)
        -> ReplicaID
    {
        var bytes = Array("huibao-first-version/1".utf8)
        for field in [metadata.unit, metadata.period, metadata.kind, metadata.title] {
            bytes.append(0)
            bytes.append(contentsOf: (field ?? "").utf8)
        }
        bytes.append(0)
        bytes.append(contentsOf: String(String.UnicodeScalarView(body)).utf8)
        for metric in metrics {
            bytes.append(0)
            bytes.append(contentsOf: metric.utf8)
        }
        let hash = ChangeHash.sha256(of: bytes).bytes
        return ReplicaID(hash.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// The first versions that compete: empty unless two or more changes that start the report's
    /// history still have characters of their own in the text.
    public var competingFirstVersions: [FirstVersion] {
        guard !document.isHistoryLinear else { return [] }
        let roots = (0..<document.changeCount).filter { document.changeInfo(at: $0).isRoot }
        guard roots.count > 1 else { return [] }
        var characters: [Int: [Unicode.Scalar]] = [:]
        var anchors: [Int: Int] = [:]
        let rootSet = Set(roots)
        document.forEachVisibleCharacter { lv, scalar in
            let index = document.changeIndex(holding: lv)
            guard rootSet.contains(index) else { return }
            characters[index, default: []].append(scalar)
            if scalar == ReportDocument.anchor { anchors[index, default: 0] += 1 }
        }
        let alive = roots.filter { characters[$0] != nil }
        guard alive.count > 1 else { return [] }
        return alive.map { index in
            let scalars = characters[index] ?? []
            let firstLine = scalars.prefix { $0 != "\n" }.filter { $0 != ReportDocument.anchor }
            return FirstVersion(
                change: document.changes[index].hash, title: String(String.UnicodeScalarView(firstLine.prefix(40))),
                characters: scalars.count, metrics: anchors[index] ?? 0)
        }.sorted { $0.change < $1.change }
    }

    /// Keeps one of the competing first versions: the text of the others, and every edit made on
    /// them before their authors saw the kept one, is deleted (an ordinary deletion: it syncs and
    /// stays in the history). Edits made on the kept version, or after both met, stay.
    ///
    /// - Throws: ``ReportEditError/unknownFirstVersion(_:)`` unless `reference` is a unique prefix of
    ///   a competing first version's id.
    @discardableResult
    public mutating func keepFirstVersion(_ reference: String, wallTime: Int64) throws(ReportEditError) -> FirstVersion
    {
        let versions = competingFirstVersions
        let matches = versions.filter { $0.change.description.hasPrefix(reference.lowercased()) }
        guard !reference.isEmpty, matches.count == 1, let kept = matches.first else {
            throw .unknownFirstVersion(reference)
        }
        let changes = Array(document.changes)
        // For each change, which competing first versions it builds on (changes are in causal order).
        let competing = Set(versions.map(\.change))
        var builtOn: [Set<ChangeHash>] = []
        builtOn.reserveCapacity(changes.count)
        for change in changes {
            var roots: Set<ChangeHash> = competing.contains(change.hash) ? [change.hash] : []
            for dependency in change.dependencies {
                if let index = document.changeIndex(of: dependency) { roots.formUnion(builtOn[index]) }
            }
            builtOn.append(roots)
        }
        let losing = builtOn.map { !$0.isEmpty && !$0.contains(kept.change) }
        var positions: [Int] = []
        var position = 0
        document.forEachVisibleCharacter { lv, _ in
            if losing[document.changeIndex(holding: lv)] { positions.append(position) }
            position += 1
        }
        // Delete runs from the end, so earlier positions stay valid.
        var end = positions.count
        while end > 0 {
            var start = end - 1
            while start > 0 && positions[start - 1] == positions[start] - 1 { start -= 1 }
            do {
                try document.delete(at: positions[start], count: end - start)
            } catch {
                preconditionFailure("deleting visible characters cannot fail: \(error)")
            }
            end = start
        }
        document.commit(wallTime: wallTime)
        return kept
    }
}
