/// One replicated document: its full history of changes and the state they produce (body text
/// and registers).
///
/// Local edits (``insert(_:at:)``, ``delete(at:count:)``, ``setRegister(_:to:)``) apply at once
/// and collect in an open change that ``commit(wallTime:)`` closes; remote changes arrive through
/// ``apply(_:)``, which holds a change back until its dependencies are present, verifies it
/// against the history, and applies a batch completely or not at all.
///
/// ```swift
/// var doc = Document(replica: ReplicaID(1))
/// try doc.insert("汇报如下：", at: 0)
/// doc.commit(wallTime: 0)
/// var other = Document(replica: ReplicaID(2))
/// try other.apply(doc.changes)
/// other.text == doc.text     // true
/// ```
///
/// ## Topics
/// - ``text``
/// - ``changes``
/// - ``heads``
/// - ``versionVector``
public struct Document: Sendable {
    /// The replica making this document's local edits.
    public internal(set) var replica: ReplicaID

    /// The applied changes, in the order this replica applied them (a causal order). Those of a
    /// loaded checkpoint, and those applied from their stored bytes, stay encoded until first
    /// read here.
    public var changes: ChangeHistory { history }
    /// The applied changes (see ``changes``).
    var history = ChangeHistory()
    /// The metadata of each change in `history`, always decoded.
    var infos: [ChangeInfo] = []
    /// The first LV of each change in `history`.
    var changeLV: [Int32] = []
    /// Index by hash of the changes whose hashes are known without decoding the history: every
    /// change applied directly, the heads of a lazily loaded checkpoint, and of the changes
    /// applied from their stored bytes at least the last (all of them if applying them looked
    /// one up). The others are found through `history.stored` and `history.base`.
    var knownHashes: [ChangeHash: Int] = [:]
    /// Whether every applied change was made on all the changes applied before it (a single
    /// line of history: no two changes are concurrent).
    var isLinear = true
    /// The dependencies, as indexes in `history`, of each applied change that does not depend on
    /// exactly the change applied just before it (a merge, a change made beside another, a
    /// second root): the causal graph where it is not a line. Every other change's parent is
    /// the previous index (none for the first).
    var forkedParents: [Int: [Int]] = [:]
    /// The text deletions of the changes a checkpoint's body holds while they stay encoded (a
    /// lazy load), so that text conflicts can be found without decoding the history. The
    /// deletions of changes applied since are read from their operations.
    var encodedDeletions: [EncodedDeletion] = []
    /// Per replica, the LV spans of its changes in counter order (consecutive changes that
    /// continue each other share one span).
    var spans: [ReplicaID: [ReplicaSpan]] = [:]
    /// Per LV: the Unicode scalar inserted there, or a marker for non-character operations.
    var content: [UInt32] = []
    /// The body text CRDT.
    var sequence = TextSequence()
    /// The registers by key.
    public internal(set) var registers: [String: MultiValueRegister] = [:]
    /// The changes no other applied change depends on.
    var headSet: Set<ChangeHash> = []
    /// Highest applied seq per replica.
    public internal(set) var versionVector = VersionVector()
    /// The largest Lamport time applied.
    var maxLamport: UInt64 = 0
    /// The local change being built, if any edit happened since the last commit.
    var open: OpenChange?
    /// Remote changes waiting for dependencies, by hash.
    var held: [ChangeHash: Change] = [:]
    /// Held changes by one dependency they wait for.
    var waiters: [ChangeHash: [ChangeHash]] = [:]

    /// Marker in `content` for LVs consumed by deletions.
    static let deletionMarker: UInt32 = 0xFFFF_FFFF
    /// Marker in `content` for LVs consumed by register writes.
    static let registerMarker: UInt32 = 0xFFFF_FFFE

    /// Creates an empty document edited by `replica`.
    public init(replica: ReplicaID) {
        self.replica = replica
    }

    /// A copy of this document (history and state) that edits as another replica.
    ///
    /// Any open local change is committed first so that both copies share it.
    public func forked(as replica: ReplicaID, wallTime: Int64 = 0) -> Document {
        var copy = self
        copy.commit(wallTime: wallTime)
        copy.replica = replica
        return copy
    }

    // MARK: - Reading

    /// The visible body text.
    public var text: String {
        content.withUnsafeBufferPointer { content in
            // Count the UTF-8 bytes first (without branches, so the loop vectorizes), then write
            // them into the string's own storage, a run of ASCII at a time where it can.
            var byteCount = 0
            sequence.forEachVisibleRange { range in
                for lv in range {
                    let scalar = content[Int(lv)]
                    byteCount &+=
                        1 &+ (scalar >= 0x80 ? 1 : 0) &+ (scalar >= 0x800 ? 1 : 0) &+ (scalar >= 0x1_0000 ? 1 : 0)
                }
            }
            return String(unsafeUninitializedCapacity: byteCount) { buffer in
                var offset = 0
                sequence.forEachVisibleRange { range in
                    let scalars = UnsafeBufferPointer(rebasing: content[Int(range.lowerBound)..<Int(range.upperBound)])
                    if scalars.reduce(0, |) < 0x80 {
                        for scalar in scalars {
                            buffer[offset] = UInt8(truncatingIfNeeded: scalar)
                            offset &+= 1
                        }
                        return
                    }
                    for scalar in scalars {
                        UTF8.encode(Unicode.Scalar(scalar).unsafelyUnwrapped) { byte in
                            buffer[offset] = byte
                            offset &+= 1
                        }
                    }
                }
                return offset
            }
        }
    }

    /// The operation id of the visible character at `position` (0 ≤ position < ``textLength``).
    public func characterID(at position: Int) -> OpID {
        precondition(position >= 0 && position < sequence.count, "position \(position) outside the text")
        let cursor = sequence.cursor(visible: position)
        return id(of: sequence.run(at: cursor).lv + cursor.offset)
    }

    /// The number of visible Unicode scalars in the body.
    public var textLength: Int { sequence.count }

    /// The heads: hashes of the applied changes no other applied change depends on, sorted.
    public var heads: [ChangeHash] { headSet.sorted() }

    /// Whether local edits are waiting for ``commit(wallTime:)``.
    public var hasUncommittedEdits: Bool { open != nil }

    /// The hashes of the remote changes held back until their dependencies arrive.
    public var waitingChanges: [ChangeHash] { held.keys.sorted() }

    /// Whether a change is applied.
    public func contains(_ hash: ChangeHash) -> Bool { changeIndex(of: hash) != nil }

    /// The applied change with this hash.
    public func change(_ hash: ChangeHash) -> Change? { changeIndex(of: hash).map { history[$0] } }

    /// The number of applied changes (``changes``' count, without decoding anything).
    public var changeCount: Int { infos.count }

    /// The applied changes that `vector` does not include, in a causal order. Decodes a loaded
    /// history only if one of its changes is wanted.
    public func changes(notIn vector: VersionVector) -> [Change] {
        // Nothing is missing when `vector` covers every replica's latest change (a no-op sync).
        if vector.includes(versionVector) { return [] }
        return infos.indices.filter { infos[$0].seq > vector[infos[$0].author] }.map { history[$0] }
    }

    /// Author, seq, counters, Lamport and wall time of the change at `index` in ``changes``,
    /// without decoding a loaded history.
    package func changeInfo(at index: Int) -> ChangeInfo { infos[index] }

    /// Whether no two applied changes are concurrent: each was made on every change applied
    /// before it. Then nothing can conflict (no concurrent edits, one first version).
    package var isHistoryLinear: Bool { isLinear }

    /// Whether ``changes`` can be read without decoding (false after loading a checkpoint until
    /// something reads the loaded changes).
    package var isHistoryMaterialised: Bool { history.isMaterialised }

    /// The text CRDT (for invariant checks and benchmarks).
    package var textSequence: TextSequence { sequence }

    // MARK: - Id mapping

    /// The index of the last entry of the ascending `starts` that is at most `lv`.
    static func changeIndex(holding lv: Int32, in starts: [Int32]) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= lv { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }

    /// The replica that made `lv`.
    func replica(of lv: Int32) -> ReplicaID {
        if let open, lv >= open.lvStart { return replica }
        return infos[changeIndex(holding: lv)].author
    }

    /// The next counter of `replica`.
    func counterEnd(of replica: ReplicaID) -> UInt64 {
        ReplicaSpan.counterEnd(of: spans[replica])
    }

    /// Records that `change` occupies LVs from `lvStart` to the end of `content`.
    mutating func record(_ change: Change, lvStart: Int32) {
        let index = infos.count
        let dependencies = change.dependencies
        let followsPrevious =
            index == 0
            ? dependencies.isEmpty : dependencies.count == 1 && knownHashes[dependencies[0]] == index - 1
        if !followsPrevious {
            // Validated: every dependency is applied (looking one up may decode a loaded history,
            // as checking it did).
            forkedParents[index] = dependencies.compactMap { changeIndex(of: $0) }.sorted()
        }
        if isLinear {
            let dependencies = change.dependencies
            isLinear =
                infos.isEmpty
                ? dependencies.isEmpty
                : headSet.count == 1 && dependencies.count == 1 && headSet.contains(dependencies[0])
        }
        knownHashes[change.hash] = infos.count
        history.append(change)
        record(ChangeInfo(change), lvStart: lvStart)
        for dependency in change.dependencies { headSet.remove(dependency) }
        headSet.insert(change.hash)
    }

    /// Records the metadata of a change that occupies LVs from `lvStart` to the end of
    /// `content` (its hash and heads are the caller's).
    mutating func record(_ info: ChangeInfo, lvStart: Int32) {
        infos.append(info)
        changeLV.append(lvStart)
        ReplicaSpan.extend(
            &spans[info.author, default: []], counter: info.startCounter, lv: lvStart,
            length: Int32(content.count) - lvStart)
        versionVector[info.author] = info.seq
        maxLamport = max(maxLamport, info.lamport)
    }
}

/// A replica's contiguous counters mapped to contiguous LVs (one or more consecutive changes of
/// that replica; the last LV of a replica's last span belongs to its latest change).
struct ReplicaSpan: Hashable, Sendable {
    var counter: UInt64
    var lv: Int32
    var length: Int32

    /// Adds `length` counters from `counter` at LVs from `lv` to a replica's spans: a change
    /// that continues the replica's previous one in both counters and LVs (one replica typing,
    /// a log replayed) extends its span, so id lookups stay short.
    static func extend(_ spans: inout [ReplicaSpan], counter: UInt64, lv: Int32, length: Int32) {
        if let last = spans.last, last.counter + UInt64(last.length) == counter, last.lv + last.length == lv {
            spans[spans.count - 1].length += length
        } else {
            spans.append(ReplicaSpan(counter: counter, lv: lv, length: length))
        }
    }

    /// The next counter of the replica whose spans these are (0 for none).
    static func counterEnd(of spans: [ReplicaSpan]?) -> UInt64 {
        guard let last = spans?.last else { return 0 }
        return last.counter + UInt64(last.length)
    }

    /// The LV of counter `counter` in a replica's spans, or `nil` if none holds it.
    static func lv(of counter: UInt64, in spans: [ReplicaSpan]) -> Int32? {
        piece(from: counter, in: spans)?.lv
    }

    /// The LV of counter `counter` in a replica's spans and how many counters from it on have
    /// consecutive LVs (to the end of its span), or `nil` if no span holds it.
    static func piece(from counter: UInt64, in spans: [ReplicaSpan]) -> (lv: Int32, count: Int)? {
        var low = 0
        var high = spans.count
        while low < high {
            let mid = (low + high) / 2
            if spans[mid].counter + UInt64(spans[mid].length) <= counter { low = mid + 1 } else { high = mid }
        }
        guard low < spans.count, spans[low].counter <= counter else { return nil }
        let offset = Int32(counter - spans[low].counter)
        return (spans[low].lv + offset, Int(spans[low].length - offset))
    }
}

/// A text deletion of a change that stays encoded in a lazily loaded checkpoint: which change,
/// the first deleted character's id and how many consecutive ids of its replica it deleted.
struct EncodedDeletion: Hashable, Sendable {
    /// The deleting change's index in the document's history.
    var change: Int32
    /// The number of characters deleted.
    var count: Int32
    /// The first deleted character.
    var start: OpID
}
