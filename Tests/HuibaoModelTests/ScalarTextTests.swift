import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The scalar helpers the report scanners run over every character: `ScalarSet` and the
/// strings built from scalars.
@Suite("Scalar sets and strings of scalars")
struct ScalarTextTests {
    /// Scalars from every UTF-8 width, the set's edges (63/64, 127/128) among them.
    static func randomScalar(using rng: inout SeededGenerator) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [
            0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x1_0000...0x10_FFFF,
        ]
        let value = UInt32.random(in: ranges[Int.random(in: 0..<ranges.count, using: &rng)], using: &rng)
        return Unicode.Scalar(value)!
    }

    @Test("a ScalarSet holds exactly its members, in every UTF-8 width")
    func scalarSetMembership() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var members = (0..<Int.random(in: 0..<12, using: &rng)).map { _ in Self.randomScalar(using: &rng) }
            members += ["\0", "?", "@", "\u{7F}", "\u{80}"].filter { _ in Bool.random(using: &rng) }
            let set = ScalarSet(members)
            let reference = Set(members)
            for candidate in members + (0..<200).map({ _ in Self.randomScalar(using: &rng) })
                + ["\0", "?", "@", "\u{7F}", "\u{80}", "。"]
            {
                #expect(set.contains(candidate) == reference.contains(candidate), "\(candidate.value)")
            }
        }
        let ends: ScalarSet = "。！？；\n"
        #expect(ends.contains("。") && ends.contains("\n") && !ends.contains("，") && !ends.contains("a"))
    }

    @Test("strings of scalars read the same from an array, a slice and a lazy sequence")
    func stringOfScalars() {
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in Self.randomScalar(using: &rng) }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let expected = String(view)
            #expect(String(scalars: scalars) == expected)
            #expect(String(scalars: scalars.lazy.map { $0 }) == expected)
            let cut = Int.random(in: 0...scalars.count, using: &rng)
            #expect(String(scalars: scalars[cut...]) == String(String.UnicodeScalarView(scalars[cut...])))
        }
    }

    @Test("byte and line-start searches of a string find ASCII bytes and prefixes at line starts only")
    func byteSearches() {
        let text = "第一行\r\n二、##junk## 正文\n冲突清单：\n"
        #expect(text.containsUTF8Byte(UInt8(ascii: "\r")) && text.containsUTF8Byte(UInt8(ascii: "#")))
        #expect(!text.containsUTF8Byte(0) && !"汇报".containsUTF8Byte(UInt8(ascii: "\n")))
        #expect(text.hasLine(startingWith: Array("冲突清单".utf8)))
        #expect(text.hasLine(startingWith: Array("第一行".utf8)))
        #expect(!text.hasLine(startingWith: Array("正文".utf8)))
        #expect(!"".hasLine(startingWith: Array("a".utf8)) && "".hasLine(startingWith: []))
    }

    @Test("UTF-8 order of strings is the order of their bytes, a prefix first")
    func utf8Order() {
        var rng = SeededGenerator(seed: 9)
        let pieces = ["a", "b", "汇", "报", "😀", "", "metric.1", "metric.12"]
        for _ in 0..<500 {
            let left = (0..<Int.random(in: 0..<4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let right = (0..<Int.random(in: 0..<4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            #expect(left.utf8Precedes(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) \(right)")
        }
    }
}
