import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The causal graph a document keeps without its decoded history (which changes are concurrent
/// with others, which deleted what) must answer as the decoded history does.
@Suite("Causal graph without the history")
struct CausalGraphTests {
    /// The indexes of the changes concurrent with at least one other, from the decoded history.
    static func concurrentByClocks(_ document: Document) -> [Int] {
        var clocks = CausalClocks(document)
        let count = document.changeCount
        return (0..<count).filter { a in (0..<count).contains { b in a != b && clocks.concurrent(a, b) } }
    }

    /// Every character deleted by the changes at `indexes`, from their decoded operations.
    static func deletionsByOperations(_ document: Document, _ indexes: Set<Int>) -> [Int32: [Int]] {
        var deletedBy: [Int32: [Int]] = [:]
        for index in indexes.sorted() {
            for case .deleteText(let start, let count) in document.changes[index].operations {
                for k in 0..<count {
                    let id = OpID(replica: start.replica, counter: start.counter + UInt64(k))
                    if let lv = document.lv(of: id) { deletedBy[lv, default: []].append(index) }
                }
            }
        }
        return deletedBy
    }

    /// Checks a document's graph answers against its decoded history; `lazy` documents must
    /// answer before decoding it.
    static func check(_ document: Document, lazy: Bool) {
        let concurrent = document.changesConcurrentWithOthers()
        let pairs = (0..<document.changeCount).flatMap { a in (0..<document.changeCount).map { (a, $0) } }
        let graphAnswers = pairs.map { document.areConcurrent($0.0, $0.1) }
        let deletions = document.textDeletions(by: Set(0..<document.changeCount))
        if lazy { #expect(!document.isHistoryMaterialised, "answering decoded the history") }
        #expect(concurrent == concurrentByClocks(document))
        var clocks = CausalClocks(document)
        #expect(graphAnswers == pairs.map { $0.0 != $0.1 && clocks.concurrent($0.0, $0.1) })
        #expect(deletions == deletionsByOperations(document, Set(0..<document.changeCount)))
    }

    @Test("concurrent changes and deletions match the decoded history, applied and lazily loaded", arguments: 1...10)
    func matchesDecodedHistory(seed: UInt64) throws {
        var simulator = ReplicaSimulator(replicas: 3, seed: seed)
        try simulator.run(steps: 60)
        if seed % 2 == 0 { try simulator.syncAll() }
        var rng = SeededGenerator(seed: seed &+ 99)
        for document in simulator.replicas where document.changeCount > 0 {
            Self.check(document, lazy: false)
            var loaded = try Document(decoding: document.encoded(), replica: document.replica)
            Self.check(loaded, lazy: true)
            // Changes applied on top of the load (a workspace's log tail), local and remote.
            try RandomEdits.edit(&loaded, count: 2, wallTime: 9, using: &rng)
            let other = simulator.replicas.first { $0.replica != document.replica } ?? document
            try loaded.apply(other.changes(notIn: loaded.versionVector))
            Self.check(loaded, lazy: false)
        }
    }

    @Test("in a long line of changes with one late fork only the changes after the fork are concurrent")
    func lateFork() throws {
        var document = Document(replica: ReplicaID(1))
        for k in 0..<300 {
            try document.insert("字", at: k)
            document.commit(wallTime: Int64(k))
        }
        var other = document.forked(as: ReplicaID(2))
        try document.insert("甲", at: 0)
        document.commit(wallTime: 400)
        try other.insert("乙", at: 10)
        other.commit(wallTime: 401)
        try document.apply(other.changes(notIn: document.versionVector))
        try document.insert("丙", at: 3)
        document.commit(wallTime: 402)
        #expect(document.changesConcurrentWithOthers() == [300, 301])
        let loaded = try Document(decoding: document.encoded(), replica: ReplicaID(1))
        #expect(loaded.changesConcurrentWithOthers() == [300, 301])
        #expect(!loaded.isHistoryMaterialised)
        #expect(!loaded.areConcurrent(299, 302) && loaded.areConcurrent(300, 301))
    }
}
