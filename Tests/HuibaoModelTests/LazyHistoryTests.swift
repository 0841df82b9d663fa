import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// Loading a checkpoint builds the state and leaves the history encoded until something reads
/// it: the result must be indistinguishable from a full decoding.
@Suite("Lazy history")
struct LazyHistoryTests {
    /// Replicas that edited, exchanged partial batches and reopened, some synced fully.
    static func replicas(seed: UInt64, steps: Int = 80, sync: Bool) throws -> [Document] {
        var simulator = ReplicaSimulator(replicas: 3, seed: seed)
        try simulator.run(steps: steps)
        if sync { try simulator.syncAll() }
        return simulator.replicas
    }

    static func expectSameState(_ lazy: Document, _ eager: Document) {
        #expect(lazy.text == eager.text)
        #expect(lazy.registers == eager.registers)
        #expect(lazy.heads == eager.heads)
        #expect(lazy.versionVector == eager.versionVector)
        #expect(lazy.changeCount == eager.changeCount)
        #expect(lazy.isHistoryLinear == eager.isHistoryLinear)
        #expect((0..<lazy.changeCount).map(lazy.changeInfo(at:)) == (0..<eager.changeCount).map(eager.changeInfo(at:)))
    }

    @Test(
        "a lazily loaded document equals the fully decoded one, before and after its history is read", arguments: 1...12
    )
    func lazyEqualsEager(seed: UInt64) throws {
        for document in try Self.replicas(seed: seed, sync: seed % 2 == 0) where document.changeCount > 0 {
            let bytes = document.encoded()
            let lazy = try Document(decoding: bytes, replica: document.replica)
            let eager = try Document(decoding: bytes, replica: document.replica, lazily: false)
            #expect(!lazy.isHistoryMaterialised)
            #expect(eager.isHistoryMaterialised)
            Self.expectSameState(lazy, eager)
            #expect(lazy.text == document.text && lazy.heads == document.heads)
            #expect(lazy.versionVector == document.versionVector)
            #expect(lazy.textSequence.runTotal == eager.textSequence.runTotal)
            // Reading the history decodes it once, in the body's (canonical) order.
            #expect(Array(lazy.changes) == Array(eager.changes))
            #expect(lazy.isHistoryMaterialised)
            #expect(Set(lazy.changes.map(\.hash)) == Set(document.changes.map(\.hash)))
            for change in document.changes {
                #expect(lazy.contains(change.hash))
                #expect(lazy.changeIndex(of: change.hash) == eager.changeIndex(of: change.hash))
            }
            #expect(lazy.encoded() == bytes)
        }
    }

    @Test(
        "edits and remote changes on a lazily loaded document give the bytes they give on a decoded one",
        arguments: 1...8)
    func lazyEditsMatchEager(seed: UInt64) throws {
        let replicas = try Self.replicas(seed: seed, sync: false)
        let bytes = replicas[0].encoded()
        var lazy = try Document(decoding: bytes, replica: replicas[0].replica)
        var eager = try Document(decoding: bytes, replica: replicas[0].replica, lazily: false)
        var rngLazy = SeededGenerator(seed: seed)
        var rngEager = SeededGenerator(seed: seed)
        for step in 0..<5 {
            try RandomEdits.edit(&lazy, count: 3, wallTime: Int64(step), using: &rngLazy)
            try RandomEdits.edit(&eager, count: 3, wallTime: Int64(step), using: &rngEager)
        }
        // Local edits build on the heads: the history stays encoded.
        #expect(!lazy.isHistoryMaterialised || lazy.changeCount == 0)
        #expect(lazy.text == eager.text && lazy.heads == eager.heads)
        for other in replicas.dropFirst() {
            let batch = other.changes(notIn: eager.versionVector)
            let lazyOutcome = try lazy.apply(batch)
            let eagerOutcome = try eager.apply(batch)
            #expect(lazyOutcome == eagerOutcome)
        }
        Self.expectSameState(lazy, eager)
        #expect(lazy.encoded() == eager.encoded())
    }

    @Test("reading state, local edits and new remote changes made on the heads leave the history encoded")
    func materialisesOnlyWhenNeeded() throws {
        var source = Document(replica: ReplicaID(1))
        for k in 0..<50 {
            try source.insert("第\(k)条。", at: source.textLength)
            source.setRegister("值", to: .integer(Int64(k)))
            source.commit(wallTime: Int64(k))
        }
        var remote = source.forked(as: ReplicaID(2))
        var document = try Document(decoding: source.encoded(), replica: ReplicaID(1))
        _ = document.text
        _ = document.heads
        _ = document.versionVector
        _ = document.registers
        _ = document.changeCount
        _ = document.characterID(at: 3)
        #expect(document.contains(try #require(source.heads.first)))
        #expect(document.changes(notIn: source.versionVector).isEmpty)
        #expect(!document.isHistoryMaterialised)
        // A local edit, committed: it depends on the heads, known without decoding.
        try document.insert("新增。", at: 0)
        try document.delete(at: 10, count: 2)
        document.setRegister("值", to: .integer(99))
        let committed = document.commit(wallTime: 100)
        let local = try #require(committed)
        #expect(!document.isHistoryMaterialised)
        // A remote change made on the same heads, then a duplicate of ours.
        try remote.insert("远程。", at: remote.textLength)
        let sent = remote.commit(wallTime: 101)
        let incoming = try #require(sent)
        let outcome = try document.apply([incoming, local])
        #expect(outcome.applied == [incoming.hash] && outcome.duplicates == 1)
        #expect(!document.isHistoryMaterialised)
        #expect(document.changeInfo(at: document.changeCount - 1).author == ReplicaID(2))
        // Reading the history decodes it, for every copy sharing it.
        let copy = document
        #expect(document.changes.count == 52)
        #expect(document.changes[3].author == ReplicaID(1))
        #expect(copy.isHistoryMaterialised)
        // A duplicate of an old change is recognised (its seq is not new: the hash is looked up).
        var again = try Document(decoding: source.encoded(), replica: ReplicaID(3))
        #expect(try again.apply([source.changes[10]]).duplicates == 1)
        #expect(again.isHistoryMaterialised)
    }

    @Test("version 1 documents still decode, fully, to the same document")
    func versionOneStillDecodes() throws {
        for document in try Self.replicas(seed: 21, sync: true) {
            let old = document.encoded(formatVersion: 1)
            #expect(old[5] == 1)
            let decoded = try Document(decoding: old, replica: document.replica)
            #expect(decoded.isHistoryMaterialised)
            let current = try Document(decoding: document.encoded(), replica: document.replica, lazily: false)
            Self.expectSameState(decoded, current)
            #expect(Array(decoded.changes) == Array(current.changes))
            #expect(decoded.encoded() == document.encoded())
        }
    }

    @Test(
        "damaged version 2 bodies behind a valid checksum are refused, or decode lazily and fully alike",
        arguments: [0, 1])
    func damagedVersionTwoBodies(shard: UInt64) throws {
        let document = try Self.replicas(seed: 5, steps: 60, sync: true)[0]
        let body = document.encodeBody()
        var rng = SeededGenerator(seed: 3000 + shard)
        var accepted = 0
        for round in 0..<4_000 {
            var bytes = body
            // Half the damage lands in the tail (state and heads sections).
            let tail = max(0, body.count - 200)
            let range = round % 2 == 0 ? tail..<body.count : 0..<body.count
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                bytes = Array(body[..<Int.random(in: range, using: &rng)])
            case 1:
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    bytes[Int.random(in: range, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                }
            default:
                bytes[Int.random(in: range, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            let wrapped = Document.envelope(body: bytes, compressed: round % 3 == 0)
            guard let lazy = try? Document(decoding: wrapped, replica: ReplicaID(1)) else { continue }
            accepted += 1
            // Accepted: the full decoding cannot fail, and agrees on everything but head hashes
            // (which only the checksum protects).
            let changes = Array(lazy.changes)
            #expect(changes.count == lazy.changeCount)
            #expect(changes.map { ChangeInfo($0) } == (0..<lazy.changeCount).map(lazy.changeInfo(at:)))
            try lazy.textSequence.checkInvariants()
            let again = try Document(decoding: lazy.encoded(), replica: ReplicaID(2))
            #expect(again.text == lazy.text)
        }
        #expect(accepted < 4_000)
    }
}
