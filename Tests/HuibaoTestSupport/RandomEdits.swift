public import HuibaoModel
import HuibaoReport

/// Random local edits for randomized tests: Chinese and ASCII text, insertions, deletions and
/// register writes, all driven by a seeded generator.
public enum RandomEdits {
    /// Characters to draw from: common Chinese report vocabulary, full-width punctuation, digits
    /// and ASCII, plus one character outside the Basic Multilingual Plane.
    static let alphabet: [Unicode.Scalar] = Array(
        "汇报工作党风廉政建设一二三是开展约谈次人件，。：（）“”《》0123456789abcXYZ *\n𠀀".unicodeScalars)

    /// A random string of 1 to `maxLength` scalars.
    public static func text(maxLength: Int, using rng: inout SeededGenerator) -> String {
        var view = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 1...maxLength, using: &rng) {
            view.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
        }
        return String(view)
    }

    /// Makes `count` random local edits to `document` and commits them as one change.
    public static func edit(
        _ document: inout Document,
        count: Int,
        wallTime: Int64,
        using rng: inout SeededGenerator
    ) throws {
        for _ in 0..<count {
            let length = document.textLength
            let roll = Int.random(in: 0..<100, using: &rng)
            if roll < 55 || length == 0 {
                let position = Int.random(in: 0...length, using: &rng)
                try document.insert(text(maxLength: 6, using: &rng), at: position)
            } else if roll < 90 {
                let position = Int.random(in: 0..<length, using: &rng)
                let count = Int.random(in: 1...min(5, length - position), using: &rng)
                try document.delete(at: position, count: count)
            } else {
                let key = ["title", "period", "值"][Int.random(in: 0..<3, using: &rng)]
                document.setRegister(key, to: .integer(Int64.random(in: 0..<10, using: &rng)))
            }
        }
        document.commit(wallTime: wallTime)
    }
}
