/// The lines that differ between two texts (Myers over lines), for people reading what changed.
///
/// A line changed in place (a removed line followed by an added one that keeps at least a third
/// of its characters) is shown once, with the characters removed and added marked inside it,
/// instead of as a whole-paragraph pair: a clerk who changed one number sees that number.
public enum LineDiff {
    /// A line removed from the old text, added in the new one, or changed in place, with its line
    /// number (in the old text for removed, in the new one otherwise).
    public enum Line: Hashable, Sendable, Codable {
        /// Only in the old text.
        case removed(line: Int, text: String)
        /// Only in the new text.
        case added(line: Int, text: String)
        /// In both, with some characters removed and added.
        case changed(line: Int, pieces: [Piece])
    }

    /// A stretch of a changed line.
    public enum Piece: Hashable, Sendable, Codable {
        /// Characters in both versions.
        case same(String)
        /// Characters only in the old version.
        case removed(String)
        /// Characters only in the new version.
        case added(String)
    }

    /// The removed, added and changed lines, in text order.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [Line] = []
        var i = 0
        var removed: [(line: Int, text: String)] = []
        for edit in ScalarDiff.edits(from: a, to: b) {
            switch edit {
            case .keep(let count):
                result += removed.map { .removed(line: $0.line, text: $0.text) }
                removed = []
                i += count
            case .delete(let count):
                removed += (i..<i + count).map { ($0 + 1, a[$0]) }
                i += count
            case .insert(let range):
                // Pair the lines just removed with those added here, in order, where they are
                // the same paragraph edited.
                var added = Array(range)
                while let first = added.first, let old = removed.first,
                    let pieces = pieces(from: old.text, to: b[first])
                {
                    result.append(.changed(line: first + 1, pieces: pieces))
                    removed.removeFirst()
                    added.removeFirst()
                }
                result += removed.map { .removed(line: $0.line, text: $0.text) }
                removed = []
                result += added.map { .added(line: $0 + 1, text: b[$0]) }
            }
        }
        result += removed.map { .removed(line: $0.line, text: $0.text) }
        return result
    }

    /// The pieces turning `old` into `new`, or `nil` if they share less than a third of the
    /// longer one's characters (then they are two different lines to a reader).
    static func pieces(from old: String, to new: String) -> [Piece]? {
        let a = Array(old.unicodeScalars)
        let b = Array(new.unicodeScalars)
        var pieces: [Piece] = []
        var kept = 0
        var i = 0
        for edit in ScalarDiff.edits(from: a, to: b) {
            switch edit {
            case .keep(let count):
                pieces.append(.same(String(String.UnicodeScalarView(a[i..<i + count]))))
                kept += count
                i += count
            case .delete(let count):
                pieces.append(.removed(String(String.UnicodeScalarView(a[i..<i + count]))))
                i += count
            case .insert(let range):
                pieces.append(.added(String(String.UnicodeScalarView(b[range]))))
            }
        }
        return kept * 3 >= max(a.count, b.count) ? wholeNumbers(pieces) : nil
    }

    /// The pieces with each change that touches a number widened to the whole number
    /// (`1[-2-]{+3+}` becomes `[-12-]{+13+}`): people read numbers whole. A conflict as
    /// rendered (`{6|4}`) and a placeholder (`*`) count as a number.
    static func wholeNumbers(_ original: [Piece]) -> [Piece] {
        let isDigit: (Character) -> Bool = { $0.isASCII && ($0.isNumber || "{|}.*".contains($0)) }
        var pieces = original
        var result: [Piece] = []
        var index = 0
        while index < pieces.count {
            if case .same = pieces[index] {
                result.append(pieces[index])
                index += 1
                continue
            }
            // A run of changes: what it removed and what it added.
            var removed = ""
            var added = ""
            changes: while index < pieces.count {
                switch pieces[index] {
                case .removed(let text): removed += text
                case .added(let text): added += text
                case .same: break changes
                }
                index += 1
            }
            // The digits just before and just after, when the change touches them, are part
            // of the changed number.
            var before = ""
            if removed.first.map(isDigit) ?? false || added.first.map(isDigit) ?? false,
                case .same(let text)? = result.last
            {
                before = String(text.reversed().prefix(while: isDigit).reversed())
                result[result.count - 1] = .same(String(text.dropLast(before.count)))
            }
            var after = ""
            if removed.last.map(isDigit) ?? false || added.last.map(isDigit) ?? false, index < pieces.count,
                case .same(let text) = pieces[index]
            {
                after = String(text.prefix(while: isDigit))
                pieces[index] = .same(String(text.dropFirst(after.count)))
            }
            if !removed.isEmpty || (!before.isEmpty || !after.isEmpty) && !added.isEmpty {
                result.append(.removed(before + removed + after))
            }
            if !added.isEmpty || (!before.isEmpty || !after.isEmpty) && !removed.isEmpty {
                result.append(.added(before + added + after))
            }
        }
        // Widening can leave a change run split around an emptied piece: one removal and one
        // addition per run.
        var merged: [Piece] = []
        var removed = ""
        var added = ""
        func flush() {
            if !removed.isEmpty { merged.append(.removed(removed)) }
            if !added.isEmpty { merged.append(.added(added)) }
            (removed, added) = ("", "")
        }
        for piece in result {
            switch piece {
            case .same(let text) where text.isEmpty: continue
            case .same:
                flush()
                merged.append(piece)
            case .removed(let text): removed += text
            case .added(let text): added += text
            }
        }
        flush()
        return merged
    }

    /// `-old line`, `+new line`, and `~line` with `[-removed-]{+added+}` marked inside a changed
    /// line, one per line.
    public static func unified(_ lines: [Line]) -> String {
        lines.map { line in
            switch line {
            case .removed(_, let text): "-" + text
            case .added(_, let text): "+" + text
            case .changed(_, let pieces): "~" + marked(pieces)
            }
        }.joined(separator: "\n")
    }

    /// A changed line with its removed characters as `[-…-]` and its added ones as `{+…+}`.
    public static func marked(_ pieces: [Piece]) -> String {
        pieces.map { piece in
            switch piece {
            case .same(let text): text
            case .removed(let text): "[-" + text + "-]"
            case .added(let text): "{+" + text + "+}"
            }
        }.joined()
    }
}
