extension DocumentBodyDecoder {
    /// One insertion of the history, in LV form: where each character's origins come from.
    struct InsertSpan {
        var lv: Int32
        var length: Int32
        var left: Int32
        var right: Int32

        /// One past the last LV.
        var end: Int32 { lv + length }
    }

    /// Consecutive LVs `lv ..< lv + length` (the characters a deletion reached, one piece of it).
    struct LVRange: Equatable {
        var lv: Int32
        var length: Int32

        /// One past the last LV.
        var end: Int32 { lv + length }
    }

    /// The state snapshot's runs in text order, with their positions in LV order.
    struct StateRuns {
        /// The runs in text order (origins are filled in by ``checkState(_:inserts:deletions:lvCount:)``).
        var runs: [ItemRun]
        /// The positions of `runs` in ascending LV order.
        var order: [Int32]
    }

    /// Reads the state snapshot's runs in text order (LVs, lengths, deletion states; origins
    /// are filled in by ``checkState(_:inserts:deletions:lvCount:)``), each within `0..<limit`,
    /// and orders them by LV. Whether two runs share a character is checked by
    /// ``checkDisjoint(_:)`` or, from the same order, ``OriginPredictor/firstOverlap()``.
    mutating func readStateRuns(limit: Int) throws(BinaryDecodingError) -> StateRuns {
        stateOffset = stateLVColumn.position
        let reservation = min(stateRunCount, limit, 1 << 20)
        var runs: [ItemRun] = []
        runs.reserveCapacity(reservation)
        var keys: [UInt32] = []
        keys.reserveCapacity(reservation)
        var previousEnd: Int64 = 0
        for _ in 0..<stateRunCount {
            let offset = stateLVColumn.position
            let lv = previousEnd &+ (try stateLVColumn.nextSigned("state run LV"))
            let length = Int64(try stateLengthColumn.nextCount("state run length", max: limit))
            let flag = try stateDeletedColumn.next("state run deleted flag")
            guard lv >= 0, length >= 1, lv + length <= Int64(limit), flag <= 1 else {
                throw .invalidValue(
                    field: "state run", offset: offset,
                    reason: "run \(lv)+\(length) outside the history's \(limit) operations")
            }
            runs.append(
                ItemRun(lv: Int32(lv), length: Int32(length), originLeft: -1, originRight: -1, deleted: flag == 1))
            keys.append(UInt32(lv))
            previousEnd = lv + length
        }
        for column in [stateLVColumn, stateLengthColumn, stateDeletedColumn] {
            try column.expectEnd("state column")
        }
        return StateRuns(runs: runs, order: RadixSort.order(of: keys))
    }

    /// Checks that no two runs share a character: in LV order, each run starts at or after the
    /// end of the one before.
    func checkDisjoint(_ state: StateRuns) throws(BinaryDecodingError) {
        var previous: Int32 = 0
        for (index, position) in state.order.enumerated() {
            let run = state.runs[Int(position)]
            guard run.lv >= previous else { throw overlap(state, index: index) }
            previous = run.end
        }
    }

    /// The error for the run at `index` in LV order sharing a character with the run below it.
    func overlap(_ state: StateRuns, index: Int) -> BinaryDecodingError {
        let position = state.order[index]
        return .invalidValue(
            field: "state run", offset: stateOffset,
            reason: "run \(position): character \(state.runs[Int(position)].lv) appears twice")
    }

    /// Rebuilds the text from the state snapshot's runs, checking them against the history run
    /// by run: every inserted character appears exactly once, with the deletion state and
    /// origins the history gives it.
    ///
    /// - Parameters:
    ///   - state: the snapshot's runs, checked to share no character; their origins are
    ///     filled in.
    ///   - inserts: the history's insertions, in ascending LV order.
    ///   - deletions: the characters the history's deletions reached (each an inserted
    ///     character), in any order, possibly more than once.
    ///   - lvCount: the number of LVs of the history.
    ///
    /// Because the runs are disjoint and each lies within the insertions, they hold every
    /// inserted character exactly once if and only if they hold as many characters as the
    /// insertions. And then the characters of the runs marked deleted are those the deletions
    /// reached if and only if every run marked deleted lies wholly within what the deletions
    /// reached and every other run wholly outside it: a flag per LV, set over each deletion,
    /// checked over each run without branches.
    func checkState(_ state: inout StateRuns, inserts: [InsertSpan], deletions: [LVRange], lvCount: Int)
        throws(BinaryDecodingError) -> TextSequence
    {
        // 1 for each LV a deletion reached (each an inserted character, checked as it was read).
        var deleted = [UInt8](repeating: 0, count: lvCount)
        deleted.withUnsafeMutableBufferPointer { deleted in
            for range in deletions {
                for lv in Int(range.lv)..<Int(range.end) { deleted[lv] = 1 }
            }
        }
        let order = state.order
        let characters = try state.runs.withUnsafeMutableBufferPointer { runs throws(BinaryDecodingError) in
            try order.withUnsafeBufferPointer { order throws(BinaryDecodingError) in
                try inserts.withUnsafeBufferPointer { inserts throws(BinaryDecodingError) in
                    try deleted.withUnsafeBufferPointer { deleted throws(BinaryDecodingError) in
                        try checkRuns(runs, order: order, inserts: inserts, deleted: deleted)
                    }
                }
            }
        }
        let expected = inserts.reduce(0) { $0 + Int($1.length) }
        guard characters == expected else {
            throw .invalidValue(
                field: "state", offset: stateOffset,
                reason: "snapshot holds \(characters) characters, the history inserted \(expected)")
        }
        return TextSequence(runs: state.runs, lvCount: lvCount)
    }

    /// Checks the runs, in LV order, against the insertions and the deleted flags (one per LV,
    /// as many as the history's LVs), fills in their origins, and counts their characters (see
    /// ``checkState(_:inserts:deletions:lvCount:)``).
    private func checkRuns(
        _ runs: UnsafeMutableBufferPointer<ItemRun>, order: UnsafeBufferPointer<Int32>,
        inserts: UnsafeBufferPointer<InsertSpan>, deleted: UnsafeBufferPointer<UInt8>
    ) throws(BinaryDecodingError) -> Int {
        let lvCount = deleted.count
        var characters = 0
        var index = 0
        for position in order {
            let run = runs[Int(position)]
            func bad(_ reason: String) -> BinaryDecodingError {
                .invalidValue(field: "state run", offset: stateOffset, reason: "run \(position): \(reason)")
            }
            guard Int(run.end) <= lvCount else {
                throw bad("run \(run.lv)+\(run.length) outside the history's \(lvCount) operations")
            }
            // The insertion holding the first character: runs come in LV order, so it is at or
            // after the one holding the previous run's last character.
            while index < inserts.count && inserts[index].end <= run.lv { index += 1 }
            guard index < inserts.count, inserts[index].lv <= run.lv else {
                throw bad("LV \(run.lv) is not an inserted character")
            }
            let first = inserts[index]
            let right = first.right
            runs[Int(position)].originLeft = first.lv == run.lv ? first.left : run.lv - 1
            runs[Int(position)].originRight = right
            // Where the run continues into the next insertions, each must follow on directly.
            while inserts[index].end < run.end {
                let k = inserts[index].end
                index += 1
                guard index < inserts.count, inserts[index].lv == k else {
                    throw bad("character \(k) is not an inserted character")
                }
                guard inserts[index].left == k - 1, inserts[index].right == right else {
                    throw bad("character \(k) does not continue the run")
                }
            }
            characters += Int(run.length)
            // All flags are 0 or 1: a deleted run needs their minimum 1, another their maximum 0
            // (checked over the whole run without branches, then searched if it fails).
            let flags = UnsafeBufferPointer(rebasing: deleted[Int(run.lv)..<Int(run.end)])
            let clean = run.deleted ? flags.reduce(1, &) == 1 : flags.reduce(0, |) == 0
            if !clean {
                let wanted: UInt8 = run.deleted ? 1 : 0
                let lv = Int(run.lv) + (flags.firstIndex { $0 != wanted } ?? 0)
                throw .invalidValue(
                    field: "state", offset: stateOffset, reason: "character \(lv) has the wrong deletion state")
            }
        }
        return characters
    }
}
