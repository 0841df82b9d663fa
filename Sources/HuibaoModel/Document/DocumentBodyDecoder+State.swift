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
    /// and checks that no two runs share a character.
    mutating func readStateRuns(limit: Int) throws(BinaryDecodingError) -> StateRuns {
        stateOffset = stateLVColumn.position
        var runs: [ItemRun] = []
        runs.reserveCapacity(min(stateRunCount, limit, 1 << 20))
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
            previousEnd = lv + length
        }
        for column in [stateLVColumn, stateLengthColumn, stateDeletedColumn] {
            try column.expectEnd("state column")
        }
        // In LV order, each run must start at or after the end of the one before.
        let order = RadixSort.order(of: runs.map { UInt32(bitPattern: $0.lv) })
        var previous: Int32 = 0
        for position in order {
            let run = runs[Int(position)]
            guard run.lv >= previous else {
                throw .invalidValue(
                    field: "state run", offset: stateOffset,
                    reason: "run \(position): character \(run.lv) appears twice")
            }
            previous = run.end
        }
        return StateRuns(runs: runs, order: order)
    }

    /// Rebuilds the text from the state snapshot's runs, checking them against the history run
    /// by run: every inserted character appears exactly once, with the deletion state and
    /// origins the history gives it.
    ///
    /// - Parameters:
    ///   - state: the snapshot's runs, which ``readStateRuns(limit:)`` checked share no
    ///     character.
    ///   - inserts: the history's insertions, in ascending LV order.
    ///   - deletions: the characters the history's deletions reached (each an inserted
    ///     character), in any order, possibly more than once.
    ///   - lvCount: the number of LVs of the history.
    ///
    /// Because the runs are disjoint and each lies within the insertions, they hold every
    /// inserted character exactly once if and only if they hold as many characters as the
    /// insertions. And then the characters of the runs marked deleted are those the deletions
    /// reached if and only if both sets, as sorted unions of ranges, are equal.
    func checkState(_ state: StateRuns, inserts: [InsertSpan], deletions: [LVRange], lvCount: Int)
        throws(BinaryDecodingError) -> TextSequence
    {
        var runs = state.runs
        var characters = 0
        // Where the runs marked deleted lie, in LV order, adjacent ones joined.
        var deletedByState: [LVRange] = []
        var index = 0
        for position in state.order {
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
            if run.deleted {
                if let last = deletedByState.last, last.end == run.lv {
                    deletedByState[deletedByState.count - 1].length += run.length
                } else {
                    deletedByState.append(LVRange(lv: run.lv, length: run.length))
                }
            }
        }
        let expected = inserts.reduce(0) { $0 + Int($1.length) }
        guard characters == expected else {
            throw .invalidValue(
                field: "state", offset: stateOffset,
                reason: "snapshot holds \(characters) characters, the history inserted \(expected)")
        }
        let deletedByHistory = Self.union(of: deletions)
        if deletedByState != deletedByHistory {
            let lv = Self.firstDifference(deletedByState, deletedByHistory)
            throw .invalidValue(
                field: "state", offset: stateOffset, reason: "character \(lv) has the wrong deletion state")
        }
        return TextSequence(runs: runs, lvCount: lvCount)
    }

    /// The LVs `ranges` cover, as ascending disjoint ranges, adjacent ones joined.
    static func union(of ranges: [LVRange]) -> [LVRange] {
        let order = RadixSort.order(of: ranges.map { UInt32(bitPattern: $0.lv) })
        return ranges.withUnsafeBufferPointer { ranges in
            [LVRange](unsafeUninitializedCapacity: ranges.count) { union, count in
                count = 0
                for position in order {
                    let range = ranges[Int(position)]
                    if count > 0 && union[count - 1].end >= range.lv {
                        union[count - 1].length = max(union[count - 1].end, range.end) - union[count - 1].lv
                    } else {
                        union[count] = range
                        count += 1
                    }
                }
            }
        }
    }

    /// The smallest LV in one of two different unions (see ``union(of:)``) but not the other.
    static func firstDifference(_ a: [LVRange], _ b: [LVRange]) -> Int32 {
        for (x, y) in zip(a, b) where x != y {
            return x.lv != y.lv ? min(x.lv, y.lv) : min(x.end, y.end)
        }
        return a.count > b.count ? a[b.count].lv : b.count > a.count ? b[a.count].lv : -1
    }
}
