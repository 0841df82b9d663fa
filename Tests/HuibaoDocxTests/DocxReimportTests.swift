import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Re-importing an edited Word document")
struct DocxReimportTests {
    static func imported(_ name: String) throws -> ReportDocument {
        try ReportDocument.importing(
            DocxFixtures.read(name), metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 1)
    }

    /// The number and sentence edits a clerk makes in Word, applied to the runs LibreOffice wrote.
    static let edits = [
        (
            "开展集体廉政约谈</w:t></w:r><w:r><w:rPr></w:rPr><w:t>3</w:t>",
            "开展集体廉政约谈</w:t></w:r><w:r><w:rPr></w:rPr><w:t>5</w:t>"
        ),
        ("强化安排部署", "加强安排部署"),
    ]

    @Test("changing one number and one word in Word records one register write and the smallest text edits")
    func minimalOperations() throws {
        var document = try Self.imported("report-001.docx")
        let before = document.snapshot()
        let edited = try DocxReader.read(
            bytes: DocxFixtures.edited(DocxFixtures.bytes("report-001.docx"), Self.edits), source: "edited.docx")
        let change = try #require(try document.reimport(edited, wallTime: 2))
        var registerWrites = 0
        var deleted = 0
        var inserted: [String] = []
        for operation in change.operations {
            switch operation {
            case .setRegister(_, .text(let value), _):
                registerWrites += 1
                #expect(value == "5")
            case .deleteText(_, let count): deleted += count
            case .insertText(_, _, let text): inserted.append(text)
            default: Issue.record("unexpected \(operation)")
            }
        }
        #expect(registerWrites == 1)
        #expect(deleted == 1)
        #expect(inserted == ["加"])
        #expect(change.operations.count == 3)
        let after = document.snapshot()
        #expect(after.text == edited.text)
        #expect(after.metrics.count == before.metrics.count)
        let changed = zip(before.metrics, after.metrics).filter { $0.0.raw != $0.1.raw }
        #expect(changed.map { [$0.0.raw, $0.1.raw] } == [["3", "5"]])
        #expect(changed.first?.1.label.hasSuffix("集体廉政约谈") == true)
    }

    @Test("re-importing the unchanged document records nothing")
    func unchangedRecordsNothing() throws {
        var document = try Self.imported("report-002.docx")
        #expect(try document.reimport(DocxFixtures.read("report-002.docx"), wallTime: 2) == nil)
    }

    @Test("a document exported by Huibao, edited and read back, records only the edit; its conflict list is left out")
    func exportedThenEdited() throws {
        var a = try ReportDocument.importing(
            ReportText(text: "一、工作情况\n开展廉政约谈3次，警示教育*次。\n"), metadata: ReportMetadata(),
            replica: ReplicaID(1), wallTime: 1)
        var b = ReportDocument(document: a.document.forked(as: ReplicaID(2)))
        let id = try #require(a.snapshot().metrics.first?.id)
        try a.setMetric(id, to: "4", wallTime: 2)
        try b.setMetric(id, to: "5", wallTime: 2)
        try a.apply(b.document.changes(notIn: a.document.versionVector))
        let snapshot = a.snapshot()
        let list = ReportText.conflictListMarkers[0] + "1 处————\n  第2行 廉政约谈：4 或 5（次）\n"
        let exported = try DocxWriter.write(OfficialDocument(snapshot: snapshot, appendix: list))
        let unchanged = try DocxReader.read(bytes: exported, source: "e.docx")
        #expect(unchanged.text == snapshot.text)
        #expect(try a.reimport(unchanged, wallTime: 3) == nil)
        #expect(a.snapshot().conflicts.count == 1)
        // The clerk settles the conflict in Word: 5.
        let settled = try DocxFixtures.edited(exported, [("{4|5}", "5")])
        let change = try #require(try a.reimport(DocxReader.read(bytes: settled, source: "e.docx"), wallTime: 4))
        #expect(change.operations.count == 1)
        #expect(a.snapshot().conflicts.isEmpty)
        #expect(a.snapshot().text == "一、工作情况\n开展廉政约谈5次，警示教育*次。\n")
    }
}
