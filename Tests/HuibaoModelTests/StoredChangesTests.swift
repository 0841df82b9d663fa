import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// A change log's tail applied straight from its stored bytes (as a store loads a report) must
/// give exactly the document that applying the decoded changes gives: state, history, the
/// checkpoint written from it, and the same refusals.
@Suite("Changes applied from their stored bytes")
struct StoredChangesTests {
    /// A checkpoint of the first `split` changes of `document`'s history, loaded lazily as a
    /// store loads it, and the rest of the history as a store keeps it.
    static func checkpointAndTail(of document: Document, split: Int) throws -> (
        checkpoint: Document, tail: [EncodedChange]
    ) {
        let changes = Array(document.changes)
        var prefix = Document(replica: document.replica)
        try prefix.apply(changes[..<split])
        let checkpoint = try Document(decoding: prefix.encoded(), replica: document.replica)
        return (checkpoint, changes[split...].map { EncodedChange(stored: $0.encoded, hash: $0.hash) })
    }

    /// The changes of a stored tail, decoded.
    static func decoded(_ tail: [EncodedChange]) throws -> [Change] {
        try tail.map { try Change(stored: $0.bytes, hash: $0.hash) }
    }

    /// Documents of three replicas that edited (insertions, deletions, register writes) and
    /// exchanged partial batches; with `sync`, each holding everything.
    static func replicas(seed: UInt64, sync: Bool) throws -> [Document] {
        var simulator = ReplicaSimulator(replicas: 3, seed: seed)
        try simulator.run(steps: 120)
        if sync { try simulator.syncAll() }
        return simulator.replicas
    }

    static func expectSameDocument(_ fast: Document, _ slow: Document) {
        LazyHistoryTests.expectSameState(fast, slow)
        #expect(fast.encoded() == slow.encoded())
        #expect(fast.textSequence.runTotal == slow.textSequence.runTotal)
        let all = Set(0..<slow.changeCount)
        #expect(fast.textDeletions(by: all) == slow.textDeletions(by: all))
        #expect(
            (0..<fast.changeCount).map(fast.knownHash(ofChangeAt:))
                == (0..<slow.changeCount).map(slow.knownHash(ofChangeAt:)))
        #expect(Array(fast.changes) == Array(slow.changes))
        for change in slow.changes {
            #expect(fast.changeIndex(of: change.hash) == slow.changeIndex(of: change.hash))
        }
    }

    @Test(
        "a tail of concurrent changes of several replicas, applied from its bytes, gives the document and checkpoint bytes the decoded changes give",
        arguments: 1...16 as ClosedRange<UInt64>)
    func storedTailEqualsDecodedTail(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for document in try Self.replicas(seed: seed, sync: seed % 2 == 0) where document.changeCount > 1 {
            let split = Int.random(in: 0..<document.changeCount, using: &rng)
            let (checkpoint, tail) = try Self.checkpointAndTail(of: document, split: split)
            var fast = checkpoint
            try fast.applyStoredDiscardingOnFailure(tail)
            var slow = checkpoint
            try slow.applyDiscardingOnFailure(Self.decoded(tail))
            // Every change took the path from the bytes: none was decoded to be applied.
            #expect(fast.history.storedCount == tail.count)
            #expect(fast.encoded() == document.encoded())
            // Encoding read what applying recorded, not the changes.
            #expect(fast.history.stored?.isMaterialised == false)
            Self.expectSameDocument(fast, slow)
        }
    }

    @Test(
        "a document with a tail applied from its bytes edits, merges and encodes as one with the decoded tail",
        arguments: 1...8 as ClosedRange<UInt64>)
    func storedTailKeepsWorking(seed: UInt64) throws {
        let replicas = try Self.replicas(seed: seed, sync: false)
        let document = replicas[0]
        let (checkpoint, tail) = try Self.checkpointAndTail(of: document, split: document.changeCount / 3)
        var fast = checkpoint
        try fast.applyStoredDiscardingOnFailure(tail)
        var slow = checkpoint
        try slow.applyDiscardingOnFailure(Self.decoded(tail))
        var rngFast = SeededGenerator(seed: seed)
        var rngSlow = SeededGenerator(seed: seed)
        for step in 0..<4 {
            try RandomEdits.edit(&fast, count: 3, wallTime: Int64(step), using: &rngFast)
            try RandomEdits.edit(&slow, count: 3, wallTime: Int64(step), using: &rngSlow)
        }
        for other in replicas.dropFirst() {
            let batch = other.changes(notIn: slow.versionVector)
            #expect(try fast.apply(batch) == slow.apply(batch))
        }
        Self.expectSameDocument(fast, slow)
        // The checkpoint written from it loads as the one written from the other.
        let reloaded = try Document(decoding: fast.encoded(), replica: fast.replica)
        Self.expectSameDocument(reloaded, try Document(decoding: slow.encoded(), replica: slow.replica))
    }

    @Test(
        "duplicates and changes logged before their dependencies are applied as a decoded batch would be",
        arguments: 1...6 as ClosedRange<UInt64>)
    func unusualTailsFallBack(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let document = try Self.replicas(seed: seed, sync: true)[0]
        let (checkpoint, ordered) = try Self.checkpointAndTail(of: document, split: document.changeCount / 2)
        try #require(ordered.count > 4)
        var tail = ordered
        let middle = tail.count / 2
        tail.insert(tail[middle - 1], at: middle)
        tail.swapAt(middle + 2, middle + 3)
        if seed % 2 == 0 { tail.shuffle(using: &rng) }
        var fast = checkpoint
        try fast.applyStoredDiscardingOnFailure(tail)
        var slow = checkpoint
        try slow.applyDiscardingOnFailure(Self.decoded(tail))
        #expect(fast.waitingChanges == slow.waitingChanges)
        Self.expectSameDocument(fast, slow)
    }

    /// The stored form of a change made by `author` on `document`'s heads, its fields as given
    /// or (by default) valid.
    static func change(
        on document: Document, author: ReplicaID, seq: UInt64? = nil, startCounter: UInt64? = nil,
        lamport: UInt64? = nil, operations: [Operation]
    ) -> EncodedChange {
        EncodedChange(
            Change(
                author: author, seq: seq ?? document.versionVector[author] + 1,
                startCounter: startCounter ?? document.counterEnd(of: author),
                lamport: lamport ?? document.maxLamport + 1, wallTime: 0, dependencies: document.heads,
                operations: operations))
    }

    @Test("a stored change that does not apply is refused with the reason a decoded one is refused with")
    func refusals() throws {
        let document = try Self.replicas(seed: 3, sync: true)[0]
        let (checkpoint, tail) = try Self.checkpointAndTail(of: document, split: document.changeCount / 2)
        let author = document.replica
        let known = document.characterID(at: 0)
        let stranger = OpID(replica: ReplicaID(99), counter: 5)
        let insert = Operation.insertText(after: nil, before: nil, text: "x")
        let bad = [
            Self.change(on: document, author: author, seq: document.versionVector[author] + 2, operations: [insert]),
            Self.change(on: document, author: author, startCounter: 0, operations: [insert]),
            Self.change(on: document, author: author, lamport: 1, operations: [insert]),
            Self.change(
                on: document, author: author, operations: [.insertText(after: stranger, before: nil, text: "x")]),
            Self.change(
                on: document, author: author, operations: [.insertText(after: known, before: stranger, text: "x")]),
            Self.change(on: document, author: author, operations: [.deleteText(start: stranger, count: 1)]),
            Self.change(
                on: document, author: author,
                operations: [
                    .setRegister(key: "k", value: .integer(1), overwrites: []),
                    .deleteText(start: OpID(replica: author, counter: document.counterEnd(of: author)), count: 1),
                ]),
            Self.change(
                on: document, author: author,
                operations: [.setRegister(key: "k", value: .integer(1), overwrites: [known])]),
        ]
        for change in bad {
            let slowError = #expect(throws: DocumentError.self) {
                var slow = checkpoint
                try slow.applyDiscardingOnFailure(Self.decoded(tail + [change]))
            }
            let fastError = #expect(throws: StoredChangeError.self) {
                var fast = checkpoint
                try fast.applyStoredDiscardingOnFailure(tail + [change])
            }
            #expect(fastError == slowError.map { .refused($0) })
        }
    }

    @Test("UTF-8 is accepted and decoded exactly as String(validating:) accepts and decodes it")
    func utf8AsStrings() {
        var inputs: [[UInt8]] = (0...0xFF).map { [UInt8($0)] }
        for a in 0xC0...0xFF {
            for b in 0...0xFF { inputs.append([UInt8(a), UInt8(b)]) }
        }
        for a in 0xE0...0xF4 {
            for b in 0x70...0xCF {
                for c in [0x00, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0] {
                    inputs.append([UInt8(a), UInt8(b), UInt8(c)])
                    inputs.append([UInt8(a), UInt8(b), UInt8(c), 0x80])
                    inputs.append([UInt8(a), UInt8(b), UInt8(c), 0xC0])
                }
            }
        }
        inputs += [Array("汇报如下：ok 🙂".utf8), [0xF4, 0x90, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]]
        for input in inputs {
            var scalars: [UInt32] = []
            let accepted = Document.appendScalars(ofUTF8: input[...], to: &scalars)
            let string = String(validating: input, as: UTF8.self)
            #expect(accepted == (string != nil), "\(input)")
            if let string, accepted { #expect(scalars == string.unicodeScalars.map(\.value), "\(input)") }
        }
    }

    @Test("a stored change that does not decode is refused with its position and the decoding error")
    func undecodableChanges() throws {
        let document = try Self.replicas(seed: 5, sync: true)[0]
        let (checkpoint, tail) = try Self.checkpointAndTail(of: document, split: document.changeCount / 2)
        let valid = Self.change(
            on: document, author: document.replica, operations: [.insertText(after: nil, before: nil, text: "a")])
        var badUTF8 = valid.bytes
        badUTF8[badUTF8.count - 1] = 0xC0
        var overlong = valid.bytes
        overlong[overlong.count - 2] = 2
        overlong[overlong.count - 1] = 0xC1
        overlong.append(0xA1)
        for bytes in [Array(valid.bytes.dropLast()), valid.bytes + [0], badUTF8, overlong, [1, 2]] {
            let expected = #expect(throws: BinaryDecodingError.self) {
                _ = try Change(stored: bytes, hash: valid.hash)
            }
            let error = #expect(throws: StoredChangeError.self) {
                var fast = checkpoint
                try fast.applyStoredDiscardingOnFailure(tail + [EncodedChange(stored: bytes, hash: valid.hash)])
            }
            #expect(error == expected.map { .undecodable(position: tail.count, error: $0) })
        }
    }
}
