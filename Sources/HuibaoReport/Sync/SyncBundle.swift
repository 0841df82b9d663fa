public import HuibaoModel

/// An offline sync bundle: one unit's sync request written to a file (`huibao bundle export`),
/// carried to the server on removable media and imported there by an administrator.
///
/// The bundle names the unit and replica that wrote it, so the server can refuse a bundle
/// imported as the wrong unit before it stores anything or answers with another unit's reports.
///
/// ```
/// bundle: "HBBN" version=1 string unit, u64 replica, block(sync request)
/// ```
public struct SyncBundle: Hashable, Sendable {
    /// The unit whose workspace wrote the bundle.
    public var unit: String
    /// The replica that wrote it.
    public var replica: ReplicaID
    /// What a network sync would have sent.
    public var request: SyncRequest

    /// Creates a bundle.
    public init(unit: String, replica: ReplicaID, request: SyncRequest) {
        self.unit = unit
        self.replica = replica
        self.request = request
    }

    static let magic = Array("HBBN".utf8)
    static let version: UInt8 = 1

    /// The bundle's bytes.
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(SyncBundle.magic)
        writer.writeByte(SyncBundle.version)
        writer.writeString(unit)
        writer.writeUInt64(replica.rawValue)
        writer.writeBlock(request.encoded)
        return writer.bytes
    }

    /// Decodes a bundle, refusing anything malformed with a typed error.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        try SyncWire.header(
            &reader, magic: SyncBundle.magic, what: "sync bundle", oldest: 1, newest: SyncBundle.version)
        let unit = try reader.readString("unit")
        let replica = ReplicaID(try reader.readUInt64("replica"))
        var block = try reader.readBlock("sync request")
        let request = try SyncRequest(decoding: Array(try block.readBytes(block.remaining, "sync request")))
        try reader.expectEnd("sync bundle")
        self.init(unit: unit, replica: replica, request: request)
    }
}
