/// A set of LVs as one bit each, for membership tests that stay in cache: the document
/// decoder keeps the LVs that are no character (deletions and register writes) in one, so that
/// checking that an insert origin or a deletion target is a character reads a few kilobytes
/// instead of the content at a scattered LV.
///
/// LVs above the highest one inserted are not members, so a set grows only when a member is
/// added.
struct LVBitSet {
    /// Bit `lv % 64` of word `lv / 64` is set for each member `lv`.
    private var words: [UInt64] = []

    /// An empty set, with room for members below `capacity` without growing.
    init(capacity: Int = 0) {
        words.reserveCapacity(max(0, capacity) / 64 + 1)
    }

    /// Adds the LVs of `range` (non-negative).
    @inline(__always)
    mutating func insert(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let lastWord = (range.upperBound - 1) >> 6
        while words.count <= lastWord { words.append(0) }
        words.withUnsafeMutableBufferPointer { words in
            var lv = range.lowerBound
            while lv < range.upperBound {
                let bit = lv & 63
                let count = min(64 - bit, range.upperBound - lv)
                let mask = count == 64 ? ~UInt64(0) : ((UInt64(1) << UInt64(count)) - 1) << UInt64(bit)
                words[lv >> 6] |= mask
                lv += count
            }
        }
    }

    /// Whether `lv` (non-negative) is a member.
    @inline(__always)
    func contains(_ lv: Int) -> Bool {
        let word = lv >> 6
        return word < words.count && words[word] >> UInt64(lv & 63) & 1 != 0
    }

    /// The first member of `range` (non-negative), if any, a word at a time.
    @inline(__always)
    func firstMember(in range: Range<Int>) -> Int? {
        var lv = range.lowerBound
        while lv < range.upperBound {
            let word = lv >> 6
            guard word < words.count else { return nil }
            let bit = lv & 63
            let count = min(64 - bit, range.upperBound - lv)
            let mask = count == 64 ? ~UInt64(0) : ((UInt64(1) << UInt64(count)) - 1) << UInt64(bit)
            let hits = words[word] & mask
            if hits != 0 { return word << 6 + hits.trailingZeroBitCount }
            lv += count
        }
        return nil
    }
}
