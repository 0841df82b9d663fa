public import HuibaoModel

/// A report's history as `huibao log` lists it, built from summaries of its stored changes
/// (``ChangeSummary``): neither the changes nor the report's state are built, and nothing is
/// hashed, so listing a long history costs a pass over its bytes.
///
/// Each entry names the same author, time and actions as the report does for the change
/// (``ReportDocument/attribution(of:)``, ``ReportDocument/person(_:)``,
/// ``ReportDocument/actions(of:labels:)``): the registers those read (people's names, who
/// imported which first version) are replayed from the summaries' register writes.
///
/// ## Topics
/// - ``entries``
/// - ``entry(at:)``
/// - ``person(_:)``
public struct ReportHistory: Sendable {
    /// One change of the history.
    public struct Entry: Hashable, Sendable {
        /// The change's hash.
        public var hash: ChangeHash
        /// The replica that made it.
        public var author: ReplicaID
        /// Its place in its author's history.
        public var seq: UInt64
        /// For a first version whose import a clerk recorded: that clerk's replica.
        public var importer: ReplicaID?
        /// When it was made, or for an imported first version when the import was recorded
        /// (milliseconds since 1970).
        public var wallTime: Int64
        /// How many characters it inserted.
        public var inserted: Int
        /// How many characters it deleted.
        public var deleted: Int
        /// How many register writes it made.
        public var registerWrites: Int
        /// What it did besides text (``ReportDocument/actions(of:labels:)``), in the current language.
        public var actions: [String]
    }

    /// The changes, in the order given (``entry(at:)`` makes each one when asked).
    public var entries: [Entry] { (0..<count).map(entry(at:)) }

    /// The number of changes.
    public var count: Int { changes.count }

    /// The changes with their hashes, in the order given.
    let changes: [(hash: ChangeHash, summary: ChangeSummary)]
    /// The metric labels by id.
    let labels: [String: String]
    /// For each imported first version, by index: the replica and time of the change that
    /// recorded its import.
    let importers: [Int: (author: ReplicaID, wallTime: Int64)]
    /// The registers that say who made what (names, importers), as the changes leave them.
    let registers: [String: MultiValueRegister]

    /// The history of the changes `changes`, given in a causal order: every change of the report
    /// with its hash.
    ///
    /// - Parameter labels: metric ids to their labels, as the report reads now.
    package init(changes: [(hash: ChangeHash, summary: ChangeSummary)], labels: [String: String]) {
        var registers: [String: MultiValueRegister] = [:]
        for (_, summary) in changes {
            for write in summary.registerWrites where ReportDocument.isAttributionKey(write.key) {
                registers[write.key, default: MultiValueRegister()].apply(
                    id: write.id, lamport: summary.info.lamport, value: write.value, overwrites: write.overwrites)
            }
        }
        var importers: [Int: (author: ReplicaID, wallTime: Int64)] = [:]
        for (index, (hash, summary)) in changes.enumerated() where summary.info.isRoot {
            if let recorder = ReportDocument.importRecorder(
                of: hash, in: registers,
                recorder: { id in changes.first { $0.summary.made(id) } },
                order: { ($0.summary.info.wallTime, $0.hash) }),
                recorder.hash != hash
            {
                importers[index] = (recorder.summary.info.author, recorder.summary.info.wallTime)
            }
        }
        self.changes = changes
        self.labels = labels
        self.importers = importers
        self.registers = registers
    }

    /// The change at `index` (0 ≤ index < ``count``), its actions in the current language.
    public func entry(at index: Int) -> Entry {
        let (hash, summary) = changes[index]
        let importer = importers[index]
        return Entry(
            hash: hash, author: summary.info.author, seq: summary.info.seq, importer: importer?.author,
            wallTime: importer?.wallTime ?? summary.info.wallTime, inserted: summary.inserted, deleted: summary.deleted,
            registerWrites: summary.registerWrites.count,
            actions: summary.registerWrites.isEmpty
                ? []
                : ReportDocument.actions(
                    ofWrites: summary.registerWrites.lazy.map { ($0.key, $0.value) }, labels: labels))
    }

    /// A replica as people read it (``ReportDocument/person(_:)``): with the name its person
    /// recorded in the report, if any.
    public func person(_ replica: ReplicaID) -> String {
        ReportDocument.person(replica, named: ReportDocument.personName(of: replica, in: registers))
    }
}
