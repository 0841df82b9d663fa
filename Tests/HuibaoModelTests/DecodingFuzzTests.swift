import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// Hostile input: truncated, bit-flipped, spliced and random bytes must give a typed error or a
/// valid document, never a trap, a hang or a huge allocation.
@Suite("Decoding hostile input")
struct DecodingFuzzTests {
    static func sampleDocument() throws -> Document {
        var simulator = ReplicaSimulator(replicas: 3, seed: 7)
        try simulator.run(steps: 40)
        try simulator.syncAll()
        return simulator.replicas[0]
    }

    /// Decodes and, if the bytes are accepted, checks the result is self-consistent.
    static func probe(_ bytes: [UInt8]) -> Bool {
        do {
            let document = try Document(decoding: bytes, replica: ReplicaID(1))
            _ = document.text
            // The history of an accepted document decodes too (lazily loaded ones on first read).
            #expect(document.changes.count == document.changeCount)
            _ = Array(document.changes)
            return true
        } catch {
            #expect(!error.description.isEmpty)
            return false
        }
    }

    @Test("100,000 corrupted or random inputs are refused with typed errors", arguments: [0, 1, 2, 3])
    func corruptedInputs(shard: UInt64) throws {
        let document = try Self.sampleDocument()
        let packed = document.encoded()
        let plain = document.encoded(compressed: false)
        let change = document.changes[document.changes.count / 2].encoded
        var rng = SeededGenerator(seed: 1000 + shard)
        var accepted = 0
        for i in 0..<25_000 {
            let base = [packed, plain, change][i % 3]
            var bytes = base
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:
                bytes = Array(base[..<Int.random(in: 0..<base.count, using: &rng)])
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(
                        1 << Int.random(in: 0..<8, using: &rng))
                }
            case 2:
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }, at: position)
            case 3:
                bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            default:
                // Random bytes behind a valid header, with huge length fields.
                bytes =
                    Array(packed[..<7]) + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
                    + (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            if i % 3 == 2 {
                if let decoded = try? Change(decoding: bytes) { #expect(decoded.encoded == bytes) }
            } else if Self.probe(bytes) {
                accepted += 1
            }
        }
        // The checksum makes accepting a damaged document essentially impossible.
        #expect(accepted < 10)
    }

    @Test("100,000 damaged bodies behind a valid checksum are refused or decode consistently", arguments: [0, 1, 2, 3])
    func damagedBodies(shard: UInt64) throws {
        let document = try Self.sampleDocument()
        let body = document.encodeBody()
        var rng = SeededGenerator(seed: 2000 + shard)
        for _ in 0..<25_000 {
            var bytes = body
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                bytes = Array(body[..<Int.random(in: 0..<body.count, using: &rng)])
            case 1:
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(
                        1 << Int.random(in: 0..<8, using: &rng))
                }
            case 2:
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[position] = [0x00, 0x7F, 0x80, 0xFF][Int.random(in: 0..<4, using: &rng)]
            default:
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0x07], at: position)
            }
            let wrapped = Document.envelope(body: bytes, compressed: false)
            if let decoded = try? Document(decoding: wrapped, replica: ReplicaID(1)) {
                // Accepted input must be a consistent document that re-encodes and re-decodes.
                let again = try Document(decoding: decoded.encoded(), replica: ReplicaID(2))
                #expect(again.text == decoded.text)
                try decoded.textSequence.checkInvariants()
            }
        }
    }

    @Test("a damaged document names the problem")
    func errorMessages() throws {
        let bytes = try Self.sampleDocument().encoded()
        #expect(throws: BinaryDecodingError.badMagic(expected: "document", offset: 0)) {
            try Document(decoding: Array("HELLO world".utf8), replica: ReplicaID(1))
        }
        var newer = bytes
        newer[5] = 4
        #expect(throws: BinaryDecodingError.unsupportedVersion(found: 4, supported: 1...3)) {
            try Document(decoding: newer, replica: ReplicaID(1))
        }
        var flipped = bytes
        flipped[flipped.count - 1] ^= 0x10
        #expect(throws: BinaryDecodingError.self) { try Document(decoding: flipped, replica: ReplicaID(1)) }
    }
}
