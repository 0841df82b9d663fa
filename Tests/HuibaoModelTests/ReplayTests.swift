import HuibaoModel
import HuibaoTestSupport
import Testing

@Suite("Replaying changes under a new replica id")
struct ReplayTests {
    /// A shared base, then two copies with the same replica id each editing on their own.
    static func divergedCopies(seed: UInt64) throws -> (base: Document, a: Document, b: Document, rng: SeededGenerator)
    {
        var rng = SeededGenerator(seed: seed)
        var base = Document(replica: ReplicaID(1))
        for step in 0..<5 { try RandomEdits.edit(&base, count: 4, wallTime: Int64(step), using: &rng) }
        var a = base
        var b = base
        for step in 0..<4 {
            try RandomEdits.edit(&a, count: 3, wallTime: Int64(10 + step), using: &rng)
            try RandomEdits.edit(&b, count: 3, wallTime: Int64(20 + step), using: &rng)
        }
        return (base, a, b, rng)
    }

    @Test(
        "a copy's unsynced changes replayed under a new id read the same and merge with the original", arguments: 0..<40
    )
    func rekeyedCopyConverges(seed: UInt64) throws {
        var (base, a, b, _) = try Self.divergedCopies(seed: seed)
        // b cannot join a as it is: the same author and seq name different changes.
        #expect(throws: DocumentError.self) { try a.apply(b.changes(notIn: base.versionVector)) }
        var rekeyed = base.forked(as: ReplicaID(2))
        let outcome = try rekeyed.replay(b.changes(notIn: base.versionVector), rekeying: [ReplicaID(1)])
        #expect(outcome.rewritten.count == b.changes.count - base.changes.count)
        #expect(rekeyed.text == b.text)
        #expect(rekeyed.registers.mapValues(\.values) == b.registers.mapValues(\.values))
        try Document.exchange(&a, &rekeyed)
        #expect(a.text == rekeyed.text)
        #expect(a.heads == rekeyed.heads)
    }

    @Test("dropping a change replays the later ones without it; the result merges", arguments: 0..<40)
    func droppedChangeLeavesTheRest(seed: UInt64) throws {
        var (base, a, b, rng) = try Self.divergedCopies(seed: seed)
        let unsynced = b.changes(notIn: base.versionVector)
        let dropped = unsynced[Int.random(in: 0..<unsynced.count, using: &rng)]
        var rebuilt = base.forked(as: ReplicaID(3))
        let outcome = try rebuilt.replay(unsynced, rekeying: [ReplicaID(1)], dropping: [dropped.hash])
        #expect(outcome.dropped.contains(dropped.hash))
        #expect(!rebuilt.contains(dropped.hash))
        #expect(outcome.rewritten.count + outcome.dropped.count == unsynced.count)
        if dropped == unsynced.last { #expect(rebuilt.text == Document.replaying(unsynced.dropLast(), on: base)) }
        try Document.exchange(&a, &rebuilt)
        #expect(a.text == rebuilt.text)
    }
}

extension Document {
    /// The text of `base` with `changes` applied as they are.
    static func replaying(_ changes: some Sequence<Change>, on base: Document) -> String {
        var copy = base
        _ = try? copy.apply(changes)
        return copy.text
    }
}
