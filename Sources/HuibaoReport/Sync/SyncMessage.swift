public import HuibaoModel

/// A report named the way every replica names it: by its unit, period and kind.
public struct ReportKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The reporting unit.
    public var unit: String
    /// The period, e.g. `2023H1`.
    public var period: String
    /// The kind, e.g. `党风廉政`.
    public var kind: String

    /// Creates a key.
    public init(unit: String, period: String, kind: String) {
        self.unit = unit
        self.period = period
        self.kind = kind
    }

    /// `unit PERIOD/KIND`.
    public var description: String { "\(unit) \(period)/\(kind)" }
}

/// One sync round trip's request: for each report, what the client has and what it sends.
public struct SyncRequest: Hashable, Sendable {
    /// One report's part of the request.
    public struct Entry: Hashable, Sendable {
        /// The report.
        public var report: ReportKey
        /// The changes the client holds, per replica (so the server knows what it lacks).
        public var known: VersionVector
        /// Changes the server has not acknowledged, in a causal order, as stored: the client
        /// sends its stored bytes; the server reads them decoded (``decodedChanges()``).
        public var changes: [EncodedChange]

        /// Creates an entry.
        public init(report: ReportKey, known: VersionVector, changes: [EncodedChange]) {
            self.report = report
            self.known = known
            self.changes = changes
        }

        /// Creates an entry of decoded changes.
        public init(report: ReportKey, known: VersionVector, changes: [Change]) {
            self.init(report: report, known: known, changes: changes.map(EncodedChange.init))
        }

        /// The changes decoded (kept from decoding the request: nothing is decoded twice).
        public func decodedChanges() throws(BinaryDecodingError) -> [Change] {
            var out: [Change] = []
            out.reserveCapacity(changes.count)
            for change in changes { out.append(try change.decoded()) }
            return out
        }
    }

    /// The reports, each at most once.
    public var entries: [Entry]
    /// The most bytes of changes the client wants back in this round (more come in later rounds).
    public var pageBytes: Int

    /// Creates a request.
    public init(entries: [Entry], pageBytes: Int = 4 << 20) {
        self.entries = entries
        self.pageBytes = pageBytes
    }
}

/// One sync round trip's response.
public struct SyncResponse: Hashable, Sendable {
    /// One report's part of the response.
    public struct Entry: Hashable, Sendable {
        /// The report.
        public var report: ReportKey
        /// The hashes of the client's changes the server has now committed (or already had).
        public var acknowledged: [ChangeHash]
        /// Changes the client lacks, in a causal order.
        public var changes: [Change]
        /// Whether more changes wait for a later round (the page was full).
        public var more: Bool
        /// Why the client's changes for this report were refused, if they were.
        public var refusal: SyncRefusal?
        /// The server's version vector of the report after this round: a client that holds
        /// changes beyond it (acknowledged once, then lost when the server was restored from an
        /// older backup) sends them again.
        public var stored: VersionVector

        /// Creates an entry.
        public init(
            report: ReportKey, acknowledged: [ChangeHash], changes: [Change], more: Bool, refusal: SyncRefusal?,
            stored: VersionVector = VersionVector()
        ) {
            self.report = report
            self.acknowledged = acknowledged
            self.changes = changes
            self.more = more
            self.refusal = refusal
            self.stored = stored
        }
    }

    /// The reports, in request order.
    public var entries: [Entry]

    /// Creates a response.
    public init(entries: [Entry]) {
        self.entries = entries
    }
}

/// Why the server refused a report's changes: a machine-readable code and a sentence.
public struct SyncRefusal: Hashable, Sendable, Error, CustomStringConvertible {
    /// The kinds of refusal.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The token's unit may not write this report.
        case forbidden
        /// A change's author replica belongs to another unit.
        case forgedAuthor = "forged-author"
        /// A change depends on changes the server does not have.
        case missingDependency = "missing-dependency"
        /// A change is not valid against the report's history.
        case invalidChange = "invalid-change"
        /// The server holds a different change with the same author and sequence number: the
        /// author's replica id is used by two workspaces (a copied workspace, or a backup
        /// restored after it synced). The client re-keys its unsynced changes and sends them again.
        case replicaReused = "replica-reused"
    }

    /// The code.
    public var code: Code
    /// What was refused and why, naming the change.
    public var message: String
    /// The change that was refused, when one change is at fault.
    public var change: ChangeHash?

    /// Creates a refusal.
    public init(code: Code, message: String, change: ChangeHash? = nil) {
        self.code = code
        self.message = message
        self.change = change
    }

    /// Whether the client can do nothing but set the change aside (quarantine): the same change
    /// will be refused again. A missing dependency is not final (another replica may send it),
    /// and a reused replica id is repaired by the client itself.
    public var isFinal: Bool {
        switch code {
        case .forbidden, .forgedAuthor, .invalidChange: true
        case .missingDependency, .replicaReused: false
        }
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
