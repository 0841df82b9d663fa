/// What a document's next local register write needs, and nothing of its text or history: the
/// heads, the Lamport clock, the version vector, each replica's next operation counter and the
/// registers.
///
/// A store keeps it beside a report so that setting a value (a metric, a workflow step) makes
/// exactly the change ``Document/setRegister(_:to:)`` and ``Document/commit(wallTime:)`` would
/// make, without decoding the history or the text: its cost does not grow with either.
///
/// ```swift
/// var tip = document.tip
/// let change = tip.commit([("metric:3@ab12", .text("5"))], as: document.replica, wallTime: now)
/// // change.hash equals the hash of the change `document` would have made.
/// ```
public struct DocumentTip: Hashable, Sendable {
    /// The changes no other change depends on, sorted.
    public private(set) var heads: [ChangeHash]
    /// The largest Lamport time applied.
    public private(set) var maxLamport: UInt64
    /// The highest seq applied per replica.
    public private(set) var versionVector: VersionVector
    /// Per replica, the counter its next operation takes.
    public private(set) var counterEnds: [ReplicaID: UInt64]
    /// The registers by key.
    public private(set) var registers: [String: MultiValueRegister]
    /// How many changes the document holds.
    public private(set) var changeCount: Int

    /// Makes one change of `writes` (each overwriting every value its register holds) by
    /// `replica`, and takes it into the tip.
    ///
    /// - Precondition: `writes` is not empty.
    /// - Returns: the change, the same as the document's own for these writes.
    public mutating func commit(
        _ writes: [(key: String, value: RegisterValue)], as replica: ReplicaID, wallTime: Int64
    ) -> Change {
        precondition(!writes.isEmpty, "a change holds at least one write")
        let startCounter = counterEnds[replica] ?? 0
        let lamport = maxLamport + 1
        var operations: [Operation] = []
        for (offset, write) in writes.enumerated() {
            let overwrites = registers[write.key]?.currentIDs ?? []
            let id = OpID(replica: replica, counter: startCounter + UInt64(offset))
            registers[write.key, default: MultiValueRegister()].apply(
                id: id, lamport: lamport, value: write.value, overwrites: overwrites)
            operations.append(.setRegister(key: write.key, value: write.value, overwrites: overwrites))
        }
        let change = Change(
            author: replica, seq: versionVector[replica] + 1, startCounter: startCounter, lamport: lamport,
            wallTime: wallTime, dependencies: heads, operations: operations)
        heads = [change.hash]
        maxLamport = lamport
        versionVector[replica] = change.seq
        counterEnds[replica] = startCounter + UInt64(writes.count)
        changeCount += 1
        return change
    }
}

extension Document {
    /// The document's ``DocumentTip``.
    ///
    /// - Precondition: no uncommitted edits (``commit(wallTime:)`` first).
    public var tip: DocumentTip {
        precondition(open == nil, "the tip is of committed changes")
        return DocumentTip(
            heads: heads, maxLamport: maxLamport, versionVector: versionVector,
            counterEnds: spans.mapValues { spans in spans.last.map { $0.counter + UInt64($0.length) } ?? 0 },
            registers: registers, changeCount: changeCount)
    }
}

extension DocumentTip {
    /// The format of ``encoded``.
    static let formatVersion: UInt8 = 1

    /// The tip's bytes: a version byte, the change count, the heads, the Lamport time, the
    /// version vector, the counters and the registers (keys ascending, each entry's id, Lamport
    /// time and value).
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(DocumentTip.formatVersion)
        writer.writeVarint(changeCount)
        writer.writeVarint(heads.count)
        for head in heads { writer.writeChangeHash(head) }
        writer.writeVarint(maxLamport)
        versionVector.write(to: &writer)
        let counters = counterEnds.sorted { $0.key < $1.key }
        writer.writeVarint(counters.count)
        for (replica, end) in counters {
            writer.writeUInt64(replica.rawValue)
            writer.writeVarint(end)
        }
        writer.writeVarint(registers.count)
        // Keys in UTF-8 order (String's own order compares Unicode canonically: slower).
        for (key, register) in registers.sorted(by: { $0.key.utf8Precedes($1.key) }) {
            writer.writeString(key)
            writer.writeVarint(register.entries.count)
            for entry in register.entries {
                writer.writeUInt64(entry.id.replica.rawValue)
                writer.writeVarint(entry.id.counter)
                writer.writeVarint(entry.lamport)
                entry.value.write(to: &writer)
            }
        }
        return writer.bytes
    }

    /// Decodes ``encoded``, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        let version = try reader.readByte("tip format")
        guard version == DocumentTip.formatVersion else {
            throw .unsupportedVersion(found: Int(version), supported: 1...Int(DocumentTip.formatVersion))
        }
        changeCount = try reader.readCount("tip change count", max: Int(Int32.max))
        let headCount = try reader.readCount("tip head count", max: reader.remaining / 32)
        heads = []
        for _ in 0..<headCount { heads.append(try reader.readChangeHash("tip head")) }
        maxLamport = try reader.readVarint("tip Lamport time")
        versionVector = try VersionVector.read(from: &reader)
        let counterCount = try reader.readCount("tip counter count", max: reader.remaining / 9)
        counterEnds = [:]
        for _ in 0..<counterCount {
            let replica = ReplicaID(try reader.readUInt64("tip counter replica"))
            counterEnds[replica] = try reader.readVarint("tip counter")
        }
        let registerCount = try reader.readCount("tip register count", max: reader.remaining / 2)
        registers = [:]
        registers.reserveCapacity(registerCount)
        for _ in 0..<registerCount {
            let key = try reader.readString("tip register key")
            let entryCount = try reader.readCount("tip register entry count", max: reader.remaining / 11)
            var register = MultiValueRegister()
            for _ in 0..<entryCount {
                let replica = ReplicaID(try reader.readUInt64("tip register writer"))
                let id = OpID(replica: replica, counter: try reader.readVarint("tip register counter"))
                let lamport = try reader.readVarint("tip register Lamport time")
                register.apply(id: id, lamport: lamport, value: try RegisterValue.read(from: &reader), overwrites: [])
            }
            registers[key] = register
        }
        try reader.expectEnd("tip")
    }
}
