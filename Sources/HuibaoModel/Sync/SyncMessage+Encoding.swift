/// The binary form of sync messages (version 1), built on the primitives of `EncodingFormat.md`:
///
/// ```
/// request:  "HBSQ" version=1 varint pageBytes varint n, n × entry
///   entry:  string unit, string period, string kind,
///           varint m, m × (u64 replica, varint seq)     -- the client's version vector
///           varint c, c × block(change)                  -- canonical change encodings
/// response: "HBSR" version=1 varint n, n × entry
///   entry:  string unit, string period, string kind,
///           varint a, a × 32-byte hash                   -- acknowledged
///           varint c, c × block(change)                  -- changes the client lacks
///           byte more (0/1), byte refused (0/1), [string code, string message]
/// ```
enum SyncWire {
    static let version: UInt8 = 1
    static let requestMagic = Array("HBSQ".utf8)
    static let responseMagic = Array("HBSR".utf8)

    static func header(_ reader: inout ByteReader, magic: [UInt8], what: String) throws(BinaryDecodingError) {
        guard try reader.readBytes(magic.count, "magic").elementsEqual(magic) else {
            throw .badMagic(expected: what, offset: 0)
        }
        let found = try reader.readByte("version")
        guard found == version else { throw .unsupportedVersion(found: Int(found), supported: 1...Int(version)) }
    }

    static func write(_ key: ReportKey, to writer: inout ByteWriter) {
        writer.writeString(key.unit)
        writer.writeString(key.period)
        writer.writeString(key.kind)
    }

    static func readKey(_ reader: inout ByteReader) throws(BinaryDecodingError) -> ReportKey {
        ReportKey(
            unit: try reader.readString("unit"), period: try reader.readString("period"),
            kind: try reader.readString("kind"))
    }

    static func write(_ changes: [Change], to writer: inout ByteWriter) {
        writer.writeVarint(changes.count)
        for change in changes { writer.writeBlock(change.encoded) }
    }

    static func readChanges(_ reader: inout ByteReader) throws(BinaryDecodingError) -> [Change] {
        let count = try reader.readCount("change count", max: reader.remaining)
        var changes: [Change] = []
        for _ in 0..<count {
            var block = try reader.readBlock("change")
            let bytes = Array(try block.readBytes(block.remaining, "change"))
            changes.append(try Change(decoding: bytes))
        }
        return changes
    }
}

extension SyncRequest {
    /// The request's bytes.
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(SyncWire.requestMagic)
        writer.writeByte(SyncWire.version)
        writer.writeVarint(pageBytes)
        writer.writeVarint(entries.count)
        for entry in entries {
            SyncWire.write(entry.report, to: &writer)
            let known = entry.known.entries.sorted { $0.key < $1.key }
            writer.writeVarint(known.count)
            for (replica, seq) in known {
                writer.writeUInt64(replica.rawValue)
                writer.writeVarint(seq)
            }
            SyncWire.write(entry.changes, to: &writer)
        }
        return writer.bytes
    }

    /// Decodes a request, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        try SyncWire.header(&reader, magic: SyncWire.requestMagic, what: "sync request")
        let pageBytes = try reader.readCount("page size", max: Int(Int32.max))
        let count = try reader.readCount("report count", max: reader.remaining)
        var entries: [Entry] = []
        for _ in 0..<count {
            let key = try SyncWire.readKey(&reader)
            let knownCount = try reader.readCount("version vector size", max: reader.remaining / 9)
            var known = VersionVector()
            for _ in 0..<knownCount {
                let replica = ReplicaID(try reader.readUInt64("replica"))
                known[replica] = try reader.readVarint("seq")
            }
            entries.append(Entry(report: key, known: known, changes: try SyncWire.readChanges(&reader)))
        }
        try reader.expectEnd("sync request")
        self.init(entries: entries, pageBytes: pageBytes)
    }
}

extension SyncResponse {
    /// The response's bytes.
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(SyncWire.responseMagic)
        writer.writeByte(SyncWire.version)
        writer.writeVarint(entries.count)
        for entry in entries {
            SyncWire.write(entry.report, to: &writer)
            writer.writeVarint(entry.acknowledged.count)
            for hash in entry.acknowledged { writer.writeBytes(hash.bytes) }
            SyncWire.write(entry.changes, to: &writer)
            writer.writeByte(entry.more ? 1 : 0)
            if let refusal = entry.refusal {
                writer.writeByte(1)
                writer.writeString(refusal.code.rawValue)
                writer.writeString(refusal.message)
            } else {
                writer.writeByte(0)
            }
        }
        return writer.bytes
    }

    /// Decodes a response, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        try SyncWire.header(&reader, magic: SyncWire.responseMagic, what: "sync response")
        let count = try reader.readCount("report count", max: reader.remaining)
        var entries: [Entry] = []
        for _ in 0..<count {
            let key = try SyncWire.readKey(&reader)
            let ackCount = try reader.readCount("acknowledged count", max: reader.remaining / 32)
            var acknowledged: [ChangeHash] = []
            for _ in 0..<ackCount {
                let offset = reader.position
                guard let hash = ChangeHash(bytes: try reader.readBytes(32, "acknowledged hash")) else {
                    throw .truncated(field: "acknowledged hash", offset: offset, needed: 32)
                }
                acknowledged.append(hash)
            }
            let changes = try SyncWire.readChanges(&reader)
            let flagOffset = reader.position
            let more = try reader.readByte("more flag")
            let refused = try reader.readByte("refusal flag")
            guard more <= 1, refused <= 1 else {
                throw .invalidValue(field: "flags", offset: flagOffset, reason: "flags are 0 or 1")
            }
            var refusal: SyncRefusal?
            if refused == 1 {
                let codeOffset = reader.position
                let raw = try reader.readString("refusal code")
                guard let code = SyncRefusal.Code(rawValue: raw) else {
                    throw .invalidValue(field: "refusal code", offset: codeOffset, reason: "unknown code \(raw)")
                }
                refusal = SyncRefusal(code: code, message: try reader.readString("refusal message"))
            }
            entries.append(
                Entry(report: key, acknowledged: acknowledged, changes: changes, more: more == 1, refusal: refusal))
        }
        try reader.expectEnd("sync response")
        self.init(entries: entries)
    }
}
