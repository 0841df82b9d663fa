/// Reads the columns of a document body and rebuilds a document from them: its state always,
/// its changes (constructed and hashed) unless decoding lazily.
struct DocumentBodyDecoder {
    var authors: [ReplicaID] = []
    var changeCount = 0
    var authorColumn: IntegerColumn
    var lamportColumn: IntegerColumn
    var wallColumn: IntegerColumn
    var dependencyColumn: IntegerColumn
    var opCountColumn: IntegerColumn
    var kindColumn: IntegerColumn
    var lengthColumn: IntegerColumn
    var leftColumn: IntegerColumn
    var rightColumn: IntegerColumn
    var targetColumn: IntegerColumn
    var registerColumn: ByteReader
    var contentColumn: ByteReader
    var stateRunCount = 0
    var stateLVColumn: IntegerColumn
    var stateLengthColumn: IntegerColumn
    var stateDeletedColumn: IntegerColumn
    /// Where the state columns start, for errors.
    var stateOffset = 0
    /// The recorded heads (format version 2 on): change indices, ascending, with their hashes.
    var heads: [(index: Int, hash: ChangeHash)]?
    /// Where the heads section starts, for errors.
    var headsOffset = 0
    /// The most operation ids (LVs) the history may hold. Format 3's run-length columns can
    /// repeat a value without spending bytes, so the history's length is bounded by the body's
    /// size (a legitimate history needs at least a byte of content per inserted character, and
    /// deletes each character about once) to keep a small body from demanding huge memory.
    var lvLimit = Int(Int32.max)
    /// The most LVs reserved for before reading them (16 million, or fewer for a small body):
    /// a hint read from a lying body cannot reserve much, and a longer history still grows.
    var reservationLimit = 0

    init(_ body: [UInt8], formatVersion: UInt8) throws(BinaryDecodingError) {
        var reader = ByteReader(body)
        let authorCount = try reader.readCount("replica count", max: reader.remaining / 8)
        for _ in 0..<authorCount {
            let offset = reader.position
            let author = ReplicaID(try reader.readUInt64("replica"))
            if let last = authors.last, !(last < author) {
                throw .invalidValue(field: "replica", offset: offset, reason: "replica table not strictly ascending")
            }
            authors.append(author)
        }
        let runLength = formatVersion >= 3
        if runLength { lvLimit = min(lvLimit, 8 * body.count + 64) }
        reservationLimit = min(lvLimit, 8 * body.count + 64, 1 << 24)
        changeCount = try reader.readCount("change count", max: runLength ? lvLimit : reader.remaining)
        func column(_ field: String) throws(BinaryDecodingError) -> IntegerColumn {
            IntegerColumn(try reader.readBlock(field), runLength: runLength)
        }
        authorColumn = try column("author column")
        lamportColumn = try column("Lamport column")
        wallColumn = try column("wall time column")
        dependencyColumn = try column("dependency column")
        opCountColumn = try column("operation count column")
        kindColumn = try column("operation kind column")
        lengthColumn = try column("operation length column")
        leftColumn = try column("insert origin column")
        rightColumn = try column("insert right origin column")
        targetColumn = try column("delete target column")
        registerColumn = try reader.readBlock("register column")
        contentColumn = try reader.readBlock("content column")
        stateRunCount = try reader.readCount("state run count", max: runLength ? lvLimit : reader.remaining)
        stateLVColumn = try column("state LV column")
        stateLengthColumn = try column("state length column")
        stateDeletedColumn = try column("state deleted column")
        if formatVersion >= 2 {
            headsOffset = reader.position
            let count = try reader.readCount("head count", max: min(changeCount, reader.remaining / 33))
            var heads: [(index: Int, hash: ChangeHash)] = []
            heads.reserveCapacity(count)
            var previous = -1
            for _ in 0..<count {
                let offset = reader.position
                let delta = try reader.readCount("head index", max: changeCount)
                guard delta >= 1, previous + delta < changeCount else {
                    throw .invalidValue(field: "head index", offset: offset, reason: "not ascending within the changes")
                }
                previous += delta
                heads.append((previous, try reader.readChangeHash("head hash")))
            }
            self.heads = heads
        }
        try reader.expectEnd("document body")
    }

    /// Decodes every change in order into `document` (empty, made for this): content, ids,
    /// metadata, registers, text state and heads; with `lazily` false also each change as a
    /// value, hashed.
    ///
    /// Both ways make the same checks (but the hash chain's, which needs the hashes), so a body
    /// that decodes lazily decodes fully.
    ///
    /// - Parameter checkingHeads: whether a full decoding compares the recorded heads with the
    ///   hashes it computed.
    mutating func decode(into document: inout Document, lazily: Bool, checkingHeads: Bool)
        throws(BinaryDecodingError)
    {
        precondition(!lazily || heads != nil, "lazy decoding needs the recorded heads")
        // Format 3 predicts insert origins from the state, so it reads the state first.
        var stateRuns: StateRuns?
        var predictor: OriginPredictor?
        if kindColumn.runLength {
            let state = try readStateRuns(limit: lvLimit)
            let origins = OriginPredictor(runs: state.runs, order: state.order)
            if let overlap = origins.firstOverlap() { throw self.overlap(state, index: overlap.index) }
            stateRuns = state
            predictor = origins
        }
        // Every scalar of the content, validated and decoded once: insertions copy their slice.
        let utf8 = contentColumn.bytes
        var byteOffset = contentColumn.offset
        guard let scalars = Self.scalars(of: utf8[byteOffset..<contentColumn.end]) else {
            throw .invalidValue(field: "content column", offset: contentColumn.position, reason: "not valid UTF-8")
        }
        let scalarCount = scalars.count
        var scalarOffset = 0
        var hashes: [ChangeHash] = []
        var dependedOn: [Bool] = []
        // A hint only: the counts are bounded, but not by what the body really holds.
        let reservation = min(changeCount, 1 << 16)
        if lazily {
            dependedOn = Array(repeating: false, count: changeCount)
        } else {
            hashes.reserveCapacity(reservation)
            document.history.reserveCapacity(reservation)
            document.knownHashes.reserveCapacity(reservation)
        }
        // The change table for up to a million changes (at most 52 MB for a body that lies): a
        // long history's table then fills in place instead of being copied as it outgrows each
        // buffer.
        document.infos.reserveCapacity(min(changeCount, 1 << 20))
        document.changeLV.reserveCapacity(min(changeCount, 1 << 20))
        // The history's LVs: its insertions' and deletions' lengths (a hint, each length is
        // checked as it is read), and a few register writes.
        let lengthTotal = min(lengthColumn.sumHint(limit: reservationLimit) ?? scalarCount, reservationLimit)
        // At most a million deletion pieces reserved for (32 MB for a body that lies).
        let deletedTotal = min(max(0, lengthTotal - scalarCount), 1 << 20)
        document.content.reserveCapacity(max(scalarCount, lengthTotal) + 16)
        // Per author, by its slot in the replica table: the last seq, the next counter, the last
        // change's index, and the LV spans (given to the document at the end).
        var slotSeq = [UInt64](repeating: 0, count: authors.count)
        var slotCounter = [UInt64](repeating: 0, count: authors.count)
        var slotLast = [Int](repeating: -1, count: authors.count)
        var slotSpans = [[ReplicaSpan]](repeating: [], count: authors.count)
        let slotOf = Dictionary(uniqueKeysWithValues: authors.enumerated().map { ($1, $0) })
        var maxLamport: UInt64 = 0
        var lamport: UInt64 = 0
        var wallTime: Int64 = 0
        var nextLV: Int64 = 0
        var previousTargetEnd: Int64 = 0
        var previousRight: Int64 = 0
        // Each insertion takes at least one scalar, each deletion piece at least one LV.
        var inserts: [InsertSpan] = []
        inserts.reserveCapacity(scalarCount)
        var deletions: [LVRange] = []
        deletions.reserveCapacity(deletedTotal)
        // The deletions of a lazy load, given to the document at the end (it starts empty).
        var encodedDeletions: [EncodedDeletion] = []
        if lazily { encodedDeletions.reserveCapacity(deletedTotal) }
        // Deletion markers to copy into the content, grown to the longest deletion.
        var markers = [UInt32](repeating: Document.deletionMarker, count: 64)
        var linear = true
        // The LVs that are no character (deletions, register writes), as the content grows: the
        // checks that origins and deletion targets are characters read it, not the content.
        var nonCharacters = LVBitSet(capacity: deletedTotal + scalarCount)
        var dependencies: [Int] = []
        var operations: [Operation] = []

        for index in 0..<changeCount {
            let authorOffset = authorColumn.position
            let slotValue = try authorColumn.next("author")
            guard slotValue < UInt64(authors.count) else {
                throw .invalidValue(
                    field: "author", offset: authorOffset, reason: "replica slot \(slotValue) not in the table")
            }
            let slot = Int(slotValue)
            let author = authors[slot]
            let lamportOffset = lamportColumn.position
            let (nextLamport, overflow) = Int64(bitPattern: lamport).addingReportingOverflow(
                try lamportColumn.nextSigned("Lamport delta"))
            guard !overflow, nextLamport >= 1 else {
                throw .invalidValue(field: "Lamport delta", offset: lamportOffset, reason: "Lamport time out of range")
            }
            lamport = UInt64(nextLamport)
            wallTime = wallTime &+ (try wallColumn.nextSigned("wall time delta"))
            let dependencyCount = try dependencyColumn.nextCount("dependency count", max: index)
            dependencies.removeAll(keepingCapacity: true)
            var previousDistance = 0
            for _ in 0..<dependencyCount {
                let offset = dependencyColumn.position
                let distance = try dependencyColumn.nextCount("dependency distance", max: index)
                guard distance > previousDistance else {
                    throw .invalidValue(
                        field: "dependency distance", offset: offset, reason: "not strictly ascending from 1")
                }
                previousDistance = distance
                dependencies.append(index - distance)
            }
            let followsPrevious = index == 0 ? dependencyCount == 0 : dependencyCount == 1 && previousDistance == 1
            if !followsPrevious { document.forkedParents[index] = dependencies.reversed() }
            linear = linear && followsPrevious
            let opCountOffset = opCountColumn.position
            let opCount = try opCountColumn.nextCount("operation count", max: Change.maxOperations)
            guard opCount >= 1 else {
                throw .invalidValue(field: "operation count", offset: opCountOffset, reason: "a change has operations")
            }
            let seq = slotSeq[slot] + 1
            let startCounter = slotCounter[slot]
            let changeStart = nextLV
            var opLV = nextLV
            operations.removeAll(keepingCapacity: true)

            func refuse(_ operation: Int, _ reason: String) -> BinaryDecodingError {
                .invalidChange(index: index, reason: "operation \(operation): \(reason)")
            }
            /// The operation id of `lv`, which is below `opLV`.
            func id(of lv: Int64) -> OpID {
                if lv >= changeStart {
                    return OpID(replica: author, counter: startCounter + UInt64(lv - changeStart))
                }
                return document.id(of: Int32(lv))
            }

            for operation in 0..<opCount {
                let kindOffset = kindColumn.position
                let kind = try kindColumn.next("operation kind")
                let width: Int
                switch kind <= 0xFF ? OperationTag(rawValue: UInt8(kind)) : nil {
                case .insertText:
                    let lengthOffset = lengthColumn.position
                    let length = try lengthColumn.nextCount("insert length", max: scalarCount - scalarOffset)
                    guard length >= 1 else {
                        throw .invalidValue(field: "insert length", offset: lengthOffset, reason: "empty insertion")
                    }
                    let leftOffset = leftColumn.position
                    let rightOffset = rightColumn.position
                    var leftLV: Int64 = -1
                    var rightLV: Int64 = -1
                    if predictor != nil {
                        // Format 3: differences from the origins the text order predicts.
                        guard let predicted = predictor?.origins(of: opLV) else {
                            throw refuse(operation, "inserted character \(opLV) is not in the state")
                        }
                        leftLV = predicted.left &+ (try leftColumn.nextSigned("insert origin"))
                        rightLV = predicted.right &+ (try rightColumn.nextSigned("insert right origin"))
                    } else {
                        let left = try leftColumn.next("insert origin")
                        if left != 0 {
                            leftLV = left <= UInt64(opLV) ? opLV - Int64(left) : opLV
                        }
                        let right = try rightColumn.next("insert right origin")
                        if right != 0 {
                            let zigzag = right - 1
                            rightLV = previousRight &+ Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
                            if rightLV < 0 { rightLV = opLV }
                            previousRight = rightLV
                        }
                    }
                    guard leftLV >= -1, leftLV < opLV else {
                        throw .invalidValue(
                            field: "insert origin", offset: leftOffset, reason: "refers outside the history")
                    }
                    guard rightLV >= -1, rightLV < opLV else {
                        throw .invalidValue(
                            field: "insert right origin", offset: rightOffset, reason: "refers outside the history")
                    }
                    // (`nonCharacters` is read here, not in a local function: captured, it would be checked
                    // for exclusive access at run time.)
                    if leftLV >= 0 && nonCharacters.contains(Int(leftLV)) {
                        throw refuse(operation, "insert origin \(id(of: leftLV)) is not a known character")
                    }
                    if rightLV >= 0 && nonCharacters.contains(Int(rightLV)) {
                        throw refuse(operation, "insert right origin \(id(of: rightLV)) is not a known character")
                    }
                    // Take the next `length` scalars of the content (straight from its buffer).
                    let taken = scalarOffset..<scalarOffset + length
                    scalars.withUnsafeBufferPointer { scalars in
                        document.content.append(contentsOf: UnsafeBufferPointer(rebasing: scalars[taken]))
                    }
                    scalarOffset += length
                    inserts.append(
                        InsertSpan(lv: Int32(opLV), length: Int32(length), left: Int32(leftLV), right: Int32(rightLV)))
                    if !lazily {
                        var end = byteOffset
                        for scalar in scalars[taken] {
                            end += scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
                        }
                        operations.append(
                            .insertText(
                                after: leftLV < 0 ? nil : id(of: leftLV), before: rightLV < 0 ? nil : id(of: rightLV),
                                text: String(decoding: utf8[byteOffset..<end], as: UTF8.self)))
                        byteOffset = end
                    }
                    width = length
                case .deleteText:
                    let lengthOffset = lengthColumn.position
                    let length = try lengthColumn.nextCount("delete length", max: Int(Int32.max))
                    guard length >= 1 else {
                        throw .invalidValue(field: "delete length", offset: lengthOffset, reason: "empty deletion")
                    }
                    let targetOffset = targetColumn.position
                    let target = previousTargetEnd &+ (try targetColumn.nextSigned("delete target"))
                    guard target >= 0, target < opLV else {
                        throw .invalidValue(
                            field: "delete target", offset: targetOffset, reason: "refers outside the history")
                    }
                    previousTargetEnd = target + Int64(length)
                    // The deleted ids are consecutive counters of one replica, wherever their LVs
                    // are: take them a piece of consecutive LVs at a time.
                    let start = id(of: target)
                    var done = 0
                    while done < length {
                        let counter = start.counter + UInt64(done)
                        let piece: (lv: Int64, count: Int)?
                        if start.replica == author && counter >= startCounter {
                            let offset = counter - startCounter
                            let made = UInt64(opLV - changeStart)
                            piece = offset < made ? (changeStart + Int64(offset), Int(made - offset)) : nil
                        } else {
                            piece = slotOf[start.replica].flatMap {
                                ReplicaSpan.piece(from: counter, in: slotSpans[$0])
                            }
                            .map { (Int64($0.lv), $0.count) }
                        }
                        guard let piece else {
                            throw refuse(
                                operation,
                                "delete target \(OpID(replica: start.replica, counter: counter)) is not a known character"
                            )
                        }
                        let count = min(piece.count, length - done)
                        if let bad = nonCharacters.firstMember(in: Int(piece.lv)..<Int(piece.lv) + count) {
                            let target = OpID(replica: start.replica, counter: counter + UInt64(bad - Int(piece.lv)))
                            throw refuse(operation, "delete target \(target) is not a known character")
                        }
                        deletions.append(LVRange(lv: Int32(piece.lv), length: Int32(count)))
                        done += count
                    }
                    // Each piece was checked against the history: `length` is at most the LVs so far.
                    if markers.count < length {
                        markers = [UInt32](repeating: Document.deletionMarker, count: max(length, 2 * markers.count))
                    }
                    markers.withUnsafeBufferPointer { markers in
                        document.content.append(contentsOf: UnsafeBufferPointer(rebasing: markers[0..<length]))
                    }
                    nonCharacters.insert(Int(opLV)..<Int(opLV) + length)
                    if lazily {
                        encodedDeletions.append(
                            EncodedDeletion(change: Int32(index), count: Int32(length), start: start))
                    } else {
                        operations.append(.deleteText(start: start, count: length))
                    }
                    width = length
                case .setRegister:
                    let key = try registerColumn.readString("register key")
                    let value = try RegisterValue.read(from: &registerColumn)
                    let overwriteCount = try registerColumn.readCount("overwrite count", max: registerColumn.remaining)
                    var overwrites: [OpID] = []
                    for _ in 0..<overwriteCount {
                        let offset = registerColumn.position
                        let distance = try registerColumn.readVarint("overwritten write")
                        guard distance >= 1, distance <= UInt64(opLV) else {
                            throw .invalidValue(
                                field: "overwritten write", offset: offset, reason: "refers outside the history")
                        }
                        let lv = opLV - Int64(distance)
                        guard document.content[Int(lv)] == Document.registerMarker else {
                            throw refuse(operation, "overwritten \(id(of: lv)) is not a known register write")
                        }
                        overwrites.append(id(of: lv))
                    }
                    overwrites.sort()
                    let writeID = id(of: opLV)
                    document.registers[key, default: MultiValueRegister()].apply(
                        id: writeID, lamport: lamport, value: value, overwrites: overwrites)
                    document.content.append(Document.registerMarker)
                    nonCharacters.insert(Int(opLV)..<Int(opLV) + 1)
                    if !lazily { operations.append(.setRegister(key: key, value: value, overwrites: overwrites)) }
                    width = 1
                case nil:
                    throw .invalidValue(field: "operation kind", offset: kindOffset, reason: "unknown kind \(kind)")
                }
                opLV += Int64(width)
                guard opLV < Int64(lvLimit) else {
                    throw .invalidValue(field: "operation", offset: kindOffset, reason: "history too long")
                }
            }
            var dependencyLamport: UInt64 = 0
            for dependency in dependencies {
                dependencyLamport = max(dependencyLamport, document.infos[dependency].lamport)
            }
            let previous = slotLast[slot] < 0 ? nil : document.infos[slotLast[slot]].lamport
            if let reason = Document.lamportProblem(lamport, dependencies: dependencyLamport, previous: previous) {
                throw .invalidChange(index: index, reason: reason)
            }
            document.infos.append(
                ChangeInfo(
                    author: author, seq: seq, startCounter: startCounter, lamport: lamport, wallTime: wallTime,
                    isRoot: dependencies.isEmpty))
            document.changeLV.append(Int32(changeStart))
            ReplicaSpan.extend(
                &slotSpans[slot], counter: startCounter, lv: Int32(changeStart), length: Int32(opLV - changeStart))
            slotLast[slot] = index
            maxLamport = max(maxLamport, lamport)
            if lazily {
                for dependency in dependencies { dependedOn[dependency] = true }
            } else {
                let change = Change(
                    author: author, seq: seq, startCounter: startCounter, lamport: lamport, wallTime: wallTime,
                    dependencies: dependencies.map { hashes[$0] }, operations: operations)
                hashes.append(change.hash)
                document.knownHashes[change.hash] = index
                document.history.append(change)
                for dependency in change.dependencies { document.headSet.remove(dependency) }
                document.headSet.insert(change.hash)
            }
            slotSeq[slot] = seq
            slotCounter[slot] = startCounter + UInt64(opLV - changeStart)
            nextLV = opLV
        }
        for column in [
            authorColumn, lamportColumn, wallColumn, dependencyColumn, opCountColumn, kindColumn, lengthColumn,
            leftColumn, rightColumn, targetColumn,
        ] {
            try column.expectEnd("column")
        }
        try registerColumn.expectEnd("register column")
        guard scalarOffset == scalarCount else {
            throw .trailingBytes(
                field: "content column", offset: contentColumn.position, count: scalarCount - scalarOffset)
        }
        // Taken out of `stateRuns`, so that filling in the origins does not copy the runs.
        var state: StateRuns
        if let read = stateRuns.take() {
            state = read
        } else {
            state = try readStateRuns(limit: document.content.count)
            try checkDisjoint(state)
        }
        document.sequence = try checkState(
            &state, inserts: inserts, deletions: deletions, lvCount: document.content.count)
        document.isLinear = linear
        document.maxLamport = maxLamport
        for (slot, author) in authors.enumerated() where slotSeq[slot] > 0 {
            document.spans[author] = slotSpans[slot]
            document.versionVector[author] = slotSeq[slot]
        }
        if lazily {
            document.encodedDeletions = encodedDeletions
            try adoptHeads(into: &document, dependedOn: dependedOn)
        } else if checkingHeads, let heads {
            guard heads.count == document.headSet.count,
                heads.allSatisfy({ hashes[$0.index] == $0.hash && document.headSet.contains($0.hash) })
            else {
                throw .invalidValue(
                    field: "heads", offset: headsOffset, reason: "the recorded heads are not the history's")
            }
        }
    }

    /// Takes the recorded heads as the document's, after checking that they are exactly the
    /// changes no other change depends on. Their hashes cannot be checked without hashing the
    /// history: the envelope's checksum covers them.
    func adoptHeads(into document: inout Document, dependedOn: [Bool]) throws(BinaryDecodingError) {
        let heads = heads ?? []
        var expected = dependedOn.indices.lazy.filter { !dependedOn[$0] }.makeIterator()
        for head in heads {
            guard expected.next() == head.index, document.knownHashes.updateValue(head.index, forKey: head.hash) == nil
            else {
                throw .invalidValue(
                    field: "heads", offset: headsOffset, reason: "the recorded heads are not the history's")
            }
            document.headSet.insert(head.hash)
        }
        guard expected.next() == nil else {
            throw .invalidValue(field: "heads", offset: headsOffset, reason: "a head is missing")
        }
    }

    /// The Unicode scalars of `utf8`, or `nil` unless it is valid UTF-8 (no overlong forms,
    /// surrogates, values above U+10FFFF or cut-off sequences), in one pass written straight
    /// into the array's storage (ASCII without decoding).
    static func scalars(of utf8: ArraySlice<UInt8>) -> [UInt32]? {
        utf8.withUnsafeBufferPointer { utf8 in
            var valid = true
            let scalars = [UInt32](unsafeUninitializedCapacity: utf8.count) { scalars, initialized in
                var offset = 0
                var count = 0
                while offset < utf8.count {
                    let lead = UInt32(utf8[offset])
                    if lead < 0x80 {
                        scalars[count] = lead
                        offset += 1
                        count += 1
                        continue
                    }
                    // The lead byte gives the width and the range of the second byte.
                    let width: Int
                    var low: UInt8 = 0x80
                    var high: UInt8 = 0xBF
                    switch lead {
                    case 0xC2...0xDF: width = 2
                    case 0xE0:
                        width = 3
                        low = 0xA0
                    case 0xED:
                        width = 3
                        high = 0x9F
                    case 0xE1...0xEF: width = 3
                    case 0xF0:
                        width = 4
                        low = 0x90
                    case 0xF4:
                        width = 4
                        high = 0x8F
                    case 0xF1...0xF3: width = 4
                    default: width = 0
                    }
                    guard width > 0, offset + width <= utf8.count, utf8[offset + 1] >= low, utf8[offset + 1] <= high
                    else {
                        valid = false
                        break
                    }
                    var value = lead & (0x7F >> UInt32(width))
                    for k in 1..<width {
                        let byte = utf8[offset + k]
                        if byte & 0xC0 != 0x80 { valid = false }
                        value = value << 6 | UInt32(byte & 0x3F)
                    }
                    guard valid else { break }
                    scalars[count] = value
                    offset += width
                    count += 1
                }
                initialized = count
            }
            return valid ? scalars : nil
        }
    }
}
