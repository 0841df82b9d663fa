extension Change {
    /// The change format version written by this build.
    public static let formatVersion: UInt8 = 1

    /// Upper bound on operations in one change, so a length field cannot make the decoder allocate wildly.
    static let maxOperations = 1 << 24

    /// Decodes a change from its canonical encoding and computes its hash.
    ///
    /// Decoding is strict: the bytes must be exactly the canonical encoding of a well-formed
    /// change (sorted dependencies, no redundant bytes, valid UTF-8, no trailing data).
    ///
    /// - Throws: ``BinaryDecodingError`` naming the field and byte offset that are wrong.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        let fields = try Change.decodeFields(&reader)
        try reader.expectEnd("change")
        let canonical = Change.encode(fields)
        guard canonical == bytes else {
            throw .invalidValue(field: "change", offset: 0, reason: "not in canonical form")
        }
        self.init(validated: fields, encoded: bytes)
    }

    /// Decodes a change read back from a store that verified it when it stored it (decoded,
    /// canonical, `hash` its SHA-256): the fields are checked as ``init(decoding:)`` checks them,
    /// but the bytes are neither re-encoded nor hashed again, and `hash` is taken as theirs.
    ///
    /// A store's full check (`Workspace.verify()`) decodes its log with ``init(decoding:)``, which
    /// finds bytes that no longer have their stored hash.
    ///
    /// - Throws: ``BinaryDecodingError`` naming the field and byte offset that are wrong.
    package init(stored bytes: [UInt8], hash: ChangeHash) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        let fields = try Change.decodeFields(&reader)
        try reader.expectEnd("change")
        self.init(validated: fields, encoded: bytes, hash: hash)
    }

    /// Writes the canonical encoding of a change.
    static func encode(_ fields: ChangeFields) -> [UInt8] {
        let (author, dependencies, operations) = (fields.author, fields.dependencies, fields.operations)
        var writer = ByteWriter(capacity: 64 + dependencies.count * 32 + operations.count * 8)
        writer.writeByte(formatVersion)
        writer.writeUInt64(author.rawValue)
        writer.writeVarint(fields.seq)
        writer.writeVarint(fields.startCounter)
        writer.writeVarint(fields.lamport)
        writer.writeSignedVarint(fields.wallTime)
        writer.writeVarint(dependencies.count)
        for dependency in dependencies {
            writer.writeChangeHash(dependency)
        }
        // Other replicas referenced by the operations, sorted; index 0 is the author.
        var others = Set<ReplicaID>()
        for op in operations {
            op.forEachReference { if $0.replica != author { others.insert($0.replica) } }
        }
        let table = others.sorted()
        writer.writeVarint(table.count)
        for replica in table {
            writer.writeUInt64(replica.rawValue)
        }
        var slot: [ReplicaID: Int] = [:]
        for (i, replica) in table.enumerated() {
            slot[replica] = i + 2
        }
        func writeReference(_ id: OpID?) {
            guard let id else { return writer.writeVarint(0) }
            // Most references point at the author's own characters: skip the table lookup.
            writer.writeVarint(id.replica == author ? 1 : slot[id.replica] ?? 0)
            writer.writeVarint(id.counter)
        }
        writer.writeVarint(operations.count)
        for op in operations {
            switch op {
            case .insertText(let after, let before, let text):
                writer.writeByte(OperationTag.insertText.rawValue)
                writeReference(after)
                writeReference(before)
                writer.writeString(text)
            case .deleteText(let start, let count):
                writer.writeByte(OperationTag.deleteText.rawValue)
                writeReference(start)
                writer.writeVarint(count)
            case .setRegister(let key, let value, let overwrites):
                writer.writeByte(OperationTag.setRegister.rawValue)
                writer.writeString(key)
                value.write(to: &writer)
                writer.writeVarint(overwrites.count)
                for id in overwrites {
                    writeReference(id)
                }
            }
        }
        return writer.bytes
    }

    /// The bytes every encoding of change `seq` of `author` starts with: format version, author
    /// and seq. No other change's encoding starts with them (a varint's last byte says it is the
    /// last), so a store can find a change by author and seq in its encoded changes.
    package static func encodingPrefix(author: ReplicaID, seq: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: 19)
        writer.writeByte(formatVersion)
        writer.writeUInt64(author.rawValue)
        writer.writeVarint(seq)
        return writer.bytes
    }

    /// Reads the fields of one change, checking everything that can be checked without its history.
    static func decodeFields(_ reader: inout ByteReader) throws(BinaryDecodingError) -> ChangeFields {
        let header = try decodeHeader(&reader, keepingDependencies: true)
        var operations: [Operation] = []
        try readOperations(&reader, header: header) { (operation, _) throws(BinaryDecodingError) in
            switch operation {
            case .insertText(let after, let before, let text, let offset):
                guard let text = String(validating: text, as: UTF8.self) else {
                    throw .invalidValue(field: "inserted text", offset: offset, reason: "not valid UTF-8")
                }
                operations.append(.insertText(after: after, before: before, text: text))
            case .deleteText(let start, let count):
                operations.append(.deleteText(start: start, count: count))
            case .setRegister(let key, let value, let overwrites):
                operations.append(.setRegister(key: key, value: value, overwrites: overwrites))
            }
        }
        return ChangeFields(
            author: header.author, seq: header.seq, startCounter: header.startCounter, lamport: header.lamport,
            wallTime: header.wallTime, dependencies: header.dependencies, operations: operations)
    }

    /// One operation as ``readOperations(_:header:_:)`` reads it: an insertion's text stays
    /// bytes (valid UTF-8 is the caller's check; its width counts the scalars' lead bytes).
    enum RawOperation {
        case insertText(after: OpID?, before: OpID?, text: ArraySlice<UInt8>, offset: Int)
        case deleteText(start: OpID, count: Int)
        case setRegister(key: String, value: RegisterValue, overwrites: [OpID])

        /// How many operation ids it consumes (for an insertion of valid UTF-8, its scalars).
        var width: Int {
            switch self {
            case .insertText(_, _, let text, _): text.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            case .deleteText(_, let count): count
            case .setRegister: 1
            }
        }
    }

    /// Reads a change's operations after its header, checking each, and calls `body` with each
    /// and the operation id counter of its first id.
    static func readOperations(
        _ reader: inout ByteReader, header: Header,
        _ body: (RawOperation, UInt64) throws(BinaryDecodingError) -> Void
    ) throws(BinaryDecodingError) {
        var operations = try OperationReader(reader, header: header)
        while let (operation, counter) = try operations.next() { try body(operation, counter) }
        reader = operations.reader
    }

    /// What comes before a change's operations: its author, place, clocks, dependencies and the
    /// replica table its operation ids refer to (the author first).
    struct Header {
        var author: ReplicaID
        var seq: UInt64
        var startCounter: UInt64
        var lamport: UInt64
        var wallTime: Int64
        /// The dependencies, if kept (``dependencyCount`` says how many there are).
        var dependencies: [ChangeHash]
        var dependencyCount: Int
        /// Where the dependencies start in the change's bytes (32 bytes each).
        var dependencyOffset: Int
        var replicas: ReplicaTable

        /// Dependency `k` (below ``dependencyCount``), read in place whether kept or not.
        func dependency(_ k: Int) -> ChangeHash {
            precondition(k >= 0 && k < dependencyCount, "dependency \(k) of \(dependencyCount)")
            let start = dependencyOffset + 32 * k
            guard let hash = ChangeHash(bytes: replicas.bytes[start..<start + 32]) else {
                preconditionFailure("a dependency is 32 bytes")
            }
            return hash
        }
    }

    /// A change's replica table, read in place (no array per change): slot 1 is the author,
    /// slots 2… the replicas listed after the dependencies.
    struct ReplicaTable {
        var author: ReplicaID
        /// The bytes of the change.
        var bytes: [UInt8]
        /// Where the listed replicas start in `bytes`.
        var start: Int
        /// How many replicas are listed (the author is not).
        var count: Int

        /// The replica in `slot` (1 is the author), or `nil` if the table has no such slot.
        func replica(_ slot: UInt64) -> ReplicaID? {
            guard slot >= 1, slot <= UInt64(count) + 1 else { return nil }
            if slot == 1 { return author }
            let offset = start + 8 * (Int(slot) - 2)
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            return ReplicaID(value)
        }
    }

    /// Reads and checks the fields before a change's operations.
    ///
    /// - Parameter keepingDependencies: whether to return the dependencies (they are checked
    ///   either way).
    static func decodeHeader(_ reader: inout ByteReader, keepingDependencies: Bool) throws(BinaryDecodingError)
        -> Header
    {
        let versionOffset = reader.position
        let version = try reader.readByte("change version")
        guard version == formatVersion else {
            throw version == 0
                ? .invalidValue(field: "change version", offset: versionOffset, reason: "version 0 does not exist")
                : .unsupportedVersion(found: Int(version), supported: 1...Int(formatVersion))
        }
        let author = ReplicaID(try reader.readUInt64("author"))
        let seqOffset = reader.position
        let seq = try reader.readVarint("seq")
        guard seq >= 1 else { throw .invalidValue(field: "seq", offset: seqOffset, reason: "must be at least 1") }
        let startCounter = try reader.readVarint("start counter")
        let lamportOffset = reader.position
        let lamport = try reader.readVarint("lamport")
        guard lamport >= 1 else {
            throw .invalidValue(field: "lamport", offset: lamportOffset, reason: "must be at least 1")
        }
        let wallTime = try reader.readSignedVarint("wall time")
        let dependencyCount = try reader.readCount("dependency count", max: reader.remaining / 32)
        let dependencyOffset = reader.offset
        var dependencies: [ChangeHash] = []
        if keepingDependencies { dependencies.reserveCapacity(dependencyCount) }
        var last: ChangeHash?
        for _ in 0..<dependencyCount {
            let offset = reader.position
            let hash = try reader.readChangeHash("dependency")
            if let last, !(last < hash) {
                throw .invalidValue(field: "dependency", offset: offset, reason: "dependencies not strictly ascending")
            }
            last = hash
            if keepingDependencies { dependencies.append(hash) }
        }
        let replicaCount = try reader.readCount("replica count", max: reader.remaining / 8)
        let tableStart = reader.offset
        var previous: ReplicaID?
        for _ in 0..<replicaCount {
            let offset = reader.position
            let replica = ReplicaID(try reader.readUInt64("replica"))
            if replica == author || (previous.map { !($0 < replica) } ?? false) {
                throw .invalidValue(field: "replica", offset: offset, reason: "replica table not strictly ascending")
            }
            previous = replica
        }
        return Header(
            author: author, seq: seq, startCounter: startCounter, lamport: lamport, wallTime: wallTime,
            dependencies: dependencies, dependencyCount: dependencyCount, dependencyOffset: dependencyOffset,
            replicas: ReplicaTable(author: author, bytes: reader.bytes, start: tableStart, count: replicaCount))
    }

    /// Reads an operation id reference: a slot in the change's replica table (0 for none) and a
    /// counter.
    static func readReference(_ field: String, from reader: inout ByteReader, replicas: ReplicaTable)
        throws(BinaryDecodingError) -> OpID?
    {
        let offset = reader.position
        let slot = try reader.readVarint(field)
        if slot == 0 { return nil }
        guard let replica = replicas.replica(slot) else {
            throw .invalidValue(field: field, offset: offset, reason: "replica slot \(slot) not in the table")
        }
        return OpID(replica: replica, counter: try reader.readVarint(field))
    }
}

/// The tag byte of each operation kind in the binary formats.
enum OperationTag: UInt8 {
    case insertText = 1
    case deleteText = 2
    case setRegister = 3
}

extension Operation {
    /// Calls `body` with every operation id the operation refers to.
    func forEachReference(_ body: (OpID) -> Void) {
        switch self {
        case .insertText(let after, let before, _):
            if let after { body(after) }
            if let before { body(before) }
        case .deleteText(let start, _):
            body(start)
        case .setRegister(_, _, let overwrites):
            overwrites.forEach(body)
        }
    }
}

extension RegisterValue {
    /// Writes the value: a tag byte then its payload.
    func write(to writer: inout ByteWriter) {
        switch self {
        case .missing:
            writer.writeByte(0)
        case .integer(let value):
            writer.writeByte(1)
            writer.writeSignedVarint(value)
        case .text(let value):
            writer.writeByte(2)
            writer.writeString(value)
        }
    }

    /// Reads a value written by ``write(to:)``.
    static func read(from reader: inout ByteReader) throws(BinaryDecodingError) -> RegisterValue {
        let offset = reader.position
        switch try reader.readByte("register value tag") {
        case 0: return .missing
        case 1: return .integer(try reader.readSignedVarint("register integer"))
        case 2: return .text(try reader.readString("register text"))
        case let tag: throw .invalidValue(field: "register value tag", offset: offset, reason: "unknown tag \(tag)")
        }
    }
}
