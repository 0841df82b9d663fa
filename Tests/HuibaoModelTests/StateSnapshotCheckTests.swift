import HuibaoTestSupport
import Testing

@testable import HuibaoModel

/// The state snapshot of a document body is checked against the history on load: a snapshot
/// that lists a character twice, leaves one out, gives it the wrong deletion state or runs over
/// an operation that is no character is refused, in every format that has one.
@Suite("State snapshot checks")
struct StateSnapshotCheckTests {
    /// One run of the snapshot as stored (canonical LVs).
    struct StoredRun: Equatable {
        var lv: Int64
        var length: Int
        var deleted: Bool
    }

    /// A single replica's history with insertions and deletions over many changes (its local LVs
    /// are its canonical LVs).
    static func singleReplica() throws -> Document {
        var document = Document(replica: ReplicaID(9))
        var rng = SeededGenerator(seed: 31)
        for step in 0..<120 {
            try RandomEdits.edit(&document, count: 4, wallTime: Int64(step), using: &rng)
        }
        return document
    }

    /// Replicas that edited concurrently, then synced.
    static func concurrent() throws -> Document {
        var simulator = ReplicaSimulator(replicas: 3, seed: 404)
        try simulator.run(steps: 120)
        try simulator.syncAll()
        return simulator.replicas[0]
    }

    /// The snapshot's runs of `document` encoded in `formatVersion`.
    static func storedRuns(of document: Document, formatVersion: UInt8) throws -> [StoredRun] {
        let sections = Dictionary(
            uniqueKeysWithValues: document.encodedSections(formatVersion: formatVersion).map { ($0.name, $0.bytes) })
        var countReader = ByteReader(sections["state run count"] ?? [])
        let count = try countReader.readCount("count", max: .max)
        func column(_ name: String) throws -> IntegerColumn {
            var reader = ByteReader(sections[name] ?? [])
            return IntegerColumn(try reader.readBlock(name), runLength: formatVersion >= 3)
        }
        var lvs = try column("state LV")
        var lengths = try column("state length")
        var flags = try column("state deleted")
        var runs: [StoredRun] = []
        var previousEnd: Int64 = 0
        for _ in 0..<count {
            let lv = previousEnd + (try lvs.nextSigned("lv"))
            let length = try lengths.nextCount("length", max: .max)
            runs.append(StoredRun(lv: lv, length: length, deleted: try flags.next("deleted") == 1))
            previousEnd = lv + Int64(length)
        }
        return runs
    }

    /// `document` encoded in `formatVersion` (uncompressed) with its snapshot replaced by `runs`.
    static func encoded(_ document: Document, formatVersion: UInt8, runs: [StoredRun]) -> [UInt8] {
        let runLength = formatVersion >= 3
        var lvs = IntegerColumnWriter(runLength: runLength)
        var lengths = IntegerColumnWriter(runLength: runLength)
        var flags = IntegerColumnWriter(runLength: runLength)
        var previousEnd: Int64 = 0
        for run in runs {
            lvs.appendSigned(run.lv - previousEnd)
            lengths.append(run.length)
            flags.append(run.deleted ? 1 : 0)
            previousEnd = run.lv + Int64(run.length)
        }
        var body: [UInt8] = []
        for (name, bytes) in document.encodedSections(formatVersion: formatVersion) {
            var writer = ByteWriter()
            switch name {
            case "state run count": writer.writeVarint(runs.count)
            case "state LV": writer.writeBlock(lvs.bytes)
            case "state length": writer.writeBlock(lengths.bytes)
            case "state deleted": writer.writeBlock(flags.bytes)
            default: writer.writeBytes(bytes)
            }
            body += writer.bytes
        }
        return Document.envelope(body: body, compressed: false, formatVersion: formatVersion)
    }

    /// Expects `bytes` to be refused, lazily and fully, for a problem of the state.
    static func expectRefused(_ bytes: [UInt8], _ comment: Comment) {
        for lazily in [true, false] {
            do {
                _ = try Document(decoding: bytes, replica: ReplicaID(1), lazily: lazily)
                Issue.record("accepted: \(comment)")
            } catch {
                #expect(!error.description.isEmpty, comment)
            }
        }
    }

    static let formats: [UInt8] = [1, 2, 3]

    @Test("the unchanged snapshot rewritten by the test's writer still loads", arguments: formats)
    func untouchedSnapshotLoads(formatVersion: UInt8) throws {
        for document in [try Self.singleReplica(), try Self.concurrent()] {
            let runs = try Self.storedRuns(of: document, formatVersion: formatVersion)
            let bytes = Self.encoded(document, formatVersion: formatVersion, runs: runs)
            #expect(bytes == document.encoded(formatVersion: formatVersion, compressed: false))
            #expect(try Document(decoding: bytes, replica: ReplicaID(1)).text == document.text)
        }
    }

    @Test("a run with the wrong deletion state is refused", arguments: formats)
    func wrongDeletionState(formatVersion: UInt8) throws {
        for document in [try Self.singleReplica(), try Self.concurrent()] {
            let runs = try Self.storedRuns(of: document, formatVersion: formatVersion)
            #expect(runs.contains { $0.deleted } && runs.contains { !$0.deleted })
            for position in Set([0, 1, runs.count / 2, runs.count - 1]) {
                var tampered = runs
                tampered[position].deleted.toggle()
                Self.expectRefused(
                    Self.encoded(document, formatVersion: formatVersion, runs: tampered),
                    "format \(formatVersion), deletion state of run \(position) flipped")
            }
            // One character of a longer run, split off with the other state.
            if let position = runs.firstIndex(where: { $0.length > 2 }) {
                var tampered = runs
                let run = runs[position]
                tampered[position].length = 1
                tampered.insert(
                    StoredRun(lv: run.lv + 1, length: 1, deleted: !run.deleted), at: position + 1)
                tampered.insert(
                    StoredRun(lv: run.lv + 2, length: run.length - 2, deleted: run.deleted), at: position + 2)
                Self.expectRefused(
                    Self.encoded(document, formatVersion: formatVersion, runs: tampered),
                    "format \(formatVersion), one character of run \(position) with the other deletion state")
            }
        }
    }

    @Test("a character listed twice or left out is refused", arguments: formats)
    func duplicatedOrMissingCharacters(formatVersion: UInt8) throws {
        for document in [try Self.singleReplica(), try Self.concurrent()] {
            let runs = try Self.storedRuns(of: document, formatVersion: formatVersion)
            for position in Set([0, runs.count / 3, runs.count - 1]) {
                var dropped = runs
                dropped.remove(at: position)
                Self.expectRefused(
                    Self.encoded(document, formatVersion: formatVersion, runs: dropped),
                    "format \(formatVersion), run \(position) left out")
                var repeated = runs
                repeated.insert(runs[position], at: (position + runs.count / 2) % runs.count)
                Self.expectRefused(
                    Self.encoded(document, formatVersion: formatVersion, runs: repeated),
                    "format \(formatVersion), run \(position) listed twice")
                // Listed twice in place of another run of the same length: the count is right.
                if let other = runs.indices.first(where: { $0 != position && runs[$0].length == runs[position].length })
                {
                    var swapped = runs
                    swapped[other] = runs[position]
                    Self.expectRefused(
                        Self.encoded(document, formatVersion: formatVersion, runs: swapped),
                        "format \(formatVersion), run \(position) in place of run \(other)")
                }
            }
        }
    }

    @Test("a run reaching an operation that is no character is refused", arguments: formats)
    func runOverNonCharacter(formatVersion: UInt8) throws {
        let document = try Self.singleReplica()
        let runs = try Self.storedRuns(of: document, formatVersion: formatVersion)
        let isCharacter = { (lv: Int64) in
            lv < Int64(document.content.count) && document.content[Int(lv)] < Document.registerMarker
        }
        var tested = 0
        for (position, run) in runs.enumerated() where !isCharacter(run.lv + Int64(run.length)) {
            var tampered = runs
            tampered[position].length += 1
            Self.expectRefused(
                Self.encoded(document, formatVersion: formatVersion, runs: tampered),
                "format \(formatVersion), run \(position) reaching a non-character")
            tested += 1
            if tested == 5 { break }
        }
        #expect(tested > 0)
    }

    @Test("a run that continues across a character of the other deletion state is refused", arguments: formats)
    func runAcrossOtherDeletionState(formatVersion: UInt8) throws {
        // One replica: its local LVs are its canonical LVs, so the document's origins apply.
        let document = try Self.singleReplica()
        var origins: [Int32: (left: Int32, right: Int32)] = [:]
        document.textSequence.forEachRun { run in
            for offset in 0..<run.length { origins[run.lv + offset] = (run.originLeft(at: offset), run.originRight) }
        }
        let runs = try Self.storedRuns(of: document, formatVersion: formatVersion)
        // Neighbours split only by their deletion state: joined, the history's origins still
        // continue the run, so only the deletion flags tell it is wrong (inside the run).
        var tested: Set<Bool> = []
        for position in runs.indices.dropLast() {
            let (run, next) = (runs[position], runs[position + 1])
            guard run.lv + Int64(run.length) == next.lv, run.deleted != next.deleted,
                let first = origins[Int32(next.lv)], let last = origins[Int32(next.lv - 1)],
                first.left == Int32(next.lv - 1), first.right == last.right, !tested.contains(run.deleted)
            else { continue }
            var tampered = runs
            tampered[position].length += next.length
            tampered.remove(at: position + 1)
            let bytes = Self.encoded(document, formatVersion: formatVersion, runs: tampered)
            for lazily in [true, false] {
                #expect(throws: BinaryDecodingError.self, "format \(formatVersion), run \(position) joined") {
                    try Document(decoding: bytes, replica: ReplicaID(1), lazily: lazily)
                }
                do {
                    _ = try Document(decoding: bytes, replica: ReplicaID(1), lazily: lazily)
                } catch {
                    #expect(error.description.contains("wrong deletion state"), "\(error)")
                }
            }
            tested.insert(run.deleted)
        }
        // A visible run reaching a deleted character, and a deleted run reaching a visible one.
        #expect(tested == [false, true])
    }

    @Test(
        "a run listed twice is refused as a character that appears twice, before the history is checked",
        arguments: formats)
    func repeatedRunNamesTheCharacter(formatVersion: UInt8) throws {
        let document = try Self.singleReplica()
        let runs = try Self.storedRuns(of: document, formatVersion: formatVersion)
        for position in Set([0, runs.count / 2, runs.count - 1]) {
            var repeated = runs
            repeated.insert(runs[position], at: (position + runs.count / 3) % runs.count)
            let bytes = Self.encoded(document, formatVersion: formatVersion, runs: repeated)
            for lazily in [true, false] {
                do {
                    _ = try Document(decoding: bytes, replica: ReplicaID(1), lazily: lazily)
                    Issue.record("format \(formatVersion): run \(position) listed twice was accepted")
                } catch {
                    #expect(error.description.contains("character \(runs[position].lv) appears twice"), "\(error)")
                }
            }
        }
    }
}

/// Bodies whose history points an insert origin or a deletion at an LV that is no character (a
/// deletion), rewritten in their columns: the decoder checks those on its set of non-character
/// LVs instead of the content.
@Suite("Origins and deletion targets that are no character")
struct NonCharacterReferenceTests {
    /// The values of an integer column section (its block length first).
    static func values(_ section: [UInt8], formatVersion: UInt8) throws -> [UInt64] {
        var reader = ByteReader(section)
        var column = IntegerColumn(try reader.readBlock("column"), runLength: formatVersion >= 3)
        var values: [UInt64] = []
        while (try? column.expectEnd("column")) == nil { values.append(try column.next("value")) }
        return values
    }

    /// An integer column section holding `values`.
    static func section(_ values: [UInt64], formatVersion: UInt8) -> [UInt8] {
        var column = IntegerColumnWriter(runLength: formatVersion >= 3)
        for value in values { column.append(value) }
        var writer = ByteWriter()
        writer.writeBlock(column.bytes)
        return writer.bytes
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func unzigzag(_ raw: UInt64) -> Int64 { Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))) }

    /// The LVs of one replica's operations, in order: each insertion's LV and left origin, each
    /// deletion's LV and target.
    static func operations(of document: Document) -> (
        inserts: [(lv: Int64, left: Int64)], deletes: [(lv: Int64, target: Int64)]
    ) {
        var inserts: [(lv: Int64, left: Int64)] = []
        var deletes: [(lv: Int64, target: Int64)] = []
        var lv: Int64 = 0
        for change in document.changes {
            for operation in change.operations {
                switch operation {
                case .insertText(let after, _, _):
                    inserts.append((lv, after.flatMap { document.lv(of: $0) }.map(Int64.init) ?? -1))
                case .deleteText(let start, _):
                    deletes.append((lv, Int64(document.lv(of: start) ?? -1)))
                case .setRegister: break
                }
                lv += Int64(operation.width)
            }
        }
        return (inserts, deletes)
    }

    /// `document`'s body in `formatVersion` with the sections named replaced.
    static func body(_ document: Document, formatVersion: UInt8, replacing: [String: [UInt8]]) -> [UInt8] {
        let sections = document.encodedSections(formatVersion: formatVersion)
        return Document.envelope(
            body: Array(sections.map { replacing[$0.name] ?? $0.bytes }.joined()), compressed: false,
            formatVersion: formatVersion)
    }

    static func expectRefused(_ bytes: [UInt8], _ comment: Comment) {
        for lazily in [true, false] {
            do {
                _ = try Document(decoding: bytes, replica: ReplicaID(1), lazily: lazily)
                Issue.record("accepted: \(comment)")
            } catch {
                #expect(error.description.contains("is not a known character"), "\(comment): \(error)")
            }
        }
    }

    @Test("an insert origin at a deletion is refused", arguments: [UInt8(2), 3])
    func originAtDeletion(formatVersion: UInt8) throws {
        let document = try StateSnapshotCheckTests.singleReplica()
        let (inserts, _) = Self.operations(of: document)
        let deletion = try #require(document.content.firstIndex(of: Document.deletionMarker))
        let k = try #require(inserts.firstIndex { $0.lv > Int64(deletion) })
        let sections = Dictionary(
            uniqueKeysWithValues: document.encodedSections(formatVersion: formatVersion).map { ($0.name, $0.bytes) })
        var left = try Self.values(sections["insert origin"] ?? [], formatVersion: formatVersion)
        #expect(left.count == inserts.count)
        if formatVersion >= 3 {
            // A correction of the predicted origin: move it by as much as the origin moves.
            left[k] = Self.zigzag(Self.unzigzag(left[k]) + Int64(deletion) - inserts[k].left)
        } else {
            left[k] = UInt64(inserts[k].lv - Int64(deletion))
        }
        Self.expectRefused(
            Self.body(
                document, formatVersion: formatVersion,
                replacing: ["insert origin": Self.section(left, formatVersion: formatVersion)]),
            "format \(formatVersion), insertion \(k) after deletion LV \(deletion)")
    }

    @Test("a deletion of a deletion is refused", arguments: [UInt8(2), 3])
    func deletionOfDeletion(formatVersion: UInt8) throws {
        let document = try StateSnapshotCheckTests.singleReplica()
        let (_, deletes) = Self.operations(of: document)
        let deletion = try #require(document.content.firstIndex(of: Document.deletionMarker))
        let j = try #require(deletes.firstIndex { $0.lv > Int64(deletion) })
        let sections = Dictionary(
            uniqueKeysWithValues: document.encodedSections(formatVersion: formatVersion).map { ($0.name, $0.bytes) })
        var targets = try Self.values(sections["delete target"] ?? [], formatVersion: formatVersion)
        #expect(targets.count == deletes.count)
        // Targets are differences from the previous deletion's end: move this one and keep the
        // next where it was.
        let shift = Int64(deletion) - deletes[j].target
        targets[j] = Self.zigzag(Self.unzigzag(targets[j]) + shift)
        if j + 1 < targets.count { targets[j + 1] = Self.zigzag(Self.unzigzag(targets[j + 1]) - shift) }
        Self.expectRefused(
            Self.body(
                document, formatVersion: formatVersion,
                replacing: ["delete target": Self.section(targets, formatVersion: formatVersion)]),
            "format \(formatVersion), deletion \(j) of deletion LV \(deletion)")
    }
}
