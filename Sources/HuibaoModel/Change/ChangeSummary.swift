/// What a change did, read from its encoding without building its operations or hashing it:
/// who made it and when, how many characters it inserted and deleted, and its register writes.
///
/// A history listing (`huibao log`) reads one per stored change: the text of an insertion is
/// skipped, not decoded into a `String`, and nothing is hashed (the store keeps each change's hash
/// beside its bytes).
///
/// ```swift
/// let summary = try ChangeSummary(decoding: change.encoded)
/// summary.inserted    // the scalars the change inserted
/// ```
///
/// Decoding makes the checks ``Change/init(decoding:)`` makes on the fields it reads, but not
/// that the bytes are canonical or the inserted text valid UTF-8: bytes that were verified when
/// they were stored are summarised as they are, and damaged ones throw rather than trap.
package struct ChangeSummary: Hashable, Sendable {
    /// One register write of the change.
    package struct RegisterWrite: Hashable, Sendable {
        /// The write's operation id.
        package var id: OpID
        /// The register's key.
        package var key: String
        /// The value written.
        package var value: RegisterValue
        /// The entries it overwrites.
        package var overwrites: [OpID]
    }

    /// Who made it, when, and its causal place: what a document keeps of every change.
    package var info: ChangeInfo
    /// How many characters it inserted.
    package var inserted = 0
    /// How many characters it deleted.
    package var deleted = 0
    /// Its register writes, in order.
    package var registerWrites: [RegisterWrite] = []

    /// How many operation ids it consumes in total.
    package var width: Int { inserted + deleted + registerWrites.count }

    /// Whether the change made the operation `id`.
    package func made(_ id: OpID) -> Bool {
        id.replica == info.author && id.counter >= info.startCounter
            && id.counter - info.startCounter < UInt64(width)
    }

    /// Summarises the change encoded in `bytes` (``Change/encoded``).
    ///
    /// - Throws: ``BinaryDecodingError`` naming the field and byte offset that are wrong.
    package init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        let header = try Change.decodeHeader(&reader, keepingDependencies: false)
        info = ChangeInfo(
            author: header.author, seq: header.seq, startCounter: header.startCounter, lamport: header.lamport,
            wallTime: header.wallTime, isRoot: header.dependencyCount == 0)
        var summary = self
        try Change.readOperations(&reader, header: header) { (operation, counter) throws(BinaryDecodingError) in
            switch operation {
            case .insertText: summary.inserted += operation.width
            case .deleteText(_, let count): summary.deleted += count
            case .setRegister(let key, let value, let overwrites):
                summary.registerWrites.append(
                    RegisterWrite(
                        id: OpID(replica: summary.info.author, counter: counter), key: key, value: value,
                        overwrites: overwrites))
            }
        }
        try reader.expectEnd("change")
        self = summary
    }
}
