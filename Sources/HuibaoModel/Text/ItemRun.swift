/// A run of consecutive characters in the text CRDT's item list.
///
/// Characters are addressed by local version (LV): their index in the document's operation log.
/// A run holds `length` characters with LVs `lv ..< lv + length`. The first character was
/// inserted after `originLeft`; each later one after its predecessor in the run. All were
/// inserted before `originRight`. `-1` stands for the start (left) or the end (right).
struct ItemRun: Hashable, Sendable {
    /// LV of the first character.
    var lv: Int32
    /// Number of characters, at least 1.
    var length: Int32
    /// LV of the character the first character was inserted after, or -1 for the start.
    var originLeft: Int32
    /// LV of the character every character was inserted before, or -1 for the end.
    var originRight: Int32
    /// Whether the characters are deleted (tombstones).
    var deleted: Bool

    /// One past the last LV.
    var end: Int32 { lv + length }

    /// The number of visible characters.
    var visibleLength: Int { deleted ? 0 : Int(length) }

    /// The left origin of the character at `offset`.
    func originLeft(at offset: Int32) -> Int32 {
        offset == 0 ? originLeft : lv + offset - 1
    }

    /// Whether `next` continues this run exactly (so the two can be stored as one).
    func canAppend(_ next: ItemRun) -> Bool {
        next.lv == end && next.originLeft == end - 1 && next.originRight == originRight && next.deleted == deleted
    }
}
