import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Reading Word documents")
struct DocxReaderTests {
    @Test(
        "each sample saved by LibreOffice as .docx, headings numbered by Word, reads as the .txt: same text, same metrics",
        arguments: Samples.names)
    func samplesMatchText(name: String) throws {
        let docxName = name.replacingOccurrences(of: ".txt", with: ".docx")
        let docx = try DocxFixtures.read(docxName)
        let text = try ReportText(bytes: Samples.bytes(name), source: name)
        #expect(docx.text == text.text)
        let fromDocx = ReportSnapshot(report: docx)
        let fromText = ReportSnapshot(report: text)
        #expect(
            fromDocx.metrics.map { [$0.label, $0.raw, $0.unit, String($0.line)] }
                == fromText.metrics.map {
                    [$0.label, $0.raw, $0.unit, String($0.line)]
                })
        #expect(fromDocx.metrics.count >= 3)
        #expect(fromDocx.structure == fromText.structure)
    }

    @Test("the fixtures' headings are Word's automatic numbering, not typed: 一、 and （一） come from numbering.xml")
    func numberingIsAutomatic() throws {
        let entries = try DocxFixtures.entries(DocxFixtures.bytes("report-000.docx"))
        let xml = String(decoding: try #require(entries["word/document.xml"]), as: UTF8.self)
        #expect(xml.contains("<w:numPr>"))
        #expect(!xml.contains(">一、"))
        #expect(!xml.contains(">（一）"))
        let report = try DocxFixtures.read("report-000.docx")
        let structure = ReportSnapshot(report: report).structure
        #expect(structure.parts.map(\.marker.marker) == ["一、", "二、", "三、"])
        #expect(structure.parts[0].sections.map(\.marker.marker) == ["（一）", "（二）", "（三）", "（四）", "（五）"])
        // The second part's sections start again at （一）.
        #expect(structure.parts[1].sections.map(\.marker.marker) == ["（一）", "（二）", "（三）"])
        #expect(structure.warnings.filter { $0.kind == .numbering }.isEmpty)
    }

    /// The text of Fixtures/table-revisions.docx, written out by hand from the .fodt it was made from.
    static let tableRevisionsText = """
        某局2023年上半年党风廉政建设工作汇报
        根据要求，现将有关情况汇报如下：
        一、主要工作
        （一）廉政教育
        开展廉政约谈3次，警示教育28次。参与人数501人。
        项目\t数量
        廉政约谈\t3次
        谈话提醒\t12人次
        （二）制度建设
        1.修订制度5项。
        2.新建党员活动室2个。
        二、存在问题
        学习不够深入。
        创新不足。

        """

    @Test("tables are read row by row with tab-separated cells; tracked deletions are left out, insertions kept")
    func tableAndRevisions() throws {
        let report = try DocxFixtures.read("table-revisions.docx")
        #expect(report.text == Self.tableRevisionsText)
        #expect(!report.text.contains("组织廉政学习"))
        let notes = report.notes.map(\.message)
        #expect(notes.contains { $0.contains("删除的修订") })
        #expect(notes.contains { $0.contains("第6-8行来自表格") })
        #expect(notes.contains { $0.contains("1条批注") })
        #expect(!report.text.contains("请核实数量"))
        #expect(report.notes.allSatisfy { $0.kind == .wordDocument })
    }

    @Test("numbers in table cells are metrics with the row's label")
    func tableCellsAreMetrics() throws {
        let snapshot = ReportSnapshot(report: try DocxFixtures.read("table-revisions.docx"))
        let fromTable = snapshot.metrics.filter { (6...8).contains($0.line) }
        #expect(fromTable.map(\.raw) == ["3", "12"])
        #expect(fromTable.map(\.unit) == ["次", "人次"])
        #expect(fromTable.map(\.label) == ["廉政约谈", "谈话提醒"])
    }

    @Test("headers and footers are left out with a note naming their text; a page number alone is no note")
    func headersAndFooters() throws {
        let report = try DocxFixtures.read("report-002.docx")
        #expect(!report.text.contains("内部资料"))
        let margins = report.notes.filter { $0.message.contains("页眉") }
        #expect(margins.count == 1)
        #expect(margins.first?.message.contains("内部资料 注意保存") == true)
        // The footer `— 1 —` is only a page number.
        #expect(margins.first?.message.contains("—") == false)
        Language.$current.withValue(.english) {
            let english = (try? DocxFixtures.read("report-002.docx"))?.notes.first?.message ?? ""
            #expect(english.hasPrefix("left out the headers and footers"))
        }
    }

    @Test(
        "Chinese counting formats write Word's numbers",
        arguments: [
            ("chineseCounting", 1, "一"), ("chineseCounting", 10, "十"), ("chineseCounting", 11, "十一"),
            ("chineseCounting", 20, "二十"), ("chineseCounting", 99, "九十九"), ("chineseCounting", 101, "一百零一"),
            ("chineseCountingThousand", 110, "一百一十"), ("taiwaneseCountingThousand", 12, "十二"),
            ("japaneseCounting", 101, "百一"), ("ideographDigital", 10, "一〇"), ("ideographDigital", 3, "三"),
            ("chineseLegalSimplified", 11, "壹拾壹"), ("ideographTraditional", 2, "乙"), ("ideographZodiac", 13, "子"),
            ("decimal", 7, "7"), ("decimalZero", 7, "07"), ("decimalFullWidth", 12, "１２"),
            ("decimalEnclosedCircle", 3, "③"), ("decimalEnclosedCircleChinese", 21, "21"), ("upperRoman", 14, "XIV"),
            ("lowerLetter", 27, "aa"), ("unknownFormat", 5, "5"),
        ])
    func numberFormats(format: String, number: Int, expected: String) {
        #expect(ListNumberFormat(ooxml: format).format(number) == expected)
    }

    /// Each %N is written in level N's own format, as Word does (`一.1`) unless `w:isLgl`.
    @Test("numbering: lvlText with several levels, restart of lower levels, startOverride, numId 0, style numbering")
    func numberingCounters() throws {
        let numbering =
            DocxFixtures.list(1, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
            + DocxFixtures.list(2, [("ideographDigital", "第%1章"), ("decimal", "%1.%2")])
            + DocxFixtures.list(3, [("decimal", "%1")]) + DocxFixtures.instance(1, of: 1)
            + DocxFixtures.instance(2, of: 2) + DocxFixtures.instance(3, of: 1, startOverride: (0, 5))
            + DocxFixtures.instance(4, of: 3)
        let styles = """
            <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="2"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Mine"><w:basedOn w:val="Heading1"/></w:style>
            """
        let p = DocxFixtures.paragraph
        let body = [
            p("工作", 1, 0, nil), p("学习", 1, 1, nil), p("约谈", 1, 2, nil), p("谈话", 1, 2, nil), p("督查", 1, 1, nil),
            p("巡察", 1, 2, nil), p("问题", 1, 0, nil), p("不足", 1, 1, nil), p("第五", 3, 0, nil),
            p("正文", 0, 0, "Heading1"), p("总则", nil, 0, "Heading1"), p("细则", 2, 1, nil), p("附则", nil, 0, "Mine"),
            p("编号", 4, 0, nil), p("无定义", 9, 0, nil),
        ].joined()
        let report = try DocxReader.read(
            bytes: DocxFixtures.package(body: body, numbering: numbering, styles: styles), source: "n.docx")
        #expect(
            report.text == """
                一、工作
                （一）学习
                1.约谈
                2.谈话
                （二）督查
                1.巡察
                二、问题
                （一）不足
                五、第五
                正文
                第一章 总则
                一.1 细则
                第二章 附则
                1 编号
                无定义

                """)
    }

    @Test("a lower level restarts only as lvlRestart allows: 0 never restarts")
    func restartNever() throws {
        let numbering =
            DocxFixtures.list(1, [("chineseCounting", "%1、"), ("decimal", "%2.")], restart: [1: 0])
            + DocxFixtures.instance(1, of: 1)
        let p = DocxFixtures.paragraph
        let body = [p("甲", 1, 0, nil), p("a", 1, 1, nil), p("乙", 1, 0, nil), p("b", 1, 1, nil)].joined()
        let report = try DocxReader.read(bytes: DocxFixtures.package(body: body, numbering: numbering), source: "r")
        #expect(report.text == "一、甲\n1.a\n二、乙\n2.b\n")
    }

    @Test(
        "runs, tabs and breaks: runs join, w:tab is a tab, w:br a new line, a page break nothing; hidden text and field codes left out"
    )
    func runsTabsAndBreaks() throws {
        let body = """
            <w:p><w:r><w:t>开展</w:t></w:r><w:r><w:t>约谈</w:t></w:r><w:r><w:tab/><w:t>3次</w:t></w:r><w:r><w:br/><w:t>第二行</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>
            <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
            <w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2023-01-01T00:00:00Z"/></w:rPr></w:pPr><w:r><w:t>前半句，</w:t></w:r></w:p>
            <w:p><w:r><w:t>后半句。</w:t></w:r><w:moveFrom w:id="2" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="3" w:author="a"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>
            <w:p><w:r><w:t xml:space="preserve">  a &amp; b &lt;c&gt;  </w:t></w:r></w:p>
            """
        let report = try DocxReader.read(bytes: DocxFixtures.package(body: body), source: "r.docx")
        #expect(report.text == "开展约谈\t3次\n第二行\n7\n前半句，后半句。移来\n  a & b <c>  \n")
        #expect(report.notes.contains { $0.message.contains("1处删除的修订") })
    }

    @Test("text boxes follow their paragraph; the mc:Fallback copy is not read twice")
    func textBoxes() throws {
        let box = "<w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent>"
        let body = """
            <w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing>\(box)</w:drawing></mc:Choice><mc:Fallback><w:pict>\(box)</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>续</w:t></w:r></w:p>
            <w:p><w:r><w:t>下一段</w:t></w:r></w:p>
            """
        let report = try DocxReader.read(bytes: DocxFixtures.package(body: body), source: "t.docx")
        #expect(report.text == "正文续\n框内\n下一段\n")
    }
}
