import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// `ChangeSummary` reads what `Change` decodes, without building the operations.
@Suite("ChangeSummary")
struct ChangeSummaryTests {
    /// What a summary says, as a value to compare.
    struct Said: Equatable {
        var author: ReplicaID
        var seq: UInt64
        var startCounter: UInt64
        var lamport: UInt64
        var wallTime: Int64
        var isRoot: Bool
        var inserted = 0
        var deleted = 0
        var writes: [ChangeSummary.RegisterWrite] = []
        var width = 0

        init(_ summary: ChangeSummary) {
            (author, seq, startCounter, lamport) = (
                summary.info.author, summary.info.seq, summary.info.startCounter, summary.info.lamport
            )
            (wallTime, isRoot, inserted, deleted) = (
                summary.info.wallTime, summary.info.isRoot, summary.inserted, summary.deleted
            )
            (writes, width) = (summary.registerWrites, summary.width)
        }

        /// What a summary of `change` must say, from its decoded fields.
        init(_ change: Change) {
            (author, seq, startCounter, lamport) = (change.author, change.seq, change.startCounter, change.lamport)
            (wallTime, isRoot, width) = (change.wallTime, change.dependencies.isEmpty, change.width)
            var counter = change.startCounter
            for operation in change.operations {
                switch operation {
                case .insertText: inserted += operation.width
                case .deleteText: deleted += operation.width
                case .setRegister(let key, let value, let overwrites):
                    writes.append(
                        .init(
                            id: OpID(replica: change.author, counter: counter), key: key, value: value,
                            overwrites: overwrites))
                }
                counter += UInt64(operation.width)
            }
        }
    }

    @Test("a summary says what the decoded change says: author, clocks, widths and register writes")
    func summaryMatchesTheChange() throws {
        let sample = ChangeTests.sample()
        #expect(Said(try ChangeSummary(decoding: sample.encoded)) == Said(sample))
        var rng = SeededGenerator(seed: 13)
        var document = Document(replica: ReplicaID(5))
        for round in 0..<60 {
            try RandomEdits.edit(&document, count: 1 + round % 5, wallTime: Int64(round) - 30, using: &rng)
            if round % 3 == 0 {
                document.setRegister("k\(round % 2)", to: .integer(Int64(round)))
                document.commit(wallTime: Int64(round))
            }
        }
        #expect(document.changeCount > 60)
        for change in document.changes {
            #expect(Said(try ChangeSummary(decoding: change.encoded)) == Said(change))
        }
    }

    @Test("every truncation and trailing byte is refused with a typed error, never a trap")
    func hostileInput() {
        let bytes = ChangeTests.sample().encoded
        for length in 0..<bytes.count {
            #expect(throws: BinaryDecodingError.self) { try ChangeSummary(decoding: Array(bytes.prefix(length))) }
        }
        #expect(throws: BinaryDecodingError.self) { try ChangeSummary(decoding: bytes + [0]) }
        // A flipped bit throws or summarises something; it never traps.
        for index in bytes.indices {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[index] ^= 1 << bit
                _ = try? ChangeSummary(decoding: flipped)
            }
        }
    }

    @Test("a change's encoding starts with its author and seq prefix, and no other seq's")
    func encodingPrefix() {
        let change = ChangeTests.sample()
        let prefix = Change.encodingPrefix(author: change.author, seq: change.seq)
        #expect(change.encoded.starts(with: prefix))
        for seq: UInt64 in [1, 2, 4, 300, 1 << 40] {
            #expect(!change.encoded.starts(with: Change.encodingPrefix(author: change.author, seq: seq)))
        }
        #expect(!change.encoded.starts(with: Change.encodingPrefix(author: ReplicaID(7), seq: change.seq)))
    }
}
