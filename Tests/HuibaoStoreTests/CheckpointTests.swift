import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoSQLite
import HuibaoTestSupport
import Testing

@testable import HuibaoStore

/// The checkpoint a read writes after many appended changes holds exactly the document the log
/// builds, and a damaged log row is still refused.
@Suite("Checkpoints after appended changes")
struct CheckpointTests {
    static let id = LazyLoadTests.id

    /// The stored checkpoint of report `id`, decoded fully (every change rebuilt and hashed, the
    /// recorded heads checked against the hashes), and the number of changes it is for.
    static func checkpoint(_ workspace: Workspace) throws -> (document: Document, count: Int) {
        let select = try workspace.connection.prepare("SELECT document, snapshot_count FROM reports WHERE id = ?")
        try select.bind([.text(id)])
        _ = try select.step()
        let document = try Document(decoding: select.blob(0), replica: workspace.replica, lazily: false)
        return (document, Int(select.int(1)))
    }

    /// Appends to the workspace's report random concurrent edits of three replicas that sync
    /// now and then, merged in a causal order, then a single line of `tail` changes of the
    /// workspace's own replica.
    ///
    /// - Returns: the document holding everything appended.
    static func appendHistory(to workspace: Workspace, tail: Int, using rng: inout SeededGenerator) throws
        -> Document
    {
        var merged = try workspace.load(id).document
        var replicas = [merged] + (1...2).map { merged.forked(as: ReplicaID(UInt64($0) << 40)) }
        for round in 0..<60 {
            let one = Int.random(in: 0..<replicas.count, using: &rng)
            try RandomEdits.edit(
                &replicas[one], count: Int.random(in: 1...4, using: &rng), wallTime: Int64(round), using: &rng)
            if round % 7 == 6 {
                let other = (one + 1) % replicas.count
                var (a, b) = (replicas[one], replicas[other])
                try Document.exchange(&a, &b)
                (replicas[one], replicas[other]) = (a, b)
            }
        }
        let logged = merged.changeCount
        for replica in replicas { try merged.apply(replica.changes) }
        try workspace.append(Array(merged.changes.dropFirst(logged)), to: id)
        var batch: [Change] = []
        for round in 0..<tail {
            try RandomEdits.edit(&merged, count: 1, wallTime: Int64(1000 + round), using: &rng)
            batch.append(merged.changes[merged.changeCount - 1])
            if batch.count == 50 || round == tail - 1 {
                try workspace.append(batch, to: id)
                batch.removeAll()
            }
        }
        return merged
    }

    @Test(
        "a checkpoint after concurrent branches and a long single line of appended changes holds the document the log builds",
        arguments: [1, 2, 3, 4] as [UInt64])
    func checkpointHoldsTheLoggedDocument(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        let merged = try Self.appendHistory(to: workspace, tail: 400 + Int(seed) * 100, using: &rng)
        let logged = try workspace.changes(of: Self.id)

        // The slow way: every logged change verified, applied in a shuffled order (held until
        // its dependencies arrive).
        var slow = Document(replica: workspace.replica)
        try slow.apply(logged.shuffled(using: &rng))
        #expect(slow.waitingChanges.isEmpty)

        let text = try workspace.renderedText(of: Self.id)
        let (checkpoint, count) = try Self.checkpoint(workspace)
        #expect(count == logged.count)
        #expect(text == ReportDocument(document: slow).snapshot().text)
        #expect(checkpoint.text == slow.text && checkpoint.text == merged.text)
        #expect(checkpoint.heads == slow.heads)
        #expect(checkpoint.versionVector == slow.versionVector)
        #expect(Set(checkpoint.changes.map(\.hash)) == Set(logged.map(\.hash)))
        #expect(checkpoint.encoded() == slow.encoded())
        #expect(try workspace.view(of: Self.id) == ReportView(ReportDocument(document: slow)))
        try workspace.verify()
    }

    /// Replaces the bytes of the logged change at `position` of report `id`.
    static func overwrite(_ workspace: Workspace, position: Int, with bytes: [UInt8]) throws {
        try workspace.connection.prepare("UPDATE changes SET bytes = ? WHERE report = ? AND position = ?").bind([
            .blob(bytes), .text(id), .integer(Int64(position)),
        ]).run()
    }

    @Test(
        "a logged change whose bytes no longer have their stored hash is refused by verify, one that does not decode by reading"
    )
    func damagedLogRowsAreRefused() throws {
        var rng = SeededGenerator(seed: 7)
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        _ = try Self.appendHistory(to: workspace, tail: 40, using: &rng)
        let logged = try workspace.changes(of: Self.id)
        let last = logged.count - 1

        // Still a well-formed change, but another one: its stored hash is not its bytes' hash.
        let original = logged[last]
        let other = Change(
            author: original.author, seq: original.seq, startCounter: original.startCounter,
            lamport: original.lamport, wallTime: original.wallTime + 1, dependencies: original.dependencies,
            operations: original.operations)
        try Self.overwrite(workspace, position: last, with: other.encoded)
        #expect {
            try workspace.verify()
        } throws: { error in
            guard case StoreError.corrupt(let message) = error else { return false }
            return message.contains(Self.id)
        }

        // Bytes that do not decode: reading the report refuses them and writes nothing.
        try Self.overwrite(workspace, position: last, with: Array(original.encoded.dropLast()))
        #expect {
            _ = try workspace.renderedText(of: Self.id)
        } throws: { error in
            guard case StoreError.corrupt(let message) = error else { return false }
            return message.contains(Self.id)
        }
        #expect(try Self.checkpoint(workspace).count < logged.count)
    }

    @Test("a logged change that decodes but does not follow the log is refused by reading, with its reason")
    func unappliableLogRowIsRefused() throws {
        var rng = SeededGenerator(seed: 11)
        let workspace = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        _ = try WorkspaceTests.imported(into: workspace)
        _ = try Self.appendHistory(to: workspace, tail: 40, using: &rng)
        let logged = try workspace.changes(of: Self.id)
        let last = logged.count - 1
        let original = logged[last]
        // Well formed, its stored hash its own, but one seq too far for its author.
        let skipping = Change(
            author: original.author, seq: original.seq + 1, startCounter: original.startCounter,
            lamport: original.lamport, wallTime: original.wallTime, dependencies: original.dependencies,
            operations: original.operations)
        try Self.overwrite(workspace, position: last, with: skipping.encoded)
        try workspace.connection.prepare("UPDATE changes SET hash = ? WHERE report = ? AND position = ?").bind([
            .blob(skipping.hash.bytes), .text(Self.id), .integer(Int64(last)),
        ]).run()
        #expect {
            _ = try workspace.renderedText(of: Self.id)
        } throws: { error in
            guard case StoreError.corrupt(let message) = error else { return false }
            return message.contains(Self.id) && message.contains("expected seq \(original.seq)")
        }
        #expect(try Self.checkpoint(workspace).count < logged.count)
    }
}
