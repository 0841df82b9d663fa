public import HuibaoModel

/// Two concurrent edits in one sentence of a report: the text CRDT merged them (the merged
/// sentence is what the report now reads), but a person should look, since neither author saw
/// the other's edit.
public struct TextConflict: Hashable, Sendable, Codable {
    /// What collided.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Both sides changed the sentence.
        case concurrentEdits = "concurrent-edits"
        /// One side deleted text the other side edited: the edit survives in the merged text.
        case editOfDeletedText = "edit-of-deleted-text"
    }

    /// One side's edit of the sentence.
    public struct Side: Hashable, Sendable, Codable {
        /// The change.
        public var change: ChangeHash
        /// Its author.
        public var author: ReplicaID
        /// When, milliseconds since 1970.
        public var wallTime: Int64
        /// The text it inserted in the sentence (as far as it is still there).
        public var inserted: String
        /// The text it deleted from the sentence.
        public var deleted: String
    }

    /// A short id for `huibao accept`: the first 12 hex digits of the hash of both changes.
    public var id: String
    /// What collided.
    public var kind: Kind
    /// The line of the sentence, 1-based.
    public var line: Int
    /// The sentence as the report reads now (both edits merged, metric values in place).
    public var merged: String
    /// The two sides.
    public var sides: [Side]
}

extension ReportDocument {
    /// The register key prefix recording that a person accepted a text conflict's merged text.
    static let acceptedPrefix = "accepted:"

    /// Concurrent edits of one sentence, and edits of text another replica deleted, that no one
    /// has accepted yet (``acceptTextConflict(_:wallTime:)``).
    ///
    /// Only the changes concurrent with another can conflict, and a long history has few (those
    /// after its last fork): their inserted characters are known by LV and their deletions
    /// without decoding the history, so a save on a big report that once merged costs one walk
    /// of the text. The conflict ids are made of the changes' hashes: those a loaded checkpoint
    /// holds come from `hashes` (a store reads them from its change log), and only failing that
    /// is the history decoded.
    ///
    /// - Parameter hashes: the hashes of the changes at some indexes of ``Document/changes``,
    ///   for those whose hashes the document does not know without decoding its history.
    public func textConflicts(hashes: (([Int]) -> [Int: ChangeHash])? = nil) -> [TextConflict] {
        let candidates = document.changesConcurrentWithOthers()
        guard Set(candidates.lazy.map { document.changeInfo(at: $0).author }).count > 1 else { return [] }
        let deletedBy = document.textDeletions(by: Set(candidates))
        let inserter = document.lvOwners(among: candidates)
        // Walk every character (deleted ones too) in text order: the sentence each falls in, and
        // which candidate changes touched it. A sentence touched by two is kept.
        var sentence = SentenceReading()
        var kept: [SentenceReading] = []
        var line = 1
        var item = 0
        document.forEachCharacter { lv, scalar, deleted in
            defer { item += 1 }
            if deleted {
                for deleter in deletedBy[lv] ?? [] {
                    sentence.edits[deleter, default: Edit()].deleted.append(scalar)
                    sentence.edits[deleter, default: Edit()].deletedItems.append(item)
                }
                return
            }
            if scalar == ReportDocument.anchor { sentence.anchors.append((sentence.scalars.count, lv)) }
            sentence.scalars.append(scalar)
            let change = Int(inserter[Int(lv)])
            if change >= 0 {
                sentence.edits[change, default: Edit()].inserted.append(scalar)
                sentence.edits[change, default: Edit()].insertedItems.append(item)
            }
            if ReportSnapshot.sentenceEnds.contains(scalar) {
                if sentence.edits.count > 1 { kept.append(sentence) }
                if scalar == "\n" { line += 1 }
                sentence = SentenceReading(line: line)
            }
        }
        if sentence.edits.count > 1 { kept.append(sentence) }
        guard !kept.isEmpty else { return [] }
        let accepted = Set(
            document.registers.keys.filter { $0.hasPrefix(ReportDocument.acceptedPrefix) }
                .map { String($0.dropFirst(ReportDocument.acceptedPrefix.count)) })
        // The pairs of concurrent changes of two authors in one kept sentence.
        var pairs: [(sentence: Int, a: Int, b: Int)] = []
        for (number, sentence) in kept.enumerated() {
            let indexes = sentence.edits.keys.sorted()
            for (position, a) in indexes.enumerated() {
                let infoA = document.changeInfo(at: a)
                for b in indexes[(position + 1)...]
                where infoA.author != document.changeInfo(at: b).author && document.areConcurrent(a, b) {
                    pairs.append((number, a, b))
                }
            }
        }
        let involved = Set(pairs.flatMap { [$0.a, $0.b] })
        var known: [Int: ChangeHash] = [:]
        for index in involved { known[index] = document.knownHash(ofChangeAt: index) }
        let unknown = involved.filter { known[$0] == nil }
        if !unknown.isEmpty, let hashes { known.merge(hashes(unknown.sorted())) { mine, _ in mine } }
        func hash(_ index: Int) -> ChangeHash {
            known[index] ?? document.changes[index].hash
        }
        var conflicts: [TextConflict] = []
        for (number, a, b) in pairs {
            let sentence = kept[number]
            let pair = [hash(a), hash(b)].sorted()
            let id = String(ChangeHash.sha256(of: pair.flatMap(\.bytes)).description.prefix(12))
            guard !accepted.contains(id) else { continue }
            let sides = [a, b].sorted { hash($0) < hash($1) }.map { index in
                TextConflict.Side(
                    change: hash(index), author: document.changeInfo(at: index).author,
                    wallTime: document.changeInfo(at: index).wallTime,
                    inserted: String(scalars: sentence.edits[index]?.inserted ?? []),
                    deleted: String(scalars: sentence.edits[index]?.deleted ?? []))
            }
            let edits = sentence.edits
            let inDeleted = (edits[a]?.isInside(edits[b]) ?? false) || (edits[b]?.isInside(edits[a]) ?? false)
            conflicts.append(
                TextConflict(
                    id: id, kind: inDeleted ? .editOfDeletedText : .concurrentEdits, line: sentence.line,
                    merged: merged(sentence), sides: sides))
        }
        conflicts.sort { ($0.line, $0.id) < ($1.line, $1.id) }
        return conflicts
    }

    /// A sentence as it reads now, with each metric value in place of its anchor.
    private func merged(_ sentence: SentenceReading) -> String {
        var scalars: [Unicode.Scalar] = []
        var from = 0
        for (offset, lv) in sentence.anchors {
            scalars.append(contentsOf: sentence.scalars[from..<offset])
            let raws = metricValues(document.id(of: lv).description)
            scalars.append(
                contentsOf: (raws.count > 1 ? ReportDocument.conflictText(raws) : raws.first ?? "").unicodeScalars)
            from = offset + 1
        }
        scalars.append(contentsOf: sentence.scalars[from...])
        return String(scalars: scalars)
    }

    /// One sentence met while walking the text for conflicts: its visible scalars (anchors
    /// unresolved, with their places and LVs), its line, and what each candidate change did to it.
    private struct SentenceReading {
        var line = 1
        var scalars: [Unicode.Scalar] = []
        var anchors: [(offset: Int, lv: Int32)] = []
        var edits: [Int: Edit] = [:]
    }

    /// Records that a person accepted the merged text of a text conflict (after editing it, if
    /// needed): an ordinary register write, synced and kept in history.
    ///
    /// - Throws: ``ReportEditError/unknownConflict(_:)`` if no open text conflict has the id
    ///   (or a unique prefix of it).
    public mutating func acceptTextConflict(_ reference: String, wallTime: Int64) throws(ReportEditError)
        -> TextConflict
    {
        let matches = textConflicts().filter { $0.id.hasPrefix(reference.lowercased()) }
        // One pair of changes that collided in several sentences is listed once per sentence,
        // under one id: accepting it accepts them all.
        guard !reference.isEmpty, Set(matches.map(\.id)).count == 1, let conflict = matches.first else {
            throw .unknownConflict(reference)
        }
        document.setRegister(ReportDocument.acceptedPrefix + conflict.id, to: .text("accepted"))
        document.commit(wallTime: wallTime)
        return conflict
    }

    /// What one change did to one sentence: the characters it inserted (still visible) and
    /// deleted, and their places in the item order (deleted characters included).
    struct Edit {
        var inserted: [Unicode.Scalar] = []
        var deleted: [Unicode.Scalar] = []
        var insertedItems: [Int] = []
        var deletedItems: [Int] = []

        /// Whether this edit inserted text inside (or right at the edge of) text `other` deleted.
        func isInside(_ other: Edit?) -> Bool {
            guard let other, let first = other.deletedItems.first, let last = other.deletedItems.last else {
                return false
            }
            return insertedItems.contains { $0 >= first - 1 && $0 <= last + 1 }
        }
    }
}
