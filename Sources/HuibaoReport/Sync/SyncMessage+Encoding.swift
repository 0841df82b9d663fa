public import HuibaoModel

/// The binary form of sync messages (version 2), built on the primitives of `EncodingFormat.md`:
///
/// ```
/// request:  "HBSQ" version=2 varint pageBytes varint n, n × entry
///   entry:  string unit, string period, string kind,
///           varint m, m × (u64 replica, varint seq)     -- the client's version vector
///           varint c, c × block(change)                  -- canonical change encodings
/// response: "HBSR" version=2 varint n, n × entry
///   entry:  string unit, string period, string kind,
///           varint a, a × 32-byte hash                   -- acknowledged
///           varint c, c × block(change)                  -- changes the client lacks
///           byte more (0/1), byte refused (0/1),
///           [string code, string message, byte hasChange (0/1), [32-byte hash]]
///           varint m, m × (u64 replica, varint seq)     -- the server's version vector
/// ```
///
/// Version 1 (without the refused change and the server's vector) is read for requests, whose
/// layout did not change.
enum SyncWire {
    static let version: UInt8 = 2
    static let requestMagic = Array("HBSQ".utf8)
    static let responseMagic = Array("HBSR".utf8)

    static func header(
        _ reader: inout ByteReader, magic: [UInt8], what: String, oldest: UInt8, newest: UInt8 = version
    ) throws(BinaryDecodingError) {
        guard try reader.readBytes(magic.count, "magic").elementsEqual(magic) else {
            throw .badMagic(expected: what, offset: 0)
        }
        let found = try reader.readByte("version")
        guard (oldest...newest).contains(found) else {
            throw .unsupportedVersion(found: Int(found), supported: Int(oldest)...Int(newest))
        }
    }

    static func write(_ vector: VersionVector, to writer: inout ByteWriter) {
        vector.write(to: &writer)
    }

    static func readVector(_ reader: inout ByteReader) throws(BinaryDecodingError) -> VersionVector {
        try VersionVector.read(from: &reader)
    }

    static func readHash(_ reader: inout ByteReader, _ field: String) throws(BinaryDecodingError) -> ChangeHash {
        try reader.readChangeHash(field)
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

    static func write(_ changes: [EncodedChange], to writer: inout ByteWriter) {
        writer.writeVarint(changes.count)
        for change in changes { writer.writeBlock(change.bytes) }
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
            SyncWire.write(entry.known, to: &writer)
            SyncWire.write(entry.changes, to: &writer)
        }
        return writer.bytes
    }

    /// Decodes a request, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        try SyncWire.header(&reader, magic: SyncWire.requestMagic, what: "sync request", oldest: 1)
        let pageBytes = try reader.readCount("page size", max: Int(Int32.max))
        let count = try reader.readCount("report count", max: reader.remaining)
        var entries: [Entry] = []
        for _ in 0..<count {
            let key = try SyncWire.readKey(&reader)
            let known = try SyncWire.readVector(&reader)
            entries.append(
                Entry(report: key, known: known, changes: try SyncWire.readChanges(&reader).map(EncodedChange.init)))
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
            for hash in entry.acknowledged { writer.writeChangeHash(hash) }
            SyncWire.write(entry.changes, to: &writer)
            writer.writeByte(entry.more ? 1 : 0)
            if let refusal = entry.refusal {
                writer.writeByte(1)
                writer.writeString(refusal.code.rawValue)
                writer.writeString(refusal.message)
                if let change = refusal.change {
                    writer.writeByte(1)
                    writer.writeBytes(change.bytes)
                } else {
                    writer.writeByte(0)
                }
            } else {
                writer.writeByte(0)
            }
            SyncWire.write(entry.stored, to: &writer)
        }
        return writer.bytes
    }

    /// Decodes a response, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        try SyncWire.header(&reader, magic: SyncWire.responseMagic, what: "sync response", oldest: SyncWire.version)
        let count = try reader.readCount("report count", max: reader.remaining)
        var entries: [Entry] = []
        for _ in 0..<count {
            let key = try SyncWire.readKey(&reader)
            let ackCount = try reader.readCount("acknowledged count", max: reader.remaining / 32)
            var acknowledged: [ChangeHash] = []
            for _ in 0..<ackCount { acknowledged.append(try SyncWire.readHash(&reader, "acknowledged hash")) }
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
                let message = try reader.readString("refusal message")
                let changeOffset = reader.position
                let hasChange = try reader.readByte("refused change flag")
                guard hasChange <= 1 else {
                    throw .invalidValue(field: "refused change flag", offset: changeOffset, reason: "flags are 0 or 1")
                }
                let change = hasChange == 1 ? try SyncWire.readHash(&reader, "refused change") : nil
                refusal = SyncRefusal(code: code, message: message, change: change)
            }
            let stored = try SyncWire.readVector(&reader)
            entries.append(
                Entry(
                    report: key, acknowledged: acknowledged, changes: changes, more: more == 1, refusal: refusal,
                    stored: stored))
        }
        try reader.expectEnd("sync response")
        self.init(entries: entries)
    }
}
