import HuibaoModel
import HuibaoTestSupport
import Testing

@Suite("Change")
struct ChangeTests {
    static func sample() -> Change {
        Change(
            author: ReplicaID(0xABCD), seq: 3, startCounter: 40, lamport: 9, wallTime: 1_700_000_000_123,
            dependencies: [ChangeHash.sha256Hash("b"), ChangeHash.sha256Hash("a")],
            operations: [
                .insertText(after: OpID(replica: ReplicaID(0xABCD), counter: 2), before: nil, text: "开展廉政约谈3次"),
                .deleteText(start: OpID(replica: ReplicaID(7), counter: 0), count: 4),
                .setRegister(
                    key: "title", value: .text("上半年工作汇报"), overwrites: [OpID(replica: ReplicaID(7), counter: 9)]),
                .setRegister(key: "约谈", value: .missing, overwrites: []),
                .setRegister(key: "n", value: .integer(-5), overwrites: []),
            ])
    }

    @Test("encoding round-trips and the hash is the SHA-256 of the bytes")
    func roundTrip() throws {
        let change = Self.sample()
        let decoded = try Change(decoding: change.encoded)
        #expect(decoded.hash == change.hash)
        #expect(decoded.operations == change.operations)
        #expect(decoded.dependencies == change.dependencies.sorted())
        #expect(decoded.author == change.author && decoded.seq == 3 && decoded.startCounter == 40)
        #expect(decoded.lamport == 9 && decoded.wallTime == 1_700_000_000_123)
        #expect(change.width == 8 + 4 + 3)
    }

    @Test("the hash does not depend on the order dependencies were given in")
    func dependencyOrderIsCanonical() {
        let a = Change(
            author: ReplicaID(1), seq: 1, startCounter: 0, lamport: 1, wallTime: 0,
            dependencies: [ChangeHash.sha256Hash("x"), ChangeHash.sha256Hash("y")],
            operations: [.insertText(after: nil, before: nil, text: "a")])
        let b = Change(
            author: ReplicaID(1), seq: 1, startCounter: 0, lamport: 1, wallTime: 0,
            dependencies: [ChangeHash.sha256Hash("y"), ChangeHash.sha256Hash("x")],
            operations: [.insertText(after: nil, before: nil, text: "a")])
        #expect(a.hash == b.hash)
    }

    @Test("golden bytes of format version 1 still decode to the same hash")
    func goldenBytes() throws {
        let change = Change(
            author: ReplicaID(1), seq: 1, startCounter: 0, lamport: 1, wallTime: 1000, dependencies: [],
            operations: [.insertText(after: nil, before: nil, text: "汇报")])
        let golden: [UInt8] = [
            1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 208, 15, 0, 0, 1, 1, 0, 0, 6, 230, 177, 135, 230, 138, 165,
        ]
        #expect(change.encoded == golden)
        #expect(try Change(decoding: golden).hash == change.hash)
    }

    @Test("every truncation of a change is refused with a typed error")
    func truncations() {
        let bytes = Self.sample().encoded
        for length in 0..<bytes.count {
            #expect(throws: BinaryDecodingError.self) { try Change(decoding: Array(bytes[..<length])) }
        }
    }

    @Test("a newer format version is refused with a clear message")
    func newerVersion() {
        var bytes = Self.sample().encoded
        bytes[0] = 9
        #expect(throws: BinaryDecodingError.unsupportedVersion(found: 9, supported: 1...1)) {
            try Change(decoding: bytes)
        }
    }

    @Test("bit flips never trap: each is refused or decodes to a different hash")
    func bitFlips() {
        let change = Self.sample()
        let bytes = change.encoded
        for bit in 0..<bytes.count * 8 {
            var damaged = bytes
            damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            if let decoded = try? Change(decoding: damaged) {
                #expect(decoded.hash != change.hash)
            }
        }
    }
}

extension ChangeHash {
    /// A hash for tests: the SHA-256 of a string's UTF-8.
    static func sha256Hash(_ text: String) -> ChangeHash {
        Change(
            author: ReplicaID(0), seq: 1, startCounter: 0, lamport: 1, wallTime: 0, dependencies: [],
            operations: [.insertText(after: nil, before: nil, text: text)]
        ).hash
    }
}
