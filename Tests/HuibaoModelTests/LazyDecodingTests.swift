import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The lazy load of a checkpoint rebuilds the same state as a full decoding and as the
/// document that wrote it, and its run-at-a-time checks (deletion flags over whole state runs,
/// the snapshot's overlap check on the origin predictor's table) refuse what a check character
/// by character would.
@Suite("Lazy decoding")
struct LazyDecodingTests {
    /// The text state as runs in text order, with origins and deletion states.
    static func runs(of document: Document) -> [ItemRun] {
        var runs: [ItemRun] = []
        document.textSequence.forEachRun { run in
            if let last = runs.last, last.canAppend(run) {
                runs[runs.count - 1].length += run.length
            } else {
                runs.append(run)
            }
        }
        return runs
    }

    /// Everything a lazy load shares with a full decoding of the same bytes.
    static func expectSameState(_ lazy: Document, _ full: Document, _ comment: Comment) {
        #expect(lazy.text == full.text, comment)
        #expect(lazy.content == full.content, comment)
        #expect(runs(of: lazy) == runs(of: full), comment)
        #expect(lazy.registers == full.registers, comment)
        #expect(lazy.heads == full.heads, comment)
        #expect(lazy.versionVector == full.versionVector, comment)
        #expect(lazy.spans == full.spans, comment)
        #expect(lazy.forkedParents == full.forkedParents, comment)
        #expect(lazy.infos == full.infos, comment)
    }

    @Test(
        "random concurrent histories load lazily to the state of a full decoding and of the writer", arguments: 0..<16)
    func lazyEqualsFullAndReplayed(seed: UInt64) throws {
        var simulator = ReplicaSimulator(replicas: 2 + Int(seed % 3), seed: 31_000 + seed)
        try simulator.run(steps: 50 + Int(seed % 4) * 40)
        if seed % 2 == 0 { try simulator.syncAll() }
        for original in simulator.replicas {
            for formatVersion: UInt8 in [2, 3] {
                let bytes = original.encoded(formatVersion: formatVersion)
                let lazy = try Document(decoding: bytes, replica: original.replica, lazily: true)
                let full = try Document(decoding: bytes, replica: original.replica, lazily: false)
                Self.expectSameState(lazy, full, "seed \(seed), format \(formatVersion)")
                #expect(lazy.text == original.text, "seed \(seed), format \(formatVersion)")
                // LVs are canonical once loaded: the writer's own may differ, its text may not.
                #expect(lazy.textLength == original.textLength, "seed \(seed), format \(formatVersion)")
                try lazy.textSequence.checkInvariants()
            }
        }
    }

    @Test("one replica's long typing with deletions loads lazily to the state it was written from")
    func singleReplicaTyping() throws {
        var document = Document(replica: ReplicaID(3))
        var rng = SeededGenerator(seed: 5)
        for step in 0..<400 {
            try RandomEdits.edit(&document, count: 6, wallTime: Int64(step), using: &rng)
        }
        let lazy = try Document(decoding: document.encoded(), replica: ReplicaID(3))
        #expect(lazy.text == document.text)
        #expect(lazy.content == document.content)
        #expect(Self.runs(of: lazy) == Self.runs(of: document))
        // Every deleting LV is in one encoded deletion.
        let deleting = document.content.filter { $0 == Document.deletionMarker }.count
        #expect(deleting > 0)
        #expect(lazy.encodedDeletions.reduce(0) { $0 + Int($1.count) } == deleting)
    }
}
