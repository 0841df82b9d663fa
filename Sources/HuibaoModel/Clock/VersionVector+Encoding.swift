extension VersionVector {
    /// The vector's bytes: `varint n, n × (u64 replica, varint seq)`, replicas ascending (the
    /// same layout sync messages use).
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        SyncWire.write(self, to: &writer)
        return writer.bytes
    }

    /// Decodes ``encoded``, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        self = try SyncWire.readVector(&reader)
        try reader.expectEnd("version vector")
    }
}
