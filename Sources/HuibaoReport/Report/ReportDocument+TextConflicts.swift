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
    public func textConflicts() -> [TextConflict] {
        // Without two concurrent changes, nothing conflicts (and the history stays encoded).
        guard !document.isHistoryLinear else { return [] }
        let changes = Array(document.changes)
        guard changes.count > 1 else { return [] }
        // Which change deleted each character.
        var deletedBy: [Int32: [Int]] = [:]
        for (index, change) in changes.enumerated() {
            for case .deleteText(let start, let count) in change.operations {
                for k in 0..<count {
                    let id = OpID(replica: start.replica, counter: start.counter + UInt64(k))
                    if let lv = document.lv(of: id) { deletedBy[lv, default: []].append(index) }
                }
            }
        }
        // Walk every character (deleted ones too) in text order: the sentence each falls in, and
        // which changes touched which sentence.
        var sentences: [[Unicode.Scalar]] = [[]]
        var lines = [1]
        var touched: [[Int: Edit]] = [[:]]
        let ends: Set<Unicode.Scalar> = ["。", "！", "？", "；", "\n"]
        var item = 0
        document.forEachCharacter { lv, scalar, deleted in
            let current = sentences.count - 1
            if deleted {
                for deleter in deletedBy[lv] ?? [] {
                    touched[current][deleter, default: Edit()].deleted.append(scalar)
                    touched[current][deleter, default: Edit()].deletedItems.append(item)
                }
                item += 1
                return
            }
            if scalar == ReportDocument.anchor {
                let raws = metricValues(document.id(of: lv).description)
                sentences[current].append(
                    contentsOf: (raws.count > 1 ? ReportDocument.conflictText(raws) : raws.first ?? "")
                        .unicodeScalars)
            } else {
                sentences[current].append(scalar)
            }
            let inserter = document.changeIndex(holding: lv)
            touched[current][inserter, default: Edit()].inserted.append(scalar)
            touched[current][inserter, default: Edit()].insertedItems.append(item)
            if ends.contains(scalar) {
                sentences.append([])
                touched.append([:])
                lines.append(lines[current] + (scalar == "\n" ? 1 : 0))
            }
            item += 1
        }
        let accepted = Set(
            document.registers.keys.filter { $0.hasPrefix(ReportDocument.acceptedPrefix) }
                .map { String($0.dropFirst(ReportDocument.acceptedPrefix.count)) })
        var clocks = CausalClocks(document)
        var conflicts: [TextConflict] = []
        for (sentence, edits) in touched.enumerated() where edits.count > 1 {
            let indexes = edits.keys.sorted()
            for (position, a) in indexes.enumerated() {
                for b in indexes[(position + 1)...] where changes[a].author != changes[b].author {
                    guard clocks.concurrent(a, b) else { continue }
                    let pair = [changes[a].hash, changes[b].hash].sorted()
                    let id = String(ChangeHash.sha256(of: pair.flatMap(\.bytes)).description.prefix(12))
                    guard !accepted.contains(id) else { continue }
                    let sides = [a, b].sorted { changes[$0].hash < changes[$1].hash }.map { index in
                        TextConflict.Side(
                            change: changes[index].hash, author: changes[index].author,
                            wallTime: changes[index].wallTime,
                            inserted: String(scalars: edits[index]?.inserted ?? []),
                            deleted: String(scalars: edits[index]?.deleted ?? []))
                    }
                    let inDeleted =
                        (edits[a]?.isInside(edits[b]) ?? false) || (edits[b]?.isInside(edits[a]) ?? false)
                    conflicts.append(
                        TextConflict(
                            id: id, kind: inDeleted ? .editOfDeletedText : .concurrentEdits, line: lines[sentence],
                            merged: String(scalars: sentences[sentence]), sides: sides))
                }
            }
        }
        conflicts.sort { ($0.line, $0.id) < ($1.line, $1.id) }
        return conflicts
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
        guard !reference.isEmpty, matches.count == 1, let conflict = matches.first else {
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
