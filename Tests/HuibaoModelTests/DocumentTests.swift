import HuibaoModel
import HuibaoTestSupport
import Testing

@Suite("Document")
struct DocumentTests {
    /// A document with three changes by one replica, each depending on the previous.
    static func chain() throws -> Document {
        var document = Document(replica: ReplicaID(1))
        try document.insert("根据要求", at: 0)
        document.commit(wallTime: 1)
        try document.insert("，现将工作汇报如下：", at: 4)
        document.commit(wallTime: 2)
        try document.delete(at: 4, count: 1)
        document.setRegister("title", to: .text("上半年工作汇报"))
        document.commit(wallTime: 3)
        return document
    }

    @Test("a change is held back until its dependencies arrive, then applied")
    func causalHoldBack() throws {
        let source = try Self.chain()
        var target = Document(replica: ReplicaID(2))
        let outcome = try target.apply([source.changes[2], source.changes[1]])
        #expect(outcome.applied.isEmpty)
        #expect(outcome.waiting.count == 2)
        #expect(target.text.isEmpty)
        let second = try target.apply([source.changes[0]])
        #expect(second.applied.count == 3)
        #expect(target.waitingChanges.isEmpty)
        #expect(target.text == source.text)
        #expect(target.heads == source.heads)
    }

    @Test("duplicates and re-deliveries are ignored")
    func duplicatesIgnored() throws {
        let source = try Self.chain()
        var target = Document(replica: ReplicaID(2))
        try target.apply(source.changes)
        let outcome = try target.apply(Array(source.changes) + source.changes)
        #expect(outcome.duplicates == 6)
        #expect(outcome.applied.isEmpty)
        #expect(target.text == source.text)
    }

    @Test("a batch with an invalid change is refused whole")
    func invalidBatchIsAtomic() throws {
        let source = try Self.chain()
        var target = Document(replica: ReplicaID(2))
        // A change that deletes a character nobody inserted.
        let forged = Change(
            author: ReplicaID(1), seq: 4, startCounter: 200, lamport: 4, wallTime: 4, dependencies: source.heads,
            operations: [.deleteText(start: OpID(replica: ReplicaID(9), counter: 0), count: 1)])
        #expect(throws: DocumentError.self) { try target.apply(source.changes + [forged]) }
        #expect(target.changes.isEmpty)
        #expect(target.text.isEmpty)
        try target.apply(source.changes)
        #expect(target.text == source.text)
    }

    @Test("a change that skips a seq or reuses operation ids is refused", arguments: [(5, 14), (4, 3)])
    func wrongSeqOrCounter(seq: UInt64, counter: UInt64) throws {
        let source = try Self.chain()
        var target = source.forked(as: ReplicaID(2))
        let bad = Change(
            author: ReplicaID(1), seq: seq, startCounter: counter, lamport: 10, wallTime: 0,
            dependencies: source.heads, operations: [.insertText(after: nil, before: nil, text: "x")])
        #expect(throws: DocumentError.self) { try target.apply([bad]) }
        #expect(target.text == source.text)
    }

    @Test("the document encoding round-trips history, text and registers")
    func encodingRoundTrip() throws {
        var simulator = ReplicaSimulator(replicas: 3, seed: 42)
        try simulator.run(steps: 60)
        try simulator.syncAll()
        let original = simulator.replicas[0]
        for compressed in [true, false] {
            let bytes = original.encoded(compressed: compressed)
            let decoded = try Document(decoding: bytes, replica: ReplicaID(99))
            #expect(decoded.text == original.text)
            #expect(decoded.heads == original.heads)
            #expect(decoded.versionVector == original.versionVector)
            #expect(decoded.registers == original.registers)
            #expect(Set(decoded.changes.map(\.hash)) == Set(original.changes.map(\.hash)))
            #expect(decoded.encoded(compressed: compressed) == bytes)
        }
    }

    @Test("an empty document encodes and decodes")
    func emptyDocument() throws {
        let bytes = Document(replica: ReplicaID(1)).encoded()
        let decoded = try Document(decoding: bytes, replica: ReplicaID(2))
        #expect(decoded.text.isEmpty)
        #expect(decoded.changes.isEmpty)
    }

    @Test("local edits continue after decoding, as a new replica")
    func editAfterDecoding() throws {
        let source = try Self.chain()
        var copy = try Document(decoding: source.encoded(), replica: ReplicaID(2))
        try copy.insert("2023年", at: 0)
        let committed = copy.commit(wallTime: 5)
        let change = try #require(committed)
        #expect(change.dependencies == source.heads)
        var back = source
        try back.apply([change])
        #expect(back.text == "2023年根据要求现将工作汇报如下：")
    }
}
