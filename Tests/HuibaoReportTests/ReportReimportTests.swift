import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Report re-import as edits")
struct ReportReimportTests {
    static let original = "一、工作情况\n开展廉政约谈3次，警示教育*次。\n二、问题\n学习不够深入。\n"

    static func imported() throws -> ReportDocument {
        try ReportDocument.importing(
            ReportText(text: original), metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 1)
    }

    @Test("changing one number is one register write, not digits deleted and inserted")
    func numberChangeIsRegisterWrite() throws {
        var document = try Self.imported()
        let edited = Self.original.replacingOccurrences("约谈3次", "约谈5次")
        let change = try #require(try document.reimport(ReportText(text: edited), wallTime: 2))
        #expect(change.operations.count == 1)
        guard case .setRegister(_, .text("5"), let overwrites) = change.operations[0] else {
            Issue.record("expected a register write, got \(change.operations)")
            return
        }
        #expect(overwrites.count == 1)
        #expect(document.snapshot().text == edited)
    }

    @Test("inserting and deleting prose are single text operations")
    func proseEdits() throws {
        var document = try Self.imported()
        let inserted = Self.original.replacingOccurrences("学习不够深入。", "学习不够深入，创新不足。")
        let first = try #require(try document.reimport(ReportText(text: inserted), wallTime: 2))
        #expect(first.operations.count == 1)
        if case .insertText(_, _, let text) = first.operations[0] {
            #expect(text == "，创新不足")
        } else {
            Issue.record("\(first.operations)")
        }
        let deleted = inserted.replacingOccurrences("，警示教育*次", "")
        let second = try #require(try document.reimport(ReportText(text: deleted), wallTime: 3))
        #expect(second.operations.count == 1)
        if case .deleteText(_, let count) = second.operations[0] {
            #expect(count == 7)
        } else {
            Issue.record("\(second.operations)")
        }
        #expect(document.snapshot().text == deleted)
        #expect(document.snapshot().metrics.count == 1)
    }

    @Test("a new number becomes a new metric; an unchanged text records nothing")
    func newMetricAndNoop() throws {
        var document = try Self.imported()
        #expect(try document.reimport(ReportText(text: Self.original), wallTime: 2) == nil)
        let edited = Self.original.replacingOccurrences("学习不够深入。", "学习不够深入，仅学习2次。")
        let change = try #require(try document.reimport(ReportText(text: edited), wallTime: 3))
        #expect(change.operations.count == 2)
        let snapshot = document.snapshot()
        #expect(snapshot.text == edited)
        #expect(snapshot.metrics.map(\.raw) == ["3", "*", "2"])
        #expect(snapshot.metrics.allSatisfy { $0.id != nil })
    }

    @Test("an untouched conflict survives a re-import; editing it resolves it")
    func conflictSurvivesReimport() throws {
        var a = try Self.imported()
        var b = ReportDocument(document: a.document.forked(as: ReplicaID(2)))
        let id = try #require(a.snapshot().metrics.first?.id)
        try a.setMetric(id, to: "4", wallTime: 2)
        try b.setMetric(id, to: "5", wallTime: 2)
        try a.apply(b.document.changes(notIn: a.document.versionVector))
        let shown = a.snapshot().text
        #expect(shown.contains("约谈{4|5}次"))
        #expect(try a.reimport(ReportText(text: shown + "补充。"), wallTime: 3)?.operations.count == 1)
        #expect(a.snapshot().conflicts.count == 1)
        try a.reimport(ReportText(text: a.snapshot().text.replacingOccurrences("{4|5}", "5")), wallTime: 4)
        #expect(a.snapshot().conflicts.isEmpty)
        #expect(a.snapshot().metrics.first?.raw == "5")
    }

    @Test("random edits of a sample re-import to exactly the edited text", arguments: 0..<25)
    func randomEdits(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let name = Samples.names[Int(seed) % 3]
        let base = try ReportText(bytes: Samples.bytes(name), source: name)
        var document = try ReportDocument.importing(
            base, metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 0)
        var scalars = Array(base.text.unicodeScalars)
        for round in 0..<5 {
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let position = Int.random(in: 0..<scalars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    scalars.insert(contentsOf: RandomEdits.text(maxLength: 6, using: &rng).unicodeScalars, at: position)
                case 1:
                    scalars.removeSubrange(
                        position..<min(scalars.count, position + Int.random(in: 1...20, using: &rng)))
                default:
                    scalars.insert(contentsOf: "新增\(Int.random(in: 1...99, using: &rng))次".unicodeScalars, at: position)
                }
            }
            let text = String(String.UnicodeScalarView(scalars))
            try document.reimport(ReportText(text: text), wallTime: Int64(round + 1))
            #expect(document.snapshot().text == text, "seed \(seed) round \(round)")
            scalars = Array(document.snapshot().text.unicodeScalars)
        }
    }
}
