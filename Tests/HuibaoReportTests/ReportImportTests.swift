import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Report import")
struct ReportImportTests {
    /// Metrics found in each sample, as (line, value as written, unit), listed by reading the samples.
    static let expectedMetrics: [String: [(Int, String, String)]] = [
        "report-000.txt": [
            (3, "*", "次"), (3, "*", "次"), (3, "*", "次"), (3, "*", "次"), (4, "*", "件"), (4, "*", "起"), (4, "*", "起"),
            (4, "*", "人"), (4, "*", "人"), (5, "*", "轮"), (5, "*", "个"), (5, "*", "份"), (5, "*", "人"), (5, "*", "份"),
            (5, "*", "次"), (5, "*", "人次"), (5, "*", "人"), (5, "*", "人"), (5, "*", "起"), (6, "*", "次"), (6, "*", "次"),
            (6, "*", "个"), (6, "*", "人次"), (6, "*", "人次"), (7, "8", "期"), (7, "45", "篇"),
        ],
        "report-001.txt": [
            (4, "6", "次"), (4, "3", "期"), (4, "12", "次"), (6, "1", "次"), (6, "2", "次"), (6, "3", "次"), (6, "*", "次"),
            (6, "*", "次"), (6, "*", "次"), (6, "*", "人次"), (6, "*", "人"), (6, "*", "人"), (6, "*", "人"), (8, "2", "份"),
            (10, "*", "次"), (10, "*", "次"),
        ],
        "report-002.txt": [(5, "130", "人"), (5, "30", "人"), (5, "15", "名")],
    ]

    @Test("every sample round-trips through a document", arguments: Samples.names)
    func samplesRoundTrip(name: String) throws {
        let report = try ReportText(bytes: Samples.bytes(name), source: name)
        let document = try ReportDocument.importing(
            report, metadata: ReportMetadata(), replica: ReplicaID(1), wallTime: 0)
        #expect(document.snapshot().text == report.text)
        let decoded = try ReportDocument(
            document: Document(decoding: document.document.encoded(), replica: ReplicaID(2)))
        #expect(decoded.snapshot() == document.snapshot())
    }

    @Test("metrics of the samples match the lists read by hand", arguments: Samples.names)
    func sampleMetrics(name: String) throws {
        let snapshot = ReportSnapshot(report: try ReportText(bytes: Samples.bytes(name), source: name))
        let found = snapshot.metrics.map { ($0.line, $0.raw, $0.unit) }
        let expected = try #require(Self.expectedMetrics[name])
        #expect(found.count == expected.count)
        for (f, e) in zip(found, expected) {
            #expect(f == e, "\(name)")
        }
        // Placeholders are missing values, never zero.
        for metric in snapshot.metrics where metric.raw == "*" { #expect(metric.value == nil) }
    }

    @Test("labels take the action before the number and the noun after a measure word")
    func labels() {
        let text = "上半年，共组织开展理论学习中心组学习6次，警示教育28次，参与人数501人，新建3个党员活动室，修订制度5项，发放问卷*余份。"
        let metrics = ReportSnapshot(report: ReportText(text: text)).metrics
        #expect(metrics.map(\.label) == ["组织开展理论学习中心组学习", "警示教育", "参与人数", "新建党员活动室", "修订制度", "发放问卷"])
        #expect(metrics.map(\.value) == [6, 28, 501, 3, 5, nil])
        #expect(metrics.last?.approximate == true)
    }

    @Test("years, dates, ordinals, titles, names and fixed phrases are not metrics")
    func nonMetrics() {
        let text = """
            2023年3月21日，召开第一次会议，学习《关于2023年开展3次检查的通知》，增强“四个意识”，落实八项规定、一岗双责，\
            二十届中央纪委二次全会，接受了一次洗礼，G20峰会，1.5倍，XX单位，某某局。
            """
        #expect(ReportSnapshot(report: ReportText(text: text)).metrics.isEmpty)
    }

    @Test("percentages, decimals, full-width digits, compound units and Chinese counts are metrics")
    func metricForms() {
        let text = "整改率达98.5%，开展１２个场次，召开两次会议，约谈XX人，新增70余个。"
        let metrics = ReportSnapshot(report: ReportText(text: text)).metrics
        #expect(metrics.map(\.unit) == ["%", "个场次", "次", "人", "个"])
        #expect(metrics.map(\.value) == [98.5, 12, 2, nil, 70])
        #expect(metrics[4].approximate)
    }

    @Test("BOM, CRLF and GB18030 import to the same text with notes")
    func encodings() throws {
        let original = try ReportText(bytes: Samples.bytes("report-001.txt"), source: "a")
        let crlf = Array(original.text.replacingOccurrences("\n", "\r\n").utf8)
        let bom = try ReportText(bytes: [0xEF, 0xBB, 0xBF] + crlf, source: "b")
        #expect(bom.text == original.text)
        #expect(bom.notes.map(\.kind).contains(.removedByteOrderMark))
        #expect(bom.notes.map(\.kind).contains(.normalizedLineEndings))
        // "汇报如下" in GB18030.
        let gb: [UInt8] = [0xBB, 0xE3, 0xB1, 0xA8, 0xC8, 0xE7, 0xCF, 0xC2, 0xA3, 0xBA, 0x31, 0xB4, 0xCE]
        let decoded = try ReportText(bytes: gb, source: "gb.txt")
        #expect(decoded.text == "汇报如下：1次")
        #expect(decoded.notes.map(\.kind) == [.convertedFromGB18030])
    }

    @Test("every sample converted to GB18030 with CRLF imports to the same text and metrics", arguments: Samples.names)
    func samplesInGB18030(name: String) throws {
        let utf8 = try ReportText(bytes: Samples.bytes(name), source: name)
        let crlf = utf8.text.replacingOccurrences("\n", "\r\n")
        let gb = try #require(GB18030.encode(crlf))
        let converted = try ReportText(bytes: gb, source: name)
        #expect(converted.text == utf8.text)
        #expect(converted.notes.map(\.kind).starts(with: [.convertedFromGB18030, .normalizedLineEndings]))
        #expect(ReportSnapshot(report: converted).metrics == ReportSnapshot(report: utf8).metrics)
    }

    @Test("bytes that are neither UTF-8 nor GB18030 are refused with the byte offset")
    func undecodable() {
        #expect(
            throws: ReportImportError.undecodable(
                source: "x.txt", offset: 3, reason: "invalid UTF-8 and invalid GB18030")
        ) {
            try ReportText(bytes: Array("abc".utf8) + [0xFF, 0xFF, 0xFF], source: "x.txt")
        }
        #expect(throws: ReportImportError.empty(source: "e.txt")) {
            try ReportText(bytes: Array(" \n".utf8), source: "e.txt")
        }
    }

    @Test("junk markers are stripped inline and as whole lines, and listed")
    func junk() throws {
        let report = try ReportText(bytes: Samples.bytes("report-002.txt"), source: "r")
        #expect(!report.text.contains("##paid"))
        #expect(report.notes.map(\.line) == [5, 16])
        #expect(report.text.contains("要求全市系统干部职工"))
    }

    @Test("numbering mistakes are warnings with lines; the text is kept")
    func numberingWarnings() {
        let text = """
            一、工作情况
            （一）学习。一是学习。二是讨论。三是交流。三是总结。五是提高。
            （三）宣传
            三、问题
            """
        let snapshot = ReportSnapshot(report: ReportText(text: text))
        #expect(snapshot.text == text)
        #expect(snapshot.warnings.map(\.line) == [2, 2, 3, 4])
        #expect(
            snapshot.warnings.map(\.message) == [
                "要点“三是”与上一个序号重复", "要点“五是”跳过了序号4", "二级标题“（三）”跳过了序号2", "一级标题“三、”跳过了序号2",
            ])
        #expect(
            Language.$current.withValue(.english) {
                ReportSnapshot(report: ReportText(text: text)).warnings.map(\.message)
            }
                == [
                    "point 三是 repeats the previous number", "point 五是 skips number 4",
                    "section （三） skips number 2", "part 三、 skips number 2",
                ])
    }

    @Test("the structure finds title, preamble, parts, sections and points")
    func structure() throws {
        let snapshot = ReportSnapshot(report: try ReportText(bytes: Samples.bytes("report-002.txt"), source: "r"))
        let structure = snapshot.structure
        #expect(structure.title == "党2023年党风廉政建设工作总结")
        #expect(structure.preamble == 2...2)
        #expect(structure.parts.map(\.marker.marker) == ["一、", "二、"])
        #expect(
            structure.parts[0].sections.map(\.heading) == [
                "提高政治站位，深入学习宣传党的二十大精神", "筑牢思想防线，强化警示教育",
                "常态化开展作风建设检查，彻底铲除“四风问题”滋生土壤", "厉行勤俭节约，树立良好风气导向",
            ])
        #expect(structure.parts[0].sections[2].headingOnly)
        #expect(!structure.parts[0].sections[0].headingOnly)
        #expect(structure.parts[0].sections[0].points.map(\.marker) == ["一是", "二是", "三是"])
        #expect(snapshot.metrics.allSatisfy { $0.part == 0 && $0.section == 1 })
    }

    @Test("generated variants round-trip: shuffled sections, edited numbers, placeholders", arguments: 0..<20)
    func variants(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let base = try ReportText(bytes: Samples.bytes(Samples.names[Int(seed) % 3]), source: "s").text
        var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = Array(1..<lines.count - 1)
        let (a, b) = (body.randomElement(using: &rng) ?? 1, body.randomElement(using: &rng) ?? 1)
        lines.swapAt(a, b)
        var text = lines.joined(separator: "\n")
        text = text.replacingOccurrences("*", ["**", "XX", "7"][Int(seed) % 3])
        let report = ReportText(text: text)
        let document = try ReportDocument.importing(
            report, metadata: ReportMetadata(), replica: ReplicaID(seed + 1), wallTime: 0)
        #expect(document.snapshot().text == text)
    }
}

extension String {
    /// Replaces every occurrence of `target` (test helper without Foundation).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

@Suite("Report import: UTF-16 and NUL")
struct ReportEncodingTests {
    @Test(
        "UTF-16 with a byte-order mark (Notepad's \"Unicode\"), little- and big-endian, imports as UTF-8, with a note")
    func utf16() throws {
        let text = "关于2023年上半年工作的报告\r\n开展集体廉政约谈3次。😀\r\n"
        for littleEndian in [true, false] {
            var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            for unit in text.utf16 {
                let (low, high) = (UInt8(unit & 0xFF), UInt8(unit >> 8))
                bytes += littleEndian ? [low, high] : [high, low]
            }
            let decoded = try ReportText(bytes: bytes, source: "u16.txt")
            #expect(decoded.text == "关于2023年上半年工作的报告\n开展集体廉政约谈3次。😀\n")
            #expect(decoded.notes.first?.kind == .convertedFromUTF16)
        }
    }

    @Test("a NUL character is refused, naming the file and the line")
    func nul() {
        #expect(throws: ReportImportError.nulCharacter(source: "nul.txt", line: 2)) {
            try ReportText(bytes: Array("标题\n开展约谈3次。\u{0}隐藏\n".utf8), source: "nul.txt")
        }
        // UTF-16 without a byte-order mark reads as text full of NULs: refused with that hint.
        let unmarked = Array("report\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: ReportImportError.nulCharacter(source: "x.txt", line: 1)) {
            try ReportText(bytes: unmarked, source: "x.txt")
        }
    }

    @Test("an export's conflict list is left out only where a line starts with its heading")
    func conflictList() throws {
        let heading = ReportText.conflictListMarkers[0]
        let text = "标题\n开展约谈3次。\n"
        let exported = try ReportText(bytes: Array((text + heading + "1 处————\n  第2行\n").utf8), source: "e.txt")
        #expect(exported.text == "标题\n开展约谈3次。")
        #expect(exported.notes.map(\.line) == [3])
        // Quoted inside a line, the heading is prose.
        let quoted = "标题\n引用“" + heading + "”一句。\n"
        let kept = try ReportText(bytes: Array(quoted.utf8), source: "q.txt")
        #expect(kept.text == quoted)
        #expect(kept.notes.isEmpty)
    }

    @Test("a metric's line is found in a report of thousands of lines")
    func metricLinesInLongReport() {
        let lines = (1...3000).map { $0 % 500 == 0 ? "第\($0)行开展约谈\($0 / 500)次。" : "第\($0)行。" }
        let snapshot = ReportSnapshot(report: ReportText(text: lines.joined(separator: "\n")))
        let found = snapshot.metrics.filter { $0.unit == "次" }
        #expect(found.map(\.line) == [500, 1000, 1500, 2000, 2500, 3000])
    }
}
