extension Document {
    /// Decodes a document written by ``encoded(compressed:)`` and rebuilds its state, verifying
    /// every change against its history.
    ///
    /// - Parameter replica: the replica that will make this copy's local edits.
    /// - Throws: ``BinaryDecodingError`` naming what is wrong; a damaged input never traps and
    ///   never yields a partial document.
    ///
    /// From format version 2 on, the history stays encoded: the state (text, registers, ids,
    /// version vector, heads and each change's metadata) is built without constructing or
    /// hashing the changes, and ``changes`` decodes them the first time it is read. Every check
    /// but the hash chain's is made here, so that later decoding cannot fail.
    public init(decoding bytes: [UInt8], replica: ReplicaID) throws(BinaryDecodingError) {
        try self.init(decoding: bytes, replica: replica, lazily: true)
    }

    /// Decodes a document, leaving its history encoded or not.
    ///
    /// - Parameter lazily: whether to leave the changes encoded until first read (format
    ///   version 2 on; older documents are always decoded fully). Decoding fully also verifies
    ///   the recorded heads against the hashes of the changes.
    package init(decoding bytes: [UInt8], replica: ReplicaID, lazily: Bool) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        let magic = try reader.readBytes(Document.magic.count, "magic")
        guard magic.elementsEqual(Document.magic) else { throw .badMagic(expected: "document", offset: 0) }
        let version = try reader.readByte("format version")
        guard version >= 1 && version <= Document.formatVersion else {
            throw .unsupportedVersion(found: Int(version), supported: 1...Int(Document.formatVersion))
        }
        let flagsOffset = reader.position
        let flags = try reader.readByte("flags")
        guard flags & ~1 == 0 else {
            throw .invalidValue(field: "flags", offset: flagsOffset, reason: "unknown flag bits")
        }
        let bodySize = try reader.readCount("body size", max: Document.maxBodySize)
        var storedReader = try reader.readBlock("body")
        let stored = try storedReader.readBytes(storedReader.remaining, "body")
        let crcBytes = try reader.readBytes(4, "checksum")
        try reader.expectEnd("checksum")
        let body: [UInt8]
        if flags & 1 == 1 {
            // DEFLATE cannot expand data more than about 1032 times: refuse sizes it cannot reach.
            guard bodySize <= stored.count * 1032 + 64 else {
                throw .lengthOutOfBounds(
                    field: "body size", offset: flagsOffset + 1, length: UInt64(bodySize),
                    limit: stored.count * 1032 + 64)
            }
            body = try Deflate.decompress(stored, expectedSize: bodySize)
        } else {
            guard stored.count == bodySize else {
                throw .invalidValue(
                    field: "body size", offset: flagsOffset + 1, reason: "does not match the stored body")
            }
            body = Array(stored)
        }
        let expected = crcBytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(8 * $1.offset) }
        let actual = Deflate.crc32(body)
        guard expected == actual else { throw .checksumMismatch(expected: expected, actual: actual) }
        self.init(replica: replica)
        var decoder = try DocumentBodyDecoder(body, formatVersion: version)
        let lazy = lazily && version >= 2
        try decoder.decode(into: &self, lazily: lazy, checkingHeads: true)
        if lazy && !infos.isEmpty {
            history.base = LazyHistory(body: body, formatVersion: version, count: infos.count)
        }
    }
}
