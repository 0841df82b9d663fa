extension Document {
    /// The document format version written by this build. Version 3 run-length encodes the
    /// integer columns; version 2 added the heads (their change indices and hashes), so that
    /// loading needs no hashing. Versions 1 and 2 still decode.
    public static let formatVersion: UInt8 = 3
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
    /// - Precondition: `formatVersion` is between 1 and ``formatVersion``.
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
        Array(encodedSections(formatVersion: formatVersion).map(\.bytes).joined())
    }

    /// The uncompressed body in its sections, named, in order (for size breakdowns: the body is
    /// their concatenation). Each column's section includes its block length.
    package func encodedSections(formatVersion: UInt8 = Document.formatVersion) -> [(name: String, bytes: [UInt8])] {
        precondition(open == nil, "encode after committing local edits")
        precondition(formatVersion >= 1 && formatVersion <= Document.formatVersion, "unknown format version")
        let count = history.count
        let committedEnd = open?.lvStart ?? Int32(content.count)
        func precedes(_ a: ChangeInfo, _ b: ChangeInfo) -> Bool {
            (a.lamport, a.author, a.seq) < (b.lamport, b.author, b.seq)
        }
        // A single line of history, and most others, were applied in canonical order already.
        let inOrder = infos.indices.dropFirst().allSatisfy { precedes(infos[$0 - 1], infos[$0]) }
        let canonical = inOrder ? Array(0..<count) : (0..<count).sorted { precedes(infos[$0], infos[$1]) }
        var position = [Int](repeating: 0, count: count)
        var canonicalStart = [Int32](repeating: 0, count: count)
        var next: Int32 = 0
        for (k, local) in canonical.enumerated() {
            position[local] = k
            canonicalStart[local] = next
            next += (local + 1 < count ? changeLV[local + 1] : committedEnd) - changeLV[local]
        }
        func canonicalLV(of lv: Int32) -> Int64 {
            // Applied in canonical order, the history's LVs are its canonical LVs.
            if inOrder { return Int64(lv) }
            let local = changeIndex(holding: lv)
            return Int64(canonicalStart[local] + (lv - changeLV[local]))
        }
        func canonicalLV(of id: OpID, in local: Int) -> Int64 {
            let change = infos[local]
            if id.replica == change.author && id.counter >= change.startCounter {
                // A reference inside the change itself.
                return Int64(canonicalStart[local]) + Int64(id.counter - change.startCounter)
            }
            guard let lv = lv(of: id) else { preconditionFailure("committed change refers to unknown \(id)") }
            return canonicalLV(of: lv)
        }
        let authors = Set(infos.map(\.author)).sorted()
        let slot = Dictionary(uniqueKeysWithValues: authors.enumerated().map { ($1, $0) })

        let runLength = formatVersion >= 3
        var authorColumn = IntegerColumnWriter(runLength: runLength)
        var lamportColumn = IntegerColumnWriter(runLength: runLength)
        var wallColumn = IntegerColumnWriter(runLength: runLength)
        var dependencyColumn = IntegerColumnWriter(runLength: runLength)
        var opCountColumn = IntegerColumnWriter(runLength: runLength)
        var kindColumn = IntegerColumnWriter(runLength: runLength)
        var lengthColumn = IntegerColumnWriter(runLength: runLength)
        var leftColumn = IntegerColumnWriter(runLength: runLength)
        var rightColumn = IntegerColumnWriter(runLength: runLength)
        var targetColumn = IntegerColumnWriter(runLength: runLength)
        var registerColumn = ByteWriter()
        var contentColumn = ByteWriter()
        // The state snapshot: the characters in text order as maximal runs of consecutive
        // canonical LVs, so decoding need not replay the history to know the order.
        var stateLVColumn = IntegerColumnWriter(runLength: runLength)
        var stateLengthColumn = IntegerColumnWriter(runLength: runLength)
        var stateDeletedColumn = IntegerColumnWriter(runLength: runLength)
        var stateRuns = 0
        var textOrder: [ItemRun] = []
        var pending: (lv: Int32, length: Int32, deleted: Bool, lastLocal: Int32, right: Int32)?
        var previousEnd: Int32 = 0
        func flush() {
            guard let run = pending else { return }
            stateLVColumn.appendSigned(Int64(run.lv - previousEnd))
            stateLengthColumn.append(Int(run.length))
            stateDeletedColumn.append(run.deleted ? 1 : 0)
            previousEnd = run.lv + run.length
            stateRuns += 1
            textOrder.append(
                ItemRun(lv: run.lv, length: run.length, originLeft: -1, originRight: -1, deleted: run.deleted))
        }
        sequence.forEachRun { run in
            var local = run.lv
            while local < run.end {
                // Split where consecutive local LVs stop being consecutive canonical LVs (never,
                // for a history applied in canonical order).
                let pieceEnd: Int32
                let canonical: Int32
                if inOrder {
                    pieceEnd = run.end
                    canonical = local
                } else {
                    let change = changeIndex(holding: local)
                    pieceEnd = min(run.end, change + 1 < count ? changeLV[change + 1] : committedEnd)
                    canonical = canonicalStart[change] + (local - changeLV[change])
                }
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

        // From format 3 on, insert origins are stored as differences from their prediction.
        var predictor = runLength ? OriginPredictor(runs: textOrder) : nil

        var previousLamport: UInt64 = 0
        var previousWall: Int64 = 0
        var previousTargetEnd: Int64 = 0
        var previousRight: Int64 = 0
        func writeInsert(length: Int, left: Int64, right: Int64, at opLV: Int64) {
            kindColumn.append(UInt64(OperationTag.insertText.rawValue))
            lengthColumn.append(length)
            if predictor != nil {
                guard let predicted = predictor?.origins(of: opLV) else {
                    preconditionFailure("inserted LV \(opLV) is not in the state")
                }
                leftColumn.appendSigned(left - predicted.left)
                rightColumn.appendSigned(right - predicted.right)
            } else {
                leftColumn.append(left < 0 ? 0 : UInt64(opLV - left))
                if right < 0 {
                    rightColumn.append(0)
                } else {
                    // Relative to the previous right origin: typing keeps one right origin.
                    let delta = right - previousRight
                    rightColumn.append(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)) + 1)
                    previousRight = right
                }
            }
        }
        func writeDelete(count: Int, target: Int64) {
            kindColumn.append(UInt64(OperationTag.deleteText.rawValue))
            lengthColumn.append(count)
            targetColumn.appendSigned(target - previousTargetEnd)
            previousTargetEnd = target + Int64(count)
        }
        func writeRegister(key: String, value: RegisterValue, overwrites: [Int64], at opLV: Int64) {
            kindColumn.append(UInt64(OperationTag.setRegister.rawValue))
            registerColumn.writeString(key)
            value.write(to: &registerColumn)
            registerColumn.writeVarint(overwrites.count)
            for lv in overwrites { registerColumn.writeVarint(UInt64(opLV - lv)) }
        }
        let storedChanges = history.baseCount..<history.baseCount + history.storedCount
        // The slot of the previous change's author (one replica typing needs no lookup).
        var lastAuthor = (replica: authors.first ?? ReplicaID(0), slot: 0)
        for local in canonical {
            let info = infos[local]
            if info.author != lastAuthor.replica { lastAuthor = (info.author, slot[info.author] ?? 0) }
            authorColumn.append(lastAuthor.slot)
            lamportColumn.appendSigned(Int64(bitPattern: info.lamport &- previousLamport))
            wallColumn.appendSigned(info.wallTime &- previousWall)
            previousLamport = info.lamport
            previousWall = info.wallTime
            if let parents = forkedParents[local] {
                let distances = parents.map { position[local] - position[$0] }.sorted()
                dependencyColumn.append(distances.count)
                for distance in distances { dependencyColumn.append(distance) }
            } else if local > 0 {
                // Made on the change applied just before it (typing).
                dependencyColumn.append(1)
                dependencyColumn.append(position[local] - position[local - 1])
            } else {
                dependencyColumn.append(0)
            }
            var opLV = Int64(canonicalStart[local])
            if let stored = history.stored, storedChanges.contains(local) {
                // Applied from its stored bytes: its operations were kept resolved to LVs.
                let operations = stored.operations(ofChangeAt: local - storedChanges.lowerBound)
                opCountColumn.append(operations.count)
                var lv = changeLV[local]
                for op in operations {
                    switch op.kind {
                    case .insert:
                        writeInsert(
                            length: Int(op.length), left: op.first < 0 ? -1 : canonicalLV(of: op.first),
                            right: op.second < 0 ? -1 : canonicalLV(of: op.second), at: opLV)
                        Document.appendUTF8(of: content[Int(lv)..<Int(lv + op.length)], to: &contentColumn)
                    case .delete:
                        writeDelete(count: Int(op.length), target: canonicalLV(of: op.first))
                    case .register:
                        let write = stored.registerWrites[Int(op.length)]
                        writeRegister(
                            key: write.key, value: write.value,
                            overwrites: write.overwrites.map { canonicalLV(of: $0) },
                            at: opLV)
                    }
                    let width = op.kind == .register ? 1 : op.length
                    opLV += Int64(width)
                    lv += width
                }
                continue
            }
            let change = history[local]
            opCountColumn.append(change.operations.count)
            for op in change.operations {
                switch op {
                case .insertText(let after, let before, let text):
                    writeInsert(
                        length: text.scalarCount, left: after.map { canonicalLV(of: $0, in: local) } ?? -1,
                        right: before.map { canonicalLV(of: $0, in: local) } ?? -1, at: opLV)
                    var text = text
                    text.withUTF8 { contentColumn.writeBytes($0) }
                case .deleteText(let start, let count):
                    writeDelete(count: count, target: canonicalLV(of: start, in: local))
                case .setRegister(let key, let value, let overwrites):
                    writeRegister(
                        key: key, value: value, overwrites: overwrites.map { canonicalLV(of: $0, in: local) }, at: opLV)
                }
                opLV += Int64(op.width)
            }
        }
        var sections: [(name: String, bytes: [UInt8])] = []
        func add(_ name: String, _ write: (inout ByteWriter) -> Void) {
            var writer = ByteWriter()
            write(&writer)
            sections.append((name, writer.bytes))
        }
        add("replica table") { writer in
            writer.writeVarint(authors.count)
            for author in authors { writer.writeUInt64(author.rawValue) }
            writer.writeVarint(count)
        }
        for (name, column) in [
            ("author", authorColumn), ("Lamport", lamportColumn), ("wall time", wallColumn),
            ("dependency", dependencyColumn), ("operation count", opCountColumn), ("operation kind", kindColumn),
            ("operation length", lengthColumn), ("insert origin", leftColumn), ("insert right origin", rightColumn),
            ("delete target", targetColumn),
        ] {
            add(name) { $0.writeBlock(column.bytes) }
        }
        add("register") { $0.writeBlock(registerColumn.bytes) }
        add("content") { $0.writeBlock(contentColumn.bytes) }
        add("state run count") { $0.writeVarint(stateRuns) }
        for (name, column) in [
            ("state LV", stateLVColumn), ("state length", stateLengthColumn), ("state deleted", stateDeletedColumn),
        ] {
            add(name) { $0.writeBlock(column.bytes) }
        }
        if formatVersion >= 2 {
            // The heads by canonical index, so that loading knows them without hashing.
            let heads = headSet.compactMap { hash in changeIndex(of: hash).map { (position[$0], hash) } }
                .sorted { $0.0 < $1.0 }
            add("heads") { writer in
                writer.writeVarint(heads.count)
                var previous = -1
                for (index, hash) in heads {
                    writer.writeVarint(index - previous)
                    writer.writeBytes(hash.bytes)
                    previous = index
                }
            }
        }
        return sections
    }

    /// Appends the UTF-8 of `scalars` (Unicode scalar values from `content`) to `writer`.
    static func appendUTF8(of scalars: ArraySlice<UInt32>, to writer: inout ByteWriter) {
        for scalar in scalars {
            UTF8.encode(Unicode.Scalar(scalar).unsafelyUnwrapped) { writer.writeByte($0) }
        }
    }
}
