import HuibaoModel
import Testing

@Suite("Identifiers and clocks")
struct IdentifierTests {
    @Test("replica ids print as 16 hex digits and parse back")
    func replicaHex() {
        let id = ReplicaID(0xAB)
        #expect(id.description == "00000000000000ab")
        #expect(ReplicaID(hex: id.description) == id)
        #expect(ReplicaID(hex: "xyz") == nil)
        #expect(ReplicaID(hex: "00000000000000ab0") == nil)
    }

    @Test("change hashes print as 64 hex digits, parse back and order by bytes")
    func changeHashHex() throws {
        let bytes = (0..<32).map { UInt8($0 * 7 % 256) }
        let hash = try #require(ChangeHash(bytes: bytes))
        #expect(hash.bytes == bytes)
        #expect(ChangeHash(hex: hash.description) == hash)
        #expect(hash.shortDescription.count == 12)
        #expect(ChangeHash(bytes: bytes.dropLast()) == nil)
        let larger = try #require(ChangeHash(bytes: [UInt8](repeating: 0xFF, count: 32)))
        #expect(hash < larger)
    }

    @Test("version vectors compare and merge entry-wise")
    func versionVectors() {
        let a = ReplicaID(1)
        let b = ReplicaID(2)
        let x = VersionVector([a: 3, b: 1])
        let y = VersionVector([a: 2, b: 4])
        #expect(!x.includes(y) && !y.includes(x))
        let merged = x.merging(y)
        #expect(merged[a] == 3 && merged[b] == 4)
        #expect(merged.includes(x) && merged.includes(y))
        #expect(VersionVector([a: 0]) == VersionVector())
    }
}
