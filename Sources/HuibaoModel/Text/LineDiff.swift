/// The lines that differ between two texts (Myers over lines), for people reading what changed.
public enum LineDiff {
    /// A line removed from the old text or added in the new one, with its line number there.
    public enum Line: Hashable, Sendable, Codable {
        /// Only in the old text.
        case removed(line: Int, text: String)
        /// Only in the new text.
        case added(line: Int, text: String)
    }

    /// The removed and added lines, in text order.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [Line] = []
        var i = 0
        for edit in ScalarDiff.edits(from: a, to: b) {
            switch edit {
            case .keep(let count): i += count
            case .delete(let count):
                result += (i..<i + count).map { .removed(line: $0 + 1, text: a[$0]) }
                i += count
            case .insert(let range):
                result += range.map { .added(line: $0 + 1, text: b[$0]) }
            }
        }
        return result
    }

    /// `-old line` / `+new line`, one per line.
    public static func unified(_ lines: [Line]) -> String {
        lines.map { line in
            switch line {
            case .removed(_, let text): "-" + text
            case .added(_, let text): "+" + text
            }
        }.joined(separator: "\n")
    }
}
