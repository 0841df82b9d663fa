import HuibaoModel
import HuibaoReport
import Testing

@Suite("Report document")
struct ReportDocumentTests {
    static func imported() throws -> ReportDocument {
        try ReportDocument.importing(
            ReportText(text: "一、工作情况\n开展廉政约谈3次，警示教育*次。\n"),
            metadata: ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政"), replica: ReplicaID(1), wallTime: 1)
    }

    @Test("metrics are values in registers; the text keeps anchors, rendering puts values back")
    func embeddedMetrics() throws {
        let document = try Self.imported()
        #expect(!document.document.text.contains("3"))
        let snapshot = document.snapshot()
        #expect(snapshot.text == "一、工作情况\n开展廉政约谈3次，警示教育*次。\n")
        #expect(snapshot.metrics.map(\.raw) == ["3", "*"])
        #expect(snapshot.metrics.allSatisfy { $0.id != nil })
        #expect(snapshot.metadata == ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政"))
    }

    @Test("two replicas setting one metric concurrently both keep a conflict holding both values")
    func concurrentMetricConflict() throws {
        var a = try Self.imported()
        var b = ReportDocument(document: a.document.forked(as: ReplicaID(2)))
        let id = try #require(a.snapshot().metrics.first?.id)
        try a.setMetric(id, to: "3", wallTime: 2)
        try a.setMetric(id, to: "4", wallTime: 3)
        try b.setMetric(id, to: "5", wallTime: 2)
        var docA = a.document
        var docB = b.document
        try docA.apply(b.document.changes(notIn: a.document.versionVector))
        try docB.apply(a.document.changes(notIn: b.document.versionVector))
        for merged in [ReportDocument(document: docA), ReportDocument(document: docB)] {
            let metric = try #require(merged.snapshot().metrics.first)
            #expect(Set(metric.conflictingValues ?? []) == ["4", "5"])
            #expect(!merged.snapshot().text.contains("45") && !merged.snapshot().text.contains("54"))
            #expect(merged.snapshot().conflicts.count == 1)
        }
        var resolved = ReportDocument(document: docA)
        try resolved.setMetric(id, to: "5", wallTime: 4)
        #expect(resolved.snapshot().metrics.first?.conflictingValues == nil)
        #expect(resolved.snapshot().text.contains("约谈5次"))
    }

    @Test("setting an unknown metric or a non-number is refused")
    func invalidSet() throws {
        var document = try Self.imported()
        #expect(throws: ReportEditError.unknownMetric("nope")) { try document.setMetric("nope", to: "1", wallTime: 0) }
        let id = try #require(document.snapshot().metrics.first?.id)
        #expect(throws: ReportEditError.invalidValue("3x")) { try document.setMetric(id, to: "3x", wallTime: 0) }
    }

    @Test("Markdown export makes parts and sections headings and escapes placeholders")
    func markdown() throws {
        let text = "工作汇报\n一、情况\n（一）学习。开展学习*次。\n"
        let markdown = ReportSnapshot(report: ReportText(text: text)).markdown
        #expect(markdown == "# 工作汇报\n\n## 一、情况\n\n### （一）学习\n\n开展学习\\*次。\n")
    }

    @Test("the anchor character in a file is refused with its line")
    func reservedCharacter() {
        #expect(throws: ReportImportError.reservedCharacter(source: "f", line: 2)) {
            try ReportDocument.importing(
                ReportText(text: "a\nb\u{E000}"), metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 0,
                source: "f")
        }
    }
}
