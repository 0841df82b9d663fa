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

    /// The changes, in the order given.
    public let entries: [Entry]
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
                    id: write.id, lamport: summary.lamport, value: write.value, overwrites: write.overwrites)
            }
        }
        self.registers = registers
        entries = changes.map { hash, summary in
            var importer: ReplicaID?
            var wallTime = summary.wallTime
            if summary.isRoot,
                let recorder = ReportDocument.importRecorder(
                    of: hash, in: registers,
                    recorder: { id in changes.first { $0.summary.made(id) } },
                    order: { ($0.summary.wallTime, $0.hash) }),
                recorder.hash != hash
            {
                importer = recorder.summary.author
                wallTime = recorder.summary.wallTime
            }
            return Entry(
                hash: hash, author: summary.author, seq: summary.seq, importer: importer, wallTime: wallTime,
                inserted: summary.inserted, deleted: summary.deleted, registerWrites: summary.registerWrites.count,
                actions: ReportDocument.actions(
                    ofWrites: summary.registerWrites.lazy.map { ($0.key, $0.value) }, labels: labels))
        }
    }

    /// A replica as people read it (``ReportDocument/person(_:)``): with the name its person
    /// recorded in the report, if any.
    public func person(_ replica: ReplicaID) -> String {
        ReportDocument.person(replica, named: ReportDocument.personName(of: replica, in: registers))
    }
}
