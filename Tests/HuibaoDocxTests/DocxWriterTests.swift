import Foundation
import HuibaoDocx
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Writing Word documents in the official-document layout")
struct DocxWriterTests {
    static func snapshot(_ sample: String) throws -> ReportSnapshot {
        let document = try ReportDocument.importing(
            ReportText(bytes: Samples.bytes(sample), source: sample), metadata: ReportMetadata(),
            replica: ReplicaID(1), wallTime: 1)
        return document.snapshot()
    }

    static func xml(_ bytes: [UInt8], _ part: String) throws -> String {
        String(decoding: try #require(try DocxFixtures.entries(bytes)[part]), as: UTF8.self)
    }

    @Test("export then import gives back the same text, for every sample", arguments: Samples.names)
    func roundTrip(name: String) throws {
        let snapshot = try Self.snapshot(name)
        let bytes = try DocxWriter.write(OfficialDocument(snapshot: snapshot))
        let back = try DocxReader.read(bytes: bytes, source: "x.docx")
        #expect(back.text == snapshot.text)
        #expect(ReportSnapshot(report: back).metrics.map(\.raw) == snapshot.metrics.map(\.raw))
    }

    @Test("a text with tabs, empty lines, a leading space and XML's special characters round-trips")
    func roundTripOddText() throws {
        let text = "标题 <A&B>\n\n  开展约谈\t3次\n\"引号\"与'撇号'\n\n末行。\n"
        let snapshot = ReportSnapshot(report: ReportText(text: text))
        let back = try DocxReader.read(bytes: DocxWriter.write(OfficialDocument(snapshot: snapshot)), source: "o.docx")
        #expect(back.text == text)
    }

    @Test("a report's table (lines of tab-separated cells) is written as a Word table and reads back as the same lines")
    func tableRoundTrip() throws {
        let text =
            "一、工作情况\n指标\t上半年\t去年同期\n廉政约谈（次）\t5\t3\n问题线索（件）\t*\t4\n二、下一步\n一行\t两格\n继续。\n"
        let snapshot = ReportSnapshot(report: ReportText(text: text))
        let bytes = try DocxWriter.write(OfficialDocument(snapshot: snapshot))
        let document = try Self.xml(bytes, "word/document.xml")
        #expect(document.components(separatedBy: "<w:tbl>").count == 2)  // one table; the lone row stays a line
        let back = try DocxReader.read(bytes: bytes, source: "t.docx")
        #expect(back.text == text)
        #expect(ReportSnapshot(report: back).metrics.map(\.label) == snapshot.metrics.map(\.label))
    }

    @Test("the package has the parts Word needs and the GB/T 9704 page: A4, 37/35/28/26 mm margins, 22 lines of 28")
    func pageSetup() throws {
        let bytes = try DocxWriter.write(OfficialDocument(snapshot: Self.snapshot("report-002.txt")))
        let entries = try DocxFixtures.entries(bytes)
        #expect(
            Set(entries.keys) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
                "word/footer1.xml", "word/footer2.xml",
            ])
        let document = try Self.xml(bytes, "word/document.xml")
        #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        // 37 mm, 26 mm, 35 mm, 28 mm at 56.7 twips a millimetre.
        #expect(document.contains("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""))
        #expect(document.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/>"))
        #expect(
            OfficialLayout.linePitch * 22 <= OfficialLayout.pageHeight - OfficialLayout.marginTop
                - OfficialLayout.marginBottom)
        // The title, a part and a section heading by style.
        #expect(
            document.contains(
                "<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">党2023年党风廉政建设工作总结</w:t>"))
        #expect(
            document.contains(
                "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">一、2023年工作开展情况</w:t>"))
        let styles = try Self.xml(bytes, "word/styles.xml")
        for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
            #expect(styles.contains("w:eastAsia=\"\(font)\""), "\(font)")
            #expect(styles.contains("w:ascii=\"\(font)\""), "\(font)")
        }
        #expect(styles.contains("<w:sz w:val=\"44\"/>"))  // 2号 title
        #expect(styles.contains("<w:sz w:val=\"32\"/>"))  // 3号 body
        #expect(styles.contains("<w:spacing w:line=\"579\" w:lineRule=\"exact\"/>"))
        #expect(styles.contains("<w:spacing w:val=\"-10\"/>"))  // 28 characters of 3号 a line
        #expect(styles.contains("<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"))
        let footer = try Self.xml(bytes, "word/footer1.xml")
        #expect(footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"))
        #expect(footer.contains("— </w:t>") && footer.contains(" —</w:t>"))
        #expect(try Self.xml(bytes, "word/settings.xml").contains("<w:evenAndOddHeaders/>"))
    }

    @Test("a （一） line that goes on after its heading sentence has the heading in 楷体 and the rest in the body font")
    func sectionHeadingSentence() throws {
        let bytes = try DocxWriter.write(OfficialDocument(snapshot: Self.snapshot("report-000.txt")))
        let document = try Self.xml(bytes, "word/document.xml")
        #expect(
            document.contains(
                "<w:rFonts w:ascii=\"楷体_GB2312\" w:hAnsi=\"楷体_GB2312\" w:eastAsia=\"楷体_GB2312\" w:cs=\"楷体_GB2312\" w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">（一）始终坚持在建章立制上狠下功夫，压紧压实主体责任。</w:t></w:r><w:r><w:t xml:space=\"preserve\">严格执行"
            ))
    }

    @Test("the same report gives the same bytes (fixed zip timestamps, no dates)")
    func deterministic() throws {
        let document = OfficialDocument(snapshot: try Self.snapshot("report-001.txt"))
        #expect(try DocxWriter.write(document) == DocxWriter.write(document))
    }

    @Test("conflicts and missing values are marked red on yellow")
    func marks() throws {
        var a = try ReportDocument.importing(
            ReportText(text: "开展廉政约谈3次，警示教育*次。\n"), metadata: ReportMetadata(), replica: ReplicaID(1),
            wallTime: 1)
        var b = ReportDocument(document: a.document.forked(as: ReplicaID(2)))
        let id = try #require(a.snapshot().metrics.first?.id)
        try a.setMetric(id, to: "4", wallTime: 2)
        try b.setMetric(id, to: "5", wallTime: 2)
        try a.apply(b.document.changes(notIn: a.document.versionVector))
        let document = try Self.xml(DocxWriter.write(OfficialDocument(snapshot: a.snapshot())), "word/document.xml")
        let marked = "<w:color w:val=\"C00000\"/><w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">"
        #expect(document.contains(marked + "{4|5}</w:t>"))
        #expect(document.contains(marked + "*</w:t>"))
        #expect(document.contains("<w:t xml:space=\"preserve\">开展廉政约谈</w:t>"))
    }

    static func consolidation() throws -> Consolidation {
        let tree = UnitTree([
            OrgUnit(name: "HQ", parent: nil, isHQ: true), OrgUnit(name: "甲局", parent: "HQ", isHQ: false),
            OrgUnit(name: "乙局", parent: "HQ", isHQ: false), OrgUnit(name: "丙局", parent: "HQ", isHQ: false),
        ])
        func approved(_ text: String, _ replica: UInt64) throws -> ReportDocument {
            var report = try ReportDocument.importing(
                ReportText(text: text), metadata: ReportMetadata(), replica: ReplicaID(replica),
                wallTime: 1_700_000_000_000)
            try report.submit(as: "unit", wallTime: 2)
            try report.review(.approve, as: "HQ", wallTime: 3)
            return report
        }
        let facts = [
            try ReportFacts(
                report: approved("一、工作情况\n开展集体廉政约谈3次，征求意见表*份。\n", 1), unit: "甲局", period: "2023H1", kind: "党风廉政"),
            try ReportFacts(
                report: approved("一、工作情况\n开展集体廉政约谈4次。\n", 2), unit: "乙局", period: "2023H1", kind: "党风廉政"),
        ]
        return Consolidation(
            period: "2023H1", kind: "党风廉政", hq: "HQ", tree: tree, catalog: .standard, expected: nil, reports: facts)
    }

    @Test("HQ's consolidated report has its statuses and totals as real tables, provenance and each approved text")
    func consolidated() throws {
        let bytes = try DocxWriter.write(OfficialDocument(consolidation: Self.consolidation()))
        let document = try Self.xml(bytes, "word/document.xml")
        // Statuses, totals, and where 廉政约谈's counted values come from.
        #expect(document.components(separatedBy: "<w:tbl>").count == 4)
        #expect(document.contains("<w:tblHeader/>"))
        let text = try DocxReader.read(bytes: bytes, source: "c.docx").text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "2023年上半年党风廉政工作汇总报告")
        #expect(lines.contains("单位\t状态"))
        #expect(lines.contains("丙局\t未报送"))
        #expect(lines.contains("指标\t计量\t合计\t计入\t缺失\t冲突\t未审核\t计量不符"))
        #expect(lines.contains("廉政约谈\t次\t7\t2\t0\t0\t0\t0"))
        #expect(lines.contains("征求意见表\t份\t缺失\t0\t1\t0\t0\t0"))
        #expect(lines.contains("单位\t数值\t出处\t填报人\t填报时间"))
        #expect(lines.contains { $0.hasPrefix("甲局\t3\t第2行：开展集体廉政约谈3次，征求意见表*份。\t") }, "\(lines)")
        #expect(!text.contains("变更 ") && !text.contains("副本 "))
        #expect(lines.contains("一、报送情况") && lines.contains("二、指标合计") && lines.contains("三、需要处理"))
        #expect(lines.contains("四、各单位报告") && lines.contains("（一）甲局") && lines.contains("（二）乙局"))
        #expect(lines.contains("开展集体廉政约谈4次。"))
        // The placeholder in 甲局's text is marked.
        #expect(document.contains("<w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">*</w:t>"))
    }
}
