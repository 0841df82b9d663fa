import HuibaoModel

/// Word's automatic numbering (`word/numbering.xml`) and the counters of one reading.
///
/// A numbered paragraph names a list instance and a level (`w:numPr`: `w:numId`, `w:ilvl`); the
/// instance points at an abstract definition (`w:abstractNum`) whose levels say how the number
/// reads (`w:numFmt`, `w:lvlText` such as `%1、` or `（%2）`, `w:start`, `w:lvlRestart`,
/// `w:isLgl`). ``label(numID:level:)`` advances the counters as Word does while laying out the
/// document and returns the text Word shows before the paragraph.
///
/// Counters: instances of one abstract definition share them (Word continues such lists) unless
/// the instance overrides a level (`w:lvlOverride`), which gives it counters of its own. Using a
/// level restarts the deeper levels, or only those whose `w:lvlRestart` allows it.
package struct ListNumbering: Sendable {
    /// One level of a list definition.
    package struct Level: Hashable, Sendable {
        /// The first number (`w:start`).
        package var start = 1
        /// How the number reads (`w:numFmt`).
        package var format = ListNumberFormat.decimal
        /// The label with `%1`…`%9` for the levels' numbers (`w:lvlText`); `nil` writes the number alone.
        package var text: String?
        /// `w:lvlRestart`: restart after a use of this level (1-based) or a higher one; 0 never;
        /// `nil` after any higher level.
        package var restart: Int?
        /// `w:isLgl`: every level's number in decimal digits.
        package var legal = false
        /// `w:suff`: `tab` (the default), `space` or `nothing`.
        package var suffix = "tab"

        package init() {}
    }

    /// The levels of each abstract definition, by `w:abstractNumId`.
    package var abstracts: [Int: [Int: Level]] = [:]
    /// Each list instance (`w:num`), by `w:numId`.
    package var instances: [Int: Instance] = [:]
    /// The running counters, by counter key (see ``Instance/counterKey``).
    var counters: [String: [Int?]] = [:]

    /// A list instance: its abstract definition and overrides.
    package struct Instance: Hashable, Sendable {
        /// `w:abstractNumId`.
        package var abstract: Int
        /// `w:startOverride` per level.
        package var startOverrides: [Int: Int] = [:]
        /// Whole levels redefined in `w:lvlOverride/w:lvl`.
        package var levelOverrides: [Int: Level] = [:]
        /// The instance's own id, used as its counter key when it overrides anything.
        package var id: Int

        /// Instances without overrides share the counters of their abstract definition.
        var counterKey: String {
            startOverrides.isEmpty && levelOverrides.isEmpty ? "a\(abstract)" : "n\(id)"
        }
    }

    package init() {}

    /// The definition of `level` in instance `numID`, overrides applied.
    package func definition(numID: Int, level: Int) -> Level? {
        guard let instance = instances[numID] else { return nil }
        if var override = instance.levelOverrides[level] {
            if let start = instance.startOverrides[level] { override.start = start }
            return override
        }
        guard var defined = abstracts[instance.abstract]?[level] else { return nil }
        if let start = instance.startOverrides[level] { defined.start = start }
        return defined
    }

    /// Counts one paragraph of list `numID` at `level` (0-based) and returns the label Word shows
    /// before it (`一、`, `（二）`, `3.`); `nil` when the list or level is not defined, or when
    /// the level shows no text (a bullet, `none`).
    package mutating func label(numID: Int, level: Int) -> String? {
        guard numID != 0, (0...8).contains(level), let instance = instances[numID],
            let definition = definition(numID: numID, level: level)
        else { return nil }
        let key = instance.counterKey
        var counts = counters[key] ?? Array(repeating: nil, count: 9)
        counts[level] = (counts[level] ?? (definition.start - 1)) + 1
        for deeper in (level + 1)..<9 {
            let restart = self.definition(numID: numID, level: deeper)?.restart
            // Restart unless lvlRestart says to keep counting past this level.
            if let restart, restart == 0 || level >= restart { continue }
            counts[deeper] = nil
        }
        counters[key] = counts
        if definition.format == .bullet { return nil }
        guard let text = definition.text else { return definition.format.format(counts[level] ?? definition.start) }
        var out = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            guard let digit = scalars.next() else { break }
            guard let referenced = Int(String(digit)), (1...9).contains(referenced) else {
                out.unicodeScalars.append(scalar)
                out.unicodeScalars.append(digit)
                continue
            }
            let other = referenced - 1
            let otherDefinition = self.definition(numID: numID, level: other)
            let value = counts[other] ?? otherDefinition?.start ?? 1
            let format = definition.legal ? .decimal : otherDefinition?.format ?? .decimal
            out += format.format(value)
        }
        guard !out.isEmpty else { return nil }
        // A tab or space after a label that ends in a mark (一、 （一） 1.) is layout; after a bare
        // number it keeps the number apart from the text.
        if definition.suffix != "nothing", let last = out.unicodeScalars.last,
            !Self.closingMarks.contains(last)
        {
            out += " "
        }
        return out
    }

    /// Marks after which a label needs no separator.
    static let closingMarks: ScalarSet = "、.．)）]】:：,，;；>〉》"
}
