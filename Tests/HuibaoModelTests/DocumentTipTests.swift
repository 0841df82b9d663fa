import HuibaoModel
import HuibaoTestSupport
import Testing

/// A document's tip makes the register writes the document itself would make, and survives its
/// encoding; damaged bytes are refused.
@Suite("Document tip")
struct DocumentTipTests {
    /// Documents of several replicas with concurrent text edits and register writes (conflicts).
    static func documents(seed: UInt64) throws -> [Document] {
        var rng = SeededGenerator(seed: seed)
        var replicas = (1...3).map { Document(replica: ReplicaID(UInt64($0))) }
        for round in 0..<30 {
            let k = Int.random(in: 0..<replicas.count, using: &rng)
            if Bool.random(using: &rng) {
                try RandomEdits.edit(&replicas[k], count: 3, wallTime: Int64(round), using: &rng)
            } else {
                let key = ["a", "b", "c"][Int.random(in: 0..<3, using: &rng)]
                replicas[k].setRegister(key, to: Bool.random(using: &rng) ? .integer(Int64(round)) : .text("值\(round)"))
                replicas[k].commit(wallTime: Int64(round))
            }
            if round % 7 == 6 {
                var a = replicas[k]
                var b = replicas[(k + 1) % replicas.count]
                try Document.exchange(&a, &b)
                replicas[k] = a
                replicas[(k + 1) % replicas.count] = b
            }
        }
        return replicas
    }

    @Test("a tip's register writes are the document's own, byte for byte", arguments: [1, 2, 3, 4] as [UInt64])
    func writesMatchTheDocument(seed: UInt64) throws {
        for var document in try Self.documents(seed: seed) {
            var tip = document.tip
            for round in 0..<4 {
                let writes: [(key: String, value: RegisterValue)] =
                    round % 2 == 0
                    ? [(key: "a", value: .text("第\(round)次"))]
                    : [(key: "b", value: .missing), (key: "新", value: .integer(-Int64(round)))]
                for write in writes { document.setRegister(write.key, to: write.value) }
                let committed = document.commit(wallTime: 100 + Int64(round))
                let expected = try #require(committed)
                let change = tip.commit(writes, as: document.replica, wallTime: 100 + Int64(round))
                #expect(change.encoded == expected.encoded)
                #expect(tip == document.tip)
            }
        }
    }

    @Test("a tip decodes to itself, and truncated or damaged bytes throw", arguments: [5, 6] as [UInt64])
    func encodingRoundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for document in try Self.documents(seed: seed) {
            let bytes = document.tip.encoded
            #expect(try DocumentTip(decoding: bytes) == document.tip)
            for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
                #expect(throws: BinaryDecodingError.self) { try DocumentTip(decoding: Array(bytes.prefix(cut))) }
            }
            #expect(throws: BinaryDecodingError.self) { try DocumentTip(decoding: bytes + [0]) }
            #expect(throws: BinaryDecodingError.self) { try DocumentTip(decoding: [9] + bytes.dropFirst()) }
            for _ in 0..<200 {
                // A flipped bit either still decodes (to something) or throws: it never traps.
                var damaged = bytes
                let at = Int.random(in: 0..<damaged.count, using: &rng)
                damaged[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                _ = try? DocumentTip(decoding: damaged)
            }
        }
    }
}
