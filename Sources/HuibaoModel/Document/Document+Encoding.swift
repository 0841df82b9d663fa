extension Document {
    /// The document format version written by this build. Version 2 adds the heads (their
    /// change indices and hashes), so that loading needs no hashing; version 1 still decodes.
    public static let formatVersion: UInt8 = 2
    /// The first bytes of every encoded document.
    static let magic: [UInt8] = Array("HBDOC".utf8)
    /// The largest body this build decodes (1 GiB), so a length field cannot demand more memory.
    static let maxBodySize = 1 << 30

    /// Encodes the whole history and a snapshot of the text state.
    ///
    /// - Precondition: no uncommitted local edits (call ``commit(wallTime:)`` first).
    ///
    /// The changes are written in a canonical causal order (Lamport time, author, seq), so two
    /// replicas holding the same changes produce identical bytes. The format is described in
    /// `EncodingFormat.md`.
    ///
    /// - Parameter compressed: whether to DEFLATE the body (the default); uncompressed output
    ///   is for inspection and tests.
    public func encoded(compressed: Bool = true) -> [UInt8] {
        Document.envelope(body: encodeBody(), compressed: compressed)
    }

    /// Encodes the document in an older format version (for tests of reading old documents).
    ///
    /// - Precondition: `formatVersion` is 1 or 2.
    package func encoded(formatVersion: UInt8, compressed: Bool = true) -> [UInt8] {
        Document.envelope(
            body: encodeBody(formatVersion: formatVersion), compressed: compressed, formatVersion: formatVersion)
    }

    /// Wraps a document body in the header, optional DEFLATE and checksum.
    package static func envelope(body: [UInt8], compressed: Bool, formatVersion: UInt8 = Document.formatVersion)
        -> [UInt8]
    {
        let stored = compressed ? Deflate.compress(body) : body
        var writer = ByteWriter(capacity: stored.count + 32)
        writer.writeBytes(Document.magic)
        writer.writeByte(formatVersion)
        writer.writeByte(compressed ? 1 : 0)
        writer.writeVarint(body.count)
        writer.writeBlock(stored)
        let crc = Deflate.crc32(body)
        for shift in stride(from: 0, to: 32, by: 8) {
            writer.writeByte(UInt8(truncatingIfNeeded: crc >> UInt32(shift)))
        }
        return writer.bytes
    }

    /// The uncompressed body: replica table, change columns, operation columns, content, state
    /// and (from version 2) heads.
    package func encodeBody(formatVersion: UInt8 = Document.formatVersion) -> [UInt8] {
        precondition(open == nil, "encode after committing local edits")
        precondition(formatVersion >= 1 && formatVersion <= Document.formatVersion, "unknown format version")
        let changes = history.array
        let count = changes.count
        let committedEnd = open?.lvStart ?? Int32(content.count)
        let canonical = (0..<count).sorted {
            let a = infos[$0]
            let b = infos[$1]
            return (a.lamport, a.author, a.seq) < (b.lamport, b.author, b.seq)
        }
        var position = [Int](repeating: 0, count: count)
        var canonicalStart = [Int32](repeating: 0, count: count)
        var next: Int32 = 0
        for (k, local) in canonical.enumerated() {
            position[local] = k
            canonicalStart[local] = next
            next += (local + 1 < count ? changeLV[local + 1] : committedEnd) - changeLV[local]
        }
        func canonicalLV(of id: OpID, in local: Int) -> Int64 {
            let change = infos[local]
            if id.replica == change.author && id.counter >= change.startCounter {
                // A reference inside the change itself.
                return Int64(canonicalStart[local]) + Int64(id.counter - change.startCounter)
            }
            guard let lv = lv(of: id) else { preconditionFailure("committed change refers to unknown \(id)") }
            let local = changeIndex(holding: lv)
            return Int64(canonicalStart[local] + (lv - changeLV[local]))
        }
        let authors = Set(changes.map(\.author)).sorted()
        let slot = Dictionary(uniqueKeysWithValues: authors.enumerated().map { ($1, $0) })

        var authorColumn = ByteWriter()
        var lamportColumn = ByteWriter()
        var wallColumn = ByteWriter()
        var dependencyColumn = ByteWriter()
        var opCountColumn = ByteWriter()
        var kindColumn = ByteWriter()
        var lengthColumn = ByteWriter()
        var leftColumn = ByteWriter()
        var rightColumn = ByteWriter()
        var targetColumn = ByteWriter()
        var registerColumn = ByteWriter()
        var contentColumn = ByteWriter()
        var previousLamport: UInt64 = 0
        var previousWall: Int64 = 0
        var previousTargetEnd: Int64 = 0
        var previousRight: Int64 = 0
        for local in canonical {
            let change = changes[local]
            authorColumn.writeVarint(slot[change.author] ?? 0)
            lamportColumn.writeSignedVarint(Int64(bitPattern: change.lamport &- previousLamport))
            wallColumn.writeSignedVarint(change.wallTime &- previousWall)
            previousLamport = change.lamport
            previousWall = change.wallTime
            let distances = change.dependencies.compactMap { changeIndex(of: $0) }.map {
                position[local] - position[$0]
            }
            .sorted()
            dependencyColumn.writeVarint(distances.count)
            for distance in distances { dependencyColumn.writeVarint(distance) }
            opCountColumn.writeVarint(change.operations.count)
            var opLV = Int64(canonicalStart[local])
            for op in change.operations {
                switch op {
                case .insertText(let after, let before, let text):
                    kindColumn.writeByte(OperationTag.insertText.rawValue)
                    lengthColumn.writeVarint(text.scalarCount)
                    leftColumn.writeVarint(after.map { UInt64(opLV - canonicalLV(of: $0, in: local)) } ?? 0)
                    if let before {
                        // Relative to the previous right origin: typing keeps one right origin.
                        let right = canonicalLV(of: before, in: local)
                        rightColumn.writeVarint(
                            UInt64(bitPattern: ((right - previousRight) << 1) ^ ((right - previousRight) >> 63)) + 1)
                        previousRight = right
                    } else {
                        rightColumn.writeVarint(0)
                    }
                    var text = text
                    text.withUTF8 { contentColumn.writeBytes($0) }
                case .deleteText(let start, let count):
                    kindColumn.writeByte(OperationTag.deleteText.rawValue)
                    lengthColumn.writeVarint(count)
                    let target = canonicalLV(of: start, in: local)
                    targetColumn.writeSignedVarint(target - previousTargetEnd)
                    previousTargetEnd = target + Int64(count)
                case .setRegister(let key, let value, let overwrites):
                    kindColumn.writeByte(OperationTag.setRegister.rawValue)
                    registerColumn.writeString(key)
                    value.write(to: &registerColumn)
                    registerColumn.writeVarint(overwrites.count)
                    for id in overwrites { registerColumn.writeVarint(UInt64(opLV - canonicalLV(of: id, in: local))) }
                }
                opLV += Int64(op.width)
            }
        }
        // The state snapshot: the characters in text order as maximal runs of consecutive
        // canonical LVs, so decoding need not replay the history to know the order.
        var stateLVColumn = ByteWriter()
        var stateLengthColumn = ByteWriter()
        var stateDeletedColumn = ByteWriter()
        var stateRuns = 0
        var pending: (lv: Int32, length: Int32, deleted: Bool, lastLocal: Int32, right: Int32)?
        var previousEnd: Int32 = 0
        func flush() {
            guard let run = pending else { return }
            stateLVColumn.writeSignedVarint(Int64(run.lv - previousEnd))
            stateLengthColumn.writeVarint(Int(run.length))
            stateDeletedColumn.writeByte(run.deleted ? 1 : 0)
            previousEnd = run.lv + run.length
            stateRuns += 1
        }
        sequence.forEachRun { run in
            var local = run.lv
            while local < run.end {
                // Split where consecutive local LVs stop being consecutive canonical LVs.
                let change = changeIndex(holding: local)
                let changeEnd = change + 1 < count ? changeLV[change + 1] : committedEnd
                let pieceEnd = min(run.end, changeEnd)
                let canonical = canonicalStart[change] + (local - changeLV[change])
                let left = run.originLeft(at: local - run.lv)
                if let p = pending, p.lv + p.length == canonical, p.deleted == run.deleted, left == p.lastLocal,
                    p.right == run.originRight
                {
                    pending?.length += pieceEnd - local
                    pending?.lastLocal = pieceEnd - 1
                } else {
                    flush()
                    pending = (canonical, pieceEnd - local, run.deleted, pieceEnd - 1, run.originRight)
                }
                local = pieceEnd
            }
        }
        flush()

        var body = ByteWriter()
        body.writeVarint(authors.count)
        for author in authors { body.writeUInt64(author.rawValue) }
        body.writeVarint(count)
        for column in [
            authorColumn, lamportColumn, wallColumn, dependencyColumn, opCountColumn, kindColumn, lengthColumn,
            leftColumn, rightColumn, targetColumn, registerColumn, contentColumn,
        ] {
            body.writeBlock(column.bytes)
        }
        body.writeVarint(stateRuns)
        for column in [stateLVColumn, stateLengthColumn, stateDeletedColumn] {
            body.writeBlock(column.bytes)
        }
        if formatVersion >= 2 {
            // The heads by canonical index, so that loading knows them without hashing.
            let heads = headSet.compactMap { hash in changeIndex(of: hash).map { (position[$0], hash) } }
                .sorted { $0.0 < $1.0 }
            body.writeVarint(heads.count)
            var previous = -1
            for (index, hash) in heads {
                body.writeVarint(index - previous)
                body.writeBytes(hash.bytes)
                previous = index
            }
        }
        return body.bytes
    }
}
