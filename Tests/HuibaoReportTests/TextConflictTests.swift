import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Text conflicts")
struct TextConflictTests {
    static func base() throws -> ReportDocument {
        try ReportDocument.importing(
            ReportText(text: "一、工作情况\n开展廉政约谈3次，成效明显。\n二、存在问题\n学习不够深入。\n"),
            metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 1)
    }

    /// The scalar offset of `needle` in the document's body.
    static func offset(of needle: String, in report: ReportDocument) throws -> Int {
        let text = Array(report.document.text.unicodeScalars)
        let pattern = Array(needle.unicodeScalars)
        let index = text.indices.first { text[$0...].starts(with: pattern) }
        return try #require(index, "\(needle) not in the text")
    }

    static func fork(_ report: ReportDocument, _ replica: UInt64) -> ReportDocument {
        ReportDocument(document: report.document.forked(as: ReplicaID(replica)))
    }

    /// Edits the document of `report` and commits.
    static func edit(_ report: inout ReportDocument, wallTime: Int64, _ body: (inout Document) throws -> Void) throws {
        var document = report.document
        try body(&document)
        document.commit(wallTime: wallTime)
        report = ReportDocument(document: document)
    }

    @Test(
        "two clerks editing one sentence concurrently: one conflict on both replicas, both edits shown, merged text kept"
    )
    func concurrentEditsOfOneSentence() throws {
        let origin = try Self.base()
        var a = Self.fork(origin, 2)
        var b = Self.fork(origin, 3)
        let aAt2 = try Self.offset(of: "开展", in: a)
        try Self.edit(&a, wallTime: 2) { try $0.insert("认真", at: aAt2) }
        let bAt3 = try Self.offset(of: "，成效明显", in: b)
        try Self.edit(&b, wallTime: 3) { try $0.delete(at: bAt3, count: 5) }
        // An edit of another sentence by a third clerk collides with nothing.
        var c = Self.fork(origin, 4)
        let cAt4 = try Self.offset(of: "深入。", in: c)
        try Self.edit(&c, wallTime: 4) { try $0.insert("和深入", at: cAt4 + 2) }
        try ReportDocument.exchange(&a, &b)
        try ReportDocument.exchange(&a, &c)
        try ReportDocument.exchange(&b, &c)
        for side in [a, b, c] {
            let conflicts = side.textConflicts()
            #expect(conflicts.count == 1)
            let conflict = try #require(conflicts.first)
            #expect(conflict.kind == .concurrentEdits)
            #expect(conflict.line == 2)
            #expect(conflict.merged == "认真开展廉政约谈3次。")
            #expect(Set(conflict.sides.map(\.inserted)) == ["认真", ""])
            #expect(Set(conflict.sides.map(\.deleted)) == ["", "，成效明显"])
            #expect(Set(conflict.sides.map(\.author)) == [ReplicaID(2), ReplicaID(3)])
        }
        #expect(a.textConflicts() == b.textConflicts())
    }

    @Test("an edit of a sentence another clerk deleted is listed as such; the edit survives in the text")
    func editOfDeletedText() throws {
        let origin = try Self.base()
        var a = Self.fork(origin, 2)
        var b = Self.fork(origin, 3)
        let aAt2 = try Self.offset(of: "学习不够深入。", in: a)
        try Self.edit(&a, wallTime: 2) { try $0.delete(at: aAt2, count: 7) }
        let bAt3 = try Self.offset(of: "学习不够", in: b)
        try Self.edit(&b, wallTime: 3) { try $0.insert("理论", at: bAt3) }
        try ReportDocument.exchange(&a, &b)
        let conflict = try #require(a.textConflicts().first)
        #expect(conflict.kind == .editOfDeletedText)
        #expect(a.snapshot().text.hasSuffix("二、存在问题\n理论\n"))
        #expect(conflict.sides.contains { $0.deleted == "学习不够深入。" })
        #expect(conflict.sides.contains { $0.inserted == "理论" })
    }

    @Test("an edit made after seeing the other is no conflict; accepting one records it for every replica")
    func sequentialEditsAndAcceptance() throws {
        var a = Self.fork(try Self.base(), 2)
        var b = Self.fork(a, 3)
        let aAt2 = try Self.offset(of: "开展", in: a)
        try Self.edit(&a, wallTime: 2) { try $0.insert("认真", at: aAt2) }
        try ReportDocument.exchange(&a, &b)
        let bAt3 = try Self.offset(of: "，成效明显", in: b)
        try Self.edit(&b, wallTime: 3) { try $0.delete(at: bAt3, count: 5) }
        try ReportDocument.exchange(&a, &b)
        #expect(a.textConflicts().isEmpty)

        let aAt4 = try Self.offset(of: "开展", in: a)
        try Self.edit(&a, wallTime: 4) { try $0.insert("全年", at: aAt4) }
        let bAt4 = try Self.offset(of: "廉政", in: b)
        try Self.edit(&b, wallTime: 4) { try $0.insert("共", at: bAt4) }
        try ReportDocument.exchange(&a, &b)
        let id = try #require(a.textConflicts().first?.id)
        #expect(throws: ReportEditError.unknownConflict("ffff")) { try a.acceptTextConflict("ffff", wallTime: 5) }
        let accepted = try a.acceptTextConflict(String(id.prefix(6)), wallTime: 5)
        #expect(accepted.id == id)
        #expect(a.textConflicts().isEmpty)
        try ReportDocument.exchange(&a, &b)
        #expect(b.textConflicts().isEmpty)
    }

    @Test("two clerks who both edited the same two sentences see the conflict in each and accept it once")
    func conflictInTwoSentences() throws {
        var a = Self.fork(try Self.base(), 2)
        var b = Self.fork(a, 3)
        try Self.edit(&a, wallTime: 2) { document in
            try document.insert("认真", at: try Self.offset(of: "开展", in: ReportDocument(document: document)))
            try document.insert("仍", at: try Self.offset(of: "学习", in: ReportDocument(document: document)))
        }
        try Self.edit(&b, wallTime: 3) { document in
            try document.insert("共", at: try Self.offset(of: "廉政", in: ReportDocument(document: document)))
            try document.insert("还", at: try Self.offset(of: "不够", in: ReportDocument(document: document)))
        }
        try ReportDocument.exchange(&a, &b)
        let conflicts = a.textConflicts()
        #expect(conflicts.map(\.line) == [2, 4])
        #expect(Set(conflicts.map(\.id)).count == 1)
        let id = try #require(conflicts.first?.id)
        #expect(try a.acceptTextConflict(id, wallTime: 5).id == id)
        #expect(a.textConflicts().isEmpty)
    }

    /// The report as a workspace loads it: from its encoded checkpoint, history left encoded.
    static func loaded(_ report: ReportDocument) throws -> ReportDocument {
        ReportDocument(document: try Document(decoding: report.document.encoded(), replica: report.document.replica))
    }

    @Test(
        "a report loaded from its checkpoint finds the same text conflicts as the replica that made them",
        arguments: 1...8)
    func loadedFindsTheSameConflicts(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let origin = try Self.base()
        var replicas = (2...4).map { Self.fork(origin, UInt64($0)) }
        for round in 0..<6 {
            for k in replicas.indices where Bool.random(using: &rng) {
                var document = replicas[k].document
                try RandomEdits.edit(
                    &document, count: Int.random(in: 1...3, using: &rng), wallTime: Int64(round * 10 + k), using: &rng)
                replicas[k] = ReportDocument(document: document)
            }
            let a = Int.random(in: 0..<3, using: &rng)
            let b = (a + Int.random(in: 1...2, using: &rng)) % 3
            var first = replicas[a]
            var second = replicas[b]
            try ReportDocument.exchange(&first, &second)
            replicas[a] = first
            replicas[b] = second
        }
        for replica in replicas {
            let loaded = try Self.loaded(replica)
            #expect(loaded.textConflicts() == replica.textConflicts())
            // And with a local edit on top of the load, as `apply` makes.
            var edited = loaded
            var document = edited.document
            try RandomEdits.edit(&document, count: 1, wallTime: 99, using: &rng)
            edited = ReportDocument(document: document)
            var reference = replica.document
            try reference.apply(edited.document.changes(notIn: reference.versionVector))
            #expect(edited.textConflicts() == ReportDocument(document: reference).textConflicts())
        }
    }

    @Test("concurrent edits of different sentences are checked without decoding the loaded history")
    func noCollisionLeavesHistoryEncoded() throws {
        let origin = try Self.base()
        var a = Self.fork(origin, 2)
        var b = Self.fork(origin, 3)
        let aAt = try Self.offset(of: "开展", in: a)
        try Self.edit(&a, wallTime: 2) { try $0.insert("认真", at: aAt) }
        let bAt = try Self.offset(of: "深入。", in: b)
        try Self.edit(&b, wallTime: 3) { try $0.insert("和深入", at: bAt + 2) }
        try ReportDocument.exchange(&a, &b)
        let loaded = try Self.loaded(a)
        #expect(!loaded.document.isHistoryLinear)
        #expect(loaded.textConflicts().isEmpty)
        #expect(!loaded.document.isHistoryMaterialised)
    }
}
