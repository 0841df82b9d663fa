extension DocumentBodyDecoder {
    /// One insertion of the history, in LV form: where each character's origins come from.
    struct InsertSpan {
        var lv: Int32
        var length: Int32
        var left: Int32
        var right: Int32
    }

    /// Reads the state snapshot's runs in text order (LVs, lengths, deletion states; origins
    /// are filled in by ``checkState(_:content:inserts:deleted:)``), each within `0..<limit`.
    mutating func readStateRuns(limit: Int) throws(BinaryDecodingError) -> [ItemRun] {
        stateOffset = stateLVColumn.position
        var runs: [ItemRun] = []
        runs.reserveCapacity(min(stateRunCount, limit, 1 << 16))
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
        return runs
    }

    /// Rebuilds the text from the state snapshot's runs, checking them against the history:
    /// every character appears exactly once, with the deletion state and origins the history
    /// gives it.
    func checkState(_ stateRuns: [ItemRun], content: [UInt32], inserts: [InsertSpan], deleted: [Bool])
        throws(BinaryDecodingError) -> TextSequence
    {
        let lvCount = content.count
        var covered = [Bool](repeating: false, count: lvCount)
        var characters = 0
        var runs: [ItemRun] = []
        runs.reserveCapacity(stateRuns.count)
        for (position, run) in stateRuns.enumerated() {
            func bad(_ reason: String) -> BinaryDecodingError {
                .invalidValue(field: "state run", offset: stateOffset, reason: "run \(position): \(reason)")
            }
            let lv = Int64(run.lv)
            let length = Int64(run.length)
            let flag = run.deleted ? 1 : 0
            guard lv + length <= Int64(lvCount) else {
                throw bad("run \(lv)+\(length) outside the history's \(lvCount) operations")
            }
            // The insertion holding the first character.
            var low = 0
            var high = inserts.count
            while low < high {
                let mid = (low + high) / 2
                if Int64(inserts[mid].lv) <= lv { low = mid + 1 } else { high = mid }
            }
            guard low > 0, Int64(inserts[low - 1].lv + inserts[low - 1].length) > lv else {
                throw bad("LV \(lv) is not an inserted character")
            }
            var index = low - 1
            let first = inserts[index]
            let left = Int64(first.lv) == lv ? first.left : Int32(lv) - 1
            let right = first.right
            var k = Int(lv)
            let end = Int(lv + length)
            while k < end {
                if Int(inserts[index].lv + inserts[index].length) <= k {
                    // The run continues into the next insertion: it must follow on directly.
                    index += 1
                    guard index < inserts.count, Int(inserts[index].lv) == k else {
                        throw bad("character \(k) is not an inserted character")
                    }
                    guard inserts[index].left == Int32(k) - 1, inserts[index].right == right else {
                        throw bad("character \(k) does not continue the run")
                    }
                }
                let segmentEnd = min(end, Int(inserts[index].lv + inserts[index].length))
                let wantDeleted = flag == 1
                let problem: Int? = covered.withUnsafeMutableBufferPointer { covered in
                    deleted.withUnsafeBufferPointer { deleted in
                        for j in k..<segmentEnd {
                            if covered[j] || deleted[j] != wantDeleted { return j }
                            covered[j] = true
                        }
                        return nil
                    }
                }
                if let problem {
                    throw bad("character \(problem) appears twice or has the wrong deletion state")
                }
                k = segmentEnd
            }
            characters += Int(length)
            runs.append(
                ItemRun(lv: Int32(lv), length: Int32(length), originLeft: left, originRight: right, deleted: flag == 1))
        }
        let expected = inserts.reduce(0) { $0 + Int($1.length) }
        guard characters == expected else {
            throw .invalidValue(
                field: "state", offset: stateOffset,
                reason: "snapshot holds \(characters) characters, the history inserted \(expected)")
        }
        return TextSequence(runs: runs, lvCount: lvCount)
    }
}
