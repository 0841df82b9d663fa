import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The decoder's set of non-character LVs, against a plain `Set` fed the same ranges.
@Suite("LV bit set")
struct LVBitSetTests {
    @Test("membership and the first member of a range match a plain set", arguments: 0..<8)
    func matchesPlainSet(seed: UInt64) {
        var rng = SeededGenerator(seed: 600 + seed)
        var bits = LVBitSet(capacity: Int(seed) * 40)
        var oracle: Set<Int> = []
        for _ in 0..<60 {
            let start = Int.random(in: 0..<700, using: &rng)
            let range = start..<start + Int.random(in: 0...Int.random(in: 1...130, using: &rng), using: &rng)
            bits.insert(range)
            oracle.formUnion(range)
        }
        for lv in 0..<900 { #expect(bits.contains(lv) == oracle.contains(lv), "seed \(seed), LV \(lv)") }
        for _ in 0..<300 {
            let start = Int.random(in: 0..<900, using: &rng)
            let range = start..<start + Int.random(in: 0...200, using: &rng)
            #expect(bits.firstMember(in: range) == range.first { oracle.contains($0) }, "seed \(seed), \(range)")
        }
    }
}
