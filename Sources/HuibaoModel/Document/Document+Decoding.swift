extension Document {
    /// Decodes a document written by ``encoded(compressed:)`` and rebuilds its state, verifying
    /// every change against its history.
    ///
    /// - Parameter replica: the replica that will make this copy's local edits.
    /// - Throws: ``BinaryDecodingError`` naming what is wrong; a damaged input never traps and
    ///   never yields a partial document.
    public init(decoding bytes: [UInt8], replica: ReplicaID) throws(BinaryDecodingError) {
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
        var decoder = try DocumentBodyDecoder(body)
        try decoder.decodeChanges(into: &self)
    }
}

/// Reads the columns of a document body and replays its changes into a document.
struct DocumentBodyDecoder {
    var authors: [ReplicaID] = []
    var changeCount = 0
    var authorColumn: ByteReader
    var lamportColumn: ByteReader
    var wallColumn: ByteReader
    var dependencyColumn: ByteReader
    var opCountColumn: ByteReader
    var kindColumn: ByteReader
    var lengthColumn: ByteReader
    var leftColumn: ByteReader
    var rightColumn: ByteReader
    var targetColumn: ByteReader
    var registerColumn: ByteReader
    var contentColumn: ByteReader
    var stateRunCount = 0
    var stateLVColumn: ByteReader
    var stateLengthColumn: ByteReader
    var stateDeletedColumn: ByteReader

    init(_ body: [UInt8]) throws(BinaryDecodingError) {
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
        changeCount = try reader.readCount("change count", max: reader.remaining)
        authorColumn = try reader.readBlock("author column")
        lamportColumn = try reader.readBlock("Lamport column")
        wallColumn = try reader.readBlock("wall time column")
        dependencyColumn = try reader.readBlock("dependency column")
        opCountColumn = try reader.readBlock("operation count column")
        kindColumn = try reader.readBlock("operation kind column")
        lengthColumn = try reader.readBlock("operation length column")
        leftColumn = try reader.readBlock("insert origin column")
        rightColumn = try reader.readBlock("insert right origin column")
        targetColumn = try reader.readBlock("delete target column")
        registerColumn = try reader.readBlock("register column")
        contentColumn = try reader.readBlock("content column")
        stateRunCount = try reader.readCount("state run count", max: reader.remaining)
        stateLVColumn = try reader.readBlock("state LV column")
        stateLengthColumn = try reader.readBlock("state length column")
        stateDeletedColumn = try reader.readBlock("state deleted column")
        try reader.expectEnd("document body")
    }

    /// Decodes every change in order and integrates it into `document`.
    mutating func decodeChanges(into document: inout Document) throws(BinaryDecodingError) {
        // The content column as Unicode scalars, validated once.
        guard
            let contentText = String(
                validating: contentColumn.bytes[contentColumn.offset..<contentColumn.end], as: UTF8.self)
        else {
            throw .invalidValue(field: "content column", offset: contentColumn.position, reason: "not valid UTF-8")
        }
        let utf8 = Array(contentText.utf8)
        var byteOffset = 0
        var scalarCount = 0
        for byte in utf8 where byte & 0xC0 != 0x80 { scalarCount += 1 }
        var scalarOffset = 0
        var changeStarts: [Int64] = []
        var changeAuthors: [ReplicaID] = []
        var changeCounters: [UInt64] = []
        var hashes: [ChangeHash] = []
        changeStarts.reserveCapacity(changeCount)
        hashes.reserveCapacity(changeCount)
        document.changes.reserveCapacity(changeCount)
        document.changeLV.reserveCapacity(changeCount)
        document.changeIndex.reserveCapacity(changeCount)
        var seqs: [ReplicaID: UInt64] = [:]
        var counters: [ReplicaID: UInt64] = [:]
        var lamport: UInt64 = 0
        var wallTime: Int64 = 0
        var nextLV: Int64 = 0
        var previousTargetEnd: Int64 = 0
        var previousRight: Int64 = 0
        var inserts: [InsertSpan] = []
        var deleted: [Bool] = []

        /// The operation id of canonical LV `lv`, which must be below `limit`.
        func id(of lv: Int64, limit: Int64, current: (start: Int64, author: ReplicaID, counter: UInt64))
            -> OpID?
        {
            guard lv >= 0, lv < limit else { return nil }
            if lv >= current.start {
                return OpID(replica: current.author, counter: current.counter + UInt64(lv - current.start))
            }
            var low = 0
            var high = changeStarts.count
            while low < high {
                let mid = (low + high) / 2
                if changeStarts[mid] <= lv { low = mid + 1 } else { high = mid }
            }
            let index = low - 1
            return OpID(
                replica: changeAuthors[index], counter: changeCounters[index] + UInt64(lv - changeStarts[index]))
        }

        for index in 0..<changeCount {
            let authorOffset = authorColumn.position
            let slot = try authorColumn.readVarint("author")
            guard slot < UInt64(authors.count) else {
                throw .invalidValue(
                    field: "author", offset: authorOffset, reason: "replica slot \(slot) not in the table")
            }
            let author = authors[Int(slot)]
            let lamportOffset = lamportColumn.position
            let (nextLamport, overflow) = Int64(bitPattern: lamport).addingReportingOverflow(
                try lamportColumn.readSignedVarint("Lamport delta"))
            guard !overflow, nextLamport >= 1 else {
                throw .invalidValue(field: "Lamport delta", offset: lamportOffset, reason: "Lamport time out of range")
            }
            lamport = UInt64(nextLamport)
            wallTime = wallTime &+ (try wallColumn.readSignedVarint("wall time delta"))
            let dependencyCount = try dependencyColumn.readCount("dependency count", max: index)
            var dependencies: [ChangeHash] = []
            var previousDistance = 0
            for _ in 0..<dependencyCount {
                let offset = dependencyColumn.position
                let distance = try dependencyColumn.readCount("dependency distance", max: index)
                guard distance > previousDistance else {
                    throw .invalidValue(
                        field: "dependency distance", offset: offset, reason: "not strictly ascending from 1")
                }
                previousDistance = distance
                dependencies.append(hashes[index - distance])
            }
            let opCountOffset = opCountColumn.position
            let opCount = try opCountColumn.readCount("operation count", max: kindColumn.remaining)
            guard opCount >= 1 else {
                throw .invalidValue(field: "operation count", offset: opCountOffset, reason: "a change has operations")
            }
            let seq = (seqs[author] ?? 0) + 1
            let startCounter = counters[author] ?? 0
            let current = (start: nextLV, author: author, counter: startCounter)
            var operations: [Operation] = []
            operations.reserveCapacity(opCount)
            var opLV = nextLV
            for _ in 0..<opCount {
                let kindOffset = kindColumn.position
                let kind = try kindColumn.readByte("operation kind")
                let op: Operation
                switch OperationTag(rawValue: kind) {
                case .insertText:
                    let lengthOffset = lengthColumn.position
                    let length = try lengthColumn.readCount("insert length", max: scalarCount - scalarOffset)
                    guard length >= 1 else {
                        throw .invalidValue(field: "insert length", offset: lengthOffset, reason: "empty insertion")
                    }
                    let leftOffset = leftColumn.position
                    let left = try leftColumn.readVarint("insert origin")
                    let rightOffset = rightColumn.position
                    let right = try rightColumn.readVarint("insert right origin")
                    var after: OpID?
                    var before: OpID?
                    if left != 0 {
                        guard left <= UInt64(opLV),
                            let found = id(of: opLV - Int64(left), limit: opLV, current: current)
                        else {
                            throw .invalidValue(
                                field: "insert origin", offset: leftOffset, reason: "refers outside the history")
                        }
                        after = found
                    }
                    if right != 0 {
                        let zigzag = right - 1
                        let rightLV = previousRight &+ Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
                        guard let found = id(of: rightLV, limit: opLV, current: current) else {
                            throw .invalidValue(
                                field: "insert right origin", offset: rightOffset, reason: "refers outside the history")
                        }
                        before = found
                        previousRight = rightLV
                    }
                    // Cut `length` scalars off the (already validated) UTF-8 content.
                    let start = byteOffset
                    var seen = 0
                    while seen < length {
                        byteOffset += 1
                        while byteOffset < utf8.count && utf8[byteOffset] & 0xC0 == 0x80 { byteOffset += 1 }
                        seen += 1
                    }
                    scalarOffset += length
                    op = .insertText(
                        after: after, before: before, text: String(decoding: utf8[start..<byteOffset], as: UTF8.self))
                case .deleteText:
                    let lengthOffset = lengthColumn.position
                    let length = try lengthColumn.readCount("delete length", max: Int(Int32.max))
                    guard length >= 1 else {
                        throw .invalidValue(field: "delete length", offset: lengthOffset, reason: "empty deletion")
                    }
                    let targetOffset = targetColumn.position
                    let target = previousTargetEnd &+ (try targetColumn.readSignedVarint("delete target"))
                    guard let start = id(of: target, limit: opLV, current: current) else {
                        throw .invalidValue(
                            field: "delete target", offset: targetOffset, reason: "refers outside the history")
                    }
                    previousTargetEnd = target + Int64(length)
                    op = .deleteText(start: start, count: length)
                case .setRegister:
                    let key = try registerColumn.readString("register key")
                    let value = try RegisterValue.read(from: &registerColumn)
                    let overwriteCount = try registerColumn.readCount("overwrite count", max: registerColumn.remaining)
                    var overwrites: [OpID] = []
                    for _ in 0..<overwriteCount {
                        let offset = registerColumn.position
                        let distance = try registerColumn.readVarint("overwritten write")
                        guard distance >= 1, distance <= UInt64(opLV),
                            let found = id(of: opLV - Int64(distance), limit: opLV, current: current)
                        else {
                            throw .invalidValue(
                                field: "overwritten write", offset: offset, reason: "refers outside the history")
                        }
                        overwrites.append(found)
                    }
                    overwrites.sort()
                    op = .setRegister(key: key, value: value, overwrites: overwrites)
                case nil:
                    throw .invalidValue(field: "operation kind", offset: kindOffset, reason: "unknown kind \(kind)")
                }
                opLV += Int64(op.width)
                guard opLV < Int64(Int32.max) else {
                    throw .invalidValue(field: "operation", offset: kindOffset, reason: "history too long")
                }
                operations.append(op)
            }
            let change = Change(
                author: author, seq: seq, startCounter: startCounter, lamport: lamport, wallTime: wallTime,
                dependencies: dependencies, operations: operations)
            let plan: Document.ResolvedChange
            do {
                plan = try document.validate(change)
            } catch {
                throw .invalidChange(index: index, reason: error.description)
            }
            for step in plan.steps {
                switch step {
                case .insert(let lv, let length, let left, let right):
                    inserts.append(InsertSpan(lv: lv, length: length, left: left, right: right))
                case .delete:
                    break
                case .register:
                    break
                }
            }
            for target in plan.targets {
                if deleted.count < Int(target.upperBound) {
                    deleted.append(contentsOf: repeatElement(false, count: Int(target.upperBound) - deleted.count))
                }
                for lv in target { deleted[Int(lv)] = true }
            }
            document.apply(plan, of: change, updatingText: false)
            hashes.append(change.hash)
            changeStarts.append(nextLV)
            changeAuthors.append(author)
            changeCounters.append(startCounter)
            seqs[author] = seq
            counters[author] = startCounter + UInt64(opLV - nextLV)
            nextLV = opLV
        }
        for column in [
            authorColumn, lamportColumn, wallColumn, dependencyColumn, opCountColumn, kindColumn, lengthColumn,
            leftColumn, rightColumn, targetColumn, registerColumn,
        ] {
            try column.expectEnd("column")
        }
        guard scalarOffset == scalarCount else {
            throw .trailingBytes(
                field: "content column", offset: contentColumn.position, count: scalarCount - scalarOffset)
        }
        deleted.append(contentsOf: repeatElement(false, count: max(0, document.content.count - deleted.count)))
        document.sequence = try decodeState(content: document.content, inserts: inserts, deleted: deleted)
    }

    /// One insertion of the history, in LV form: where each character's origins come from.
    struct InsertSpan {
        var lv: Int32
        var length: Int32
        var left: Int32
        var right: Int32
    }

    /// Rebuilds the text from the state snapshot, checking it against the history: every
    /// character appears exactly once, with the deletion state and origins the history gives it.
    mutating func decodeState(content: [UInt32], inserts: [InsertSpan], deleted: [Bool]) throws(BinaryDecodingError)
        -> TextSequence
    {
        let lvCount = content.count
        var covered = [Bool](repeating: false, count: lvCount)
        var characters = 0
        var runs: [ItemRun] = []
        runs.reserveCapacity(stateRunCount)
        var previousEnd: Int64 = 0
        for _ in 0..<stateRunCount {
            let offset = stateLVColumn.position
            func bad(_ reason: String) -> BinaryDecodingError {
                .invalidValue(field: "state run", offset: offset, reason: reason)
            }
            let lv = previousEnd &+ (try stateLVColumn.readSignedVarint("state run LV"))
            let length = Int64(try stateLengthColumn.readCount("state run length", max: lvCount))
            let flag = try stateDeletedColumn.readByte("state run deleted flag")
            guard lv >= 0, length >= 1, lv + length <= Int64(lvCount), flag <= 1 else {
                throw bad("run \(lv)+\(length) outside the history's \(lvCount) operations")
            }
            // The insertion holding the first character.
            var low = 0
            var high = inserts.count
            while low < high {
                let mid = (low + high) / 2
                if Int64(inserts[mid].lv) <= lv { low = mid + 1 } else { high = mid }
            }
            guard low > 0, Int64(inserts[low - 1].lv + inserts[low - 1].length) > lv else {
                throw bad("LV \(lv) is not an inserted character")
            }
            var index = low - 1
            let first = inserts[index]
            let left = Int64(first.lv) == lv ? first.left : Int32(lv) - 1
            let right = first.right
            var k = Int(lv)
            let end = Int(lv + length)
            while k < end {
                if Int(inserts[index].lv + inserts[index].length) <= k {
                    // The run continues into the next insertion: it must follow on directly.
                    index += 1
                    guard index < inserts.count, Int(inserts[index].lv) == k else {
                        throw bad("character \(k) is not an inserted character")
                    }
                    guard inserts[index].left == Int32(k) - 1, inserts[index].right == right else {
                        throw bad("character \(k) does not continue the run")
                    }
                }
                let segmentEnd = min(end, Int(inserts[index].lv + inserts[index].length))
                let wantDeleted = flag == 1
                let problem: Int? = covered.withUnsafeMutableBufferPointer { covered in
                    deleted.withUnsafeBufferPointer { deleted in
                        for j in k..<segmentEnd {
                            if covered[j] || deleted[j] != wantDeleted { return j }
                            covered[j] = true
                        }
                        return nil
                    }
                }
                if let problem {
                    throw bad("character \(problem) appears twice or has the wrong deletion state")
                }
                k = segmentEnd
            }
            characters += Int(length)
            runs.append(
                ItemRun(lv: Int32(lv), length: Int32(length), originLeft: left, originRight: right, deleted: flag == 1))
            previousEnd = lv + length
        }
        for column in [stateLVColumn, stateLengthColumn, stateDeletedColumn] {
            try column.expectEnd("state column")
        }
        let expected = inserts.reduce(0) { $0 + Int($1.length) }
        guard characters == expected else {
            throw .invalidValue(
                field: "state", offset: stateLVColumn.position,
                reason: "snapshot holds \(characters) characters, the history inserted \(expected)")
        }
        return TextSequence(runs: runs, lvCount: lvCount)
    }
}
