import Foundation
import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// Documents written by earlier builds, stored as golden bytes (Fixtures/Documents): every
/// format version this build reads must still decode to the document it was written from.
///
/// Each fixture `NAME.hbdoc` has a `NAME.expected.txt` beside it, a summary of the document it
/// was written from (heads, version vector, change hashes, registers, text). Set
/// `HUIBAO_WRITE_DOCUMENT_FIXTURES` to the fixture directory to write the fixtures of the
/// current build's older-format writers again (only when adding a fixture: the point of the
/// stored ones is that they were written by the code of their time).
@Suite("Document format fixtures")
struct DocumentFormatFixtureTests {
    /// A stored document: what it is made of, and the format it was written in.
    struct Fixture: CustomTestStringConvertible, Sendable {
        var name: String
        var formatVersion: UInt8
        var compressed: Bool
        var source: @Sendable () throws -> Document

        var testDescription: String { name }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Documents")

    /// One replica writing a short Chinese report over several changes: insertions, deletions,
    /// register writes and an overwritten register.
    static func singleReplica() throws -> Document {
        var document = Document(replica: ReplicaID(0x1234_5678_9ABC))
        try document.insert("二〇二五年上半年工作汇报\n", at: 0)
        document.setRegister("title", to: .text("上半年汇报"))
        document.commit(wallTime: 1_750_000_000_000)
        try document.insert("一、党风廉政建设：开展约谈12次，涉及34人。\n", at: document.textLength)
        try document.insert("二、其他工作𠀀。\n", at: document.textLength)
        document.commit(wallTime: 1_750_000_060_000)
        try document.delete(at: 2, count: 3)
        try document.insert("二五", at: 2)
        document.setRegister("title", to: .text("二〇二五年上半年汇报"))
        document.setRegister("值", to: .integer(-7))
        document.commit(wallTime: 1_750_000_120_000)
        for k in 0..<20 {
            try document.insert("第\(k)条", at: document.textLength - 1)
            if k % 3 == 0 { try document.delete(at: document.textLength - 3, count: 1) }
            document.commit(wallTime: 1_750_000_180_000 + Int64(k) * 1000)
        }
        document.setRegister("period", to: .missing)
        document.commit(wallTime: 1_750_000_999_000)
        return document
    }

    /// Four replicas that edited concurrently with random partial deliveries, then synced fully.
    static func concurrentSynced() throws -> Document {
        var simulator = ReplicaSimulator(replicas: 4, seed: 42)
        try simulator.run(steps: 120)
        try simulator.syncAll()
        return simulator.replicas[1]
    }

    /// A replica of a concurrent run that never synced fully: several heads, changes of others
    /// it has only in part.
    static func concurrentPartial() throws -> Document {
        var simulator = ReplicaSimulator(replicas: 3, seed: 1977)
        try simulator.run(steps: 90)
        return simulator.replicas[2]
    }

    static let fixtures: [Fixture] = [
        Fixture(name: "single-replica-v1", formatVersion: 1, compressed: true, source: singleReplica),
        Fixture(name: "single-replica-v2", formatVersion: 2, compressed: true, source: singleReplica),
        Fixture(name: "concurrent-synced-v1", formatVersion: 1, compressed: true, source: concurrentSynced),
        Fixture(name: "concurrent-synced-v2", formatVersion: 2, compressed: true, source: concurrentSynced),
        Fixture(name: "concurrent-synced-v2-plain", formatVersion: 2, compressed: false, source: concurrentSynced),
        Fixture(name: "concurrent-partial-v2", formatVersion: 2, compressed: true, source: concurrentPartial),
        Fixture(name: "single-replica-v3", formatVersion: 3, compressed: true, source: singleReplica),
        Fixture(name: "concurrent-synced-v3", formatVersion: 3, compressed: true, source: concurrentSynced),
        Fixture(name: "concurrent-partial-v3", formatVersion: 3, compressed: true, source: concurrentPartial),
    ]

    /// What a decoded document must agree on with the document it was written from.
    static func summary(of document: Document) -> String {
        var lines: [String] = []
        lines.append("heads: " + document.heads.map(\.description).joined(separator: " "))
        lines.append("version vector: \(document.versionVector)")
        lines.append("changes: \(document.changeCount)")
        for hash in document.changes.map(\.hash).sorted() { lines.append("change: \(hash)") }
        for key in document.registers.keys.sorted() {
            let entries = document.registers[key]?.entries ?? []
            lines.append(
                "register \(key): "
                    + entries.map { "\($0.id) \($0.lamport) \($0.value)" }.joined(separator: " | "))
        }
        lines.append("text:")
        lines.append(document.text)
        return lines.joined(separator: "\n") + "\n"
    }

    static func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    @Test(
        "documents written by earlier builds decode lazily and fully to the documents they were written from",
        arguments: fixtures)
    func storedDocumentsDecode(fixture: Fixture) throws {
        let bytes = try Self.read(fixture.name + ".hbdoc")
        let expected = String(decoding: try Self.read(fixture.name + ".expected.txt"), as: UTF8.self)
        #expect(bytes[5] == fixture.formatVersion)
        let lazy = try Document(decoding: bytes, replica: ReplicaID(77))
        let eager = try Document(decoding: bytes, replica: ReplicaID(77), lazily: false)
        #expect(Self.summary(of: lazy) == expected)
        #expect(Self.summary(of: eager) == expected)
        #expect(Array(lazy.changes) == Array(eager.changes))
        try lazy.textSequence.checkInvariants()
        // The same changes give the same document, however it was stored.
        let source = try fixture.source()
        #expect(Self.summary(of: source) == expected)
        // This build's writer of that format still writes exactly those bytes.
        #expect(source.encoded(formatVersion: fixture.formatVersion, compressed: fixture.compressed) == bytes)
        #expect(lazy.encoded() == source.encoded())
        #expect(Set(lazy.changes.map(\.encoded)) == Set(source.changes.map(\.encoded)))
        // It keeps working: a local edit and a round trip through the current format.
        var edited = lazy
        try edited.insert("续", at: edited.textLength)
        edited.commit(wallTime: 1)
        let again = try Document(decoding: edited.encoded(), replica: ReplicaID(78))
        #expect(again.text == edited.text && again.heads == edited.heads)
    }

    @Test(
        "writes the fixtures again when asked",
        .enabled(if: Environment.value("HUIBAO_WRITE_DOCUMENT_FIXTURES") != nil))
    func writeFixtures() throws {
        let directory = URL(fileURLWithPath: try #require(Environment.value("HUIBAO_WRITE_DOCUMENT_FIXTURES")))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for fixture in Self.fixtures {
            let document = try fixture.source()
            let bytes = document.encoded(formatVersion: fixture.formatVersion, compressed: fixture.compressed)
            try Data(bytes).write(to: directory.appendingPathComponent(fixture.name + ".hbdoc"))
            try Data(Self.summary(of: document).utf8).write(
                to: directory.appendingPathComponent(fixture.name + ".expected.txt"))
        }
    }
}
