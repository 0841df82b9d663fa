/// A small fixed set of Unicode scalars with a membership test that does not hash: a bitmap for
/// ASCII and a short sorted list for the rest. The report scanners test every scalar of a text
/// against sets of a few punctuation marks; with `Set<Unicode.Scalar>` each test seeded and ran
/// a hasher.
///
/// ```swift
/// let ends: ScalarSet = "。！？；\n"
/// ends.contains("。")  // true
/// ```
package struct ScalarSet: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Bit `v` set for each ASCII member of value `v` (two words of 64).
    private var ascii: (low: UInt64, high: UInt64) = (0, 0)
    /// The values of the other members, ascending.
    private var others: [UInt32] = []

    /// The set of the scalars of `members`.
    package init(_ members: some Sequence<Unicode.Scalar>) {
        for scalar in members {
            let value = scalar.value
            if value < 64 {
                ascii.low |= 1 << UInt64(value)
            } else if value < 128 {
                ascii.high |= 1 << UInt64(value - 64)
            } else if !others.contains(value) {
                others.append(value)
            }
        }
        others.sort()
    }

    /// The set of the scalars of `value`.
    package init(stringLiteral value: String) {
        self.init(value.unicodeScalars)
    }

    /// Whether `scalar` is a member.
    @inline(__always)
    package func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return ascii.low & (1 << UInt64(value)) != 0 }
        if value < 128 { return ascii.high & (1 << UInt64(value - 64)) != 0 }
        // A handful of members: a linear scan beats a search.
        for other in others {
            if other == value { return true }
            if other > value { return false }
        }
        return false
    }

    package static func == (lhs: ScalarSet, rhs: ScalarSet) -> Bool {
        lhs.ascii.low == rhs.ascii.low && lhs.ascii.high == rhs.ascii.high && lhs.others == rhs.others
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(ascii.low)
        hasher.combine(ascii.high)
        hasher.combine(others)
    }
}
