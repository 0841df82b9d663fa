extension String {
    /// The text without spaces (ASCII or ideographic) at either end.
    package var trimmingSpaces: Substring {
        let spaces: Set<Character> = [" ", "\u{3000}", "\t", "\u{00A0}"]
        guard let start = firstIndex(where: { !spaces.contains($0) }),
            let end = lastIndex(where: { !spaces.contains($0) })
        else { return "" }
        return self[start...end]
    }
}
