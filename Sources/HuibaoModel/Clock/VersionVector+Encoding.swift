extension VersionVector {
    /// The vector's bytes: `varint n, n × (u64 replica, varint seq)`, replicas ascending (the
    /// same layout sync messages use).
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Decodes ``encoded``, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        self = try VersionVector.read(from: &reader)
        try reader.expectEnd("version vector")
    }

    /// Writes ``encoded`` into `writer` (sync messages embed vectors this way).
    package func write(to writer: inout ByteWriter) {
        let entries = entries.sorted { $0.key < $1.key }
        writer.writeVarint(entries.count)
        for (replica, seq) in entries {
            writer.writeUInt64(replica.rawValue)
            writer.writeVarint(seq)
        }
    }

    /// Reads a vector written by ``write(to:)``.
    package static func read(from reader: inout ByteReader) throws(BinaryDecodingError) -> VersionVector {
        let count = try reader.readCount("version vector size", max: reader.remaining / 9)
        var vector = VersionVector()
        for _ in 0..<count {
            let replica = ReplicaID(try reader.readUInt64("replica"))
            vector[replica] = try reader.readVarint("seq")
        }
        return vector
    }
}
