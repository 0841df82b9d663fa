import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// Document format 3: run-length columns and insert origins predicted from the text order.
@Suite("Document format 3")
struct DocumentFormatThreeTests {
    /// Everything a decoded document must share with the document it was encoded from.
    static func expectEqual(_ decoded: Document, _ original: Document, seed: UInt64) {
        #expect(decoded.text == original.text, "seed \(seed)")
        #expect(decoded.registers == original.registers, "seed \(seed)")
        #expect(decoded.heads == original.heads, "seed \(seed)")
        #expect(decoded.versionVector == original.versionVector, "seed \(seed)")
        #expect(decoded.changeCount == original.changeCount, "seed \(seed)")
        #expect(Set(decoded.changes.map(\.hash)) == Set(original.changes.map(\.hash)), "seed \(seed)")
        #expect(Set(decoded.changes.map(\.encoded)) == Set(original.changes.map(\.encoded)), "seed \(seed)")
    }

    @Test("random documents with concurrent edits and deletes round-trip, synced or not", arguments: 0..<24)
    func concurrentRoundTrip(seed: UInt64) throws {
        var simulator = ReplicaSimulator(replicas: 2 + Int(seed % 4), seed: 9_000 + seed)
        try simulator.run(steps: 60 + Int(seed % 5) * 30)
        if seed % 3 == 0 { try simulator.syncAll() }
        for original in simulator.replicas {
            let bytes = original.encoded()
            #expect(bytes[5] == 3)
            let lazy = try Document(decoding: bytes, replica: original.replica)
            let eager = try Document(decoding: bytes, replica: original.replica, lazily: false)
            Self.expectEqual(lazy, original, seed: seed)
            Self.expectEqual(eager, original, seed: seed)
            try lazy.textSequence.checkInvariants()
            #expect(lazy.encoded() == bytes, "seed \(seed): re-encoding changes the bytes")
            // The older formats hold the same document.
            let two = try Document(decoding: original.encoded(formatVersion: 2), replica: original.replica)
            #expect(two.encoded() == bytes, "seed \(seed)")
        }
    }

    @Test("a single replica's history stores no origin corrections")
    func linearHistoryPredictsOrigins() throws {
        var document = Document(replica: ReplicaID(5))
        var rng = SeededGenerator(seed: 77)
        for step in 0..<200 {
            try RandomEdits.edit(&document, count: 3, wallTime: Int64(step), using: &rng)
        }
        let sections = Dictionary(uniqueKeysWithValues: document.encodedSections().map { ($0.name, $0.bytes) })
        // One run of zeros each: block length, run header, value.
        #expect((sections["insert origin"]?.count ?? .max) <= 4)
        #expect((sections["insert right origin"]?.count ?? .max) <= 4)
        let decoded = try Document(decoding: document.encoded(), replica: ReplicaID(5))
        Self.expectEqual(decoded, document, seed: 77)
    }

    @Test("truncated, bit-flipped and spliced format 3 bodies throw typed errors", arguments: [0, 1])
    func damagedBodies(shard: UInt64) throws {
        var simulator = ReplicaSimulator(replicas: 3, seed: 123 + shard)
        try simulator.run(steps: 80)
        let body = simulator.replicas[0].encodeBody()
        var rng = SeededGenerator(seed: 4_000 + shard)
        var refused = 0
        for round in 0..<3_000 {
            var bytes = body
            switch round % 3 {
            case 0:
                bytes = Array(body[..<Int.random(in: 0..<body.count, using: &rng)])
            case 1:
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(
                        1 << Int.random(in: 0..<8, using: &rng))
                }
            default:
                // Huge run headers and counts.
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.insert(contentsOf: [0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], at: position)
            }
            let decoded: Document
            do {
                decoded = try Document(
                    decoding: Document.envelope(body: bytes, compressed: false), replica: ReplicaID(1))
            } catch {
                #expect(!error.description.isEmpty)
                refused += 1
                continue
            }
            // Accepted: consistent, and its history decodes.
            try decoded.textSequence.checkInvariants()
            #expect(Array(decoded.changes).count == decoded.changeCount)
        }
        #expect(refused > 2_500)
    }

    @Test("a small body announcing a huge history is refused before allocating")
    func hugeCountsAreRefused() throws {
        var writer = ByteWriter()
        writer.writeVarint(0)  // no replicas
        writer.writeVarint(UInt64(1) << 40)  // change count
        let body = writer.bytes + [UInt8](repeating: 0, count: 20)
        let bytes = Document.envelope(body: body, compressed: false)
        #expect(throws: BinaryDecodingError.self) { try Document(decoding: bytes, replica: ReplicaID(1)) }
    }
}
