import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Report workflow")
struct WorkflowTests {
    static func unitCopy() throws -> ReportDocument {
        try ReportDocument.importing(
            ReportText(text: "一、工作情况\n开展廉政约谈3次。\n"),
            metadata: ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政"), replica: ReplicaID(1), wallTime: 1)
    }

    /// HQ's copy: the unit's document forked to another replica.
    static func copy(of report: ReportDocument, as replica: UInt64) -> ReportDocument {
        ReportDocument(document: report.document.forked(as: ReplicaID(replica)))
    }

    @Test("submit pins the heads; approval names the submitted version; a later edit shows as changed since approval")
    func approvalPinnedToVersion() throws {
        var unit = try Self.unitCopy()
        #expect(unit.workflow.state == .draft)
        let submitted = unit.document.heads
        let step = try unit.submit(as: "某局", wallTime: 2)
        #expect(step.heads == submitted)
        #expect(unit.workflow.state == .submitted && !unit.workflow.changedSincePinned)
        var hq = Self.copy(of: unit, as: 9)
        try hq.review(.approve, as: "HQ", wallTime: 3)
        #expect(hq.workflow.state == .approved)
        #expect(hq.workflow.pinned == submitted)
        #expect(hq.workflow.decidingStep?.author == ReplicaID(9))
        try ReportDocument.exchange(&unit, &hq)
        #expect(unit.workflow == hq.workflow)
        #expect(!unit.workflow.changedSincePinned)
        // The unit edits a value after approval: still approved (of the old version), but flagged.
        let id = try #require(unit.snapshot().metrics.first?.id)
        try unit.setMetric(id, to: "4", wallTime: 4)
        #expect(unit.workflow.state == .approved)
        #expect(unit.workflow.changedSincePinned)
        #expect(unit.workflow.summary == "已审核，审核后已修改")
        #expect(Language.$current.withValue(.english) { unit.workflow.summary } == "approved, changed since approval")
        let approvedText = try unit.version(at: unit.workflow.pinned).snapshot().text
        #expect(
            LineDiff.lines(from: approvedText, to: unit.snapshot().text) == [
                .changed(line: 2, pieces: [.same("开展廉政约谈"), .removed("3"), .added("4"), .same("次。")])
            ])
    }

    @Test(
        "HQ returning while the unit resubmits resolves to returned, contested, on both sides; the next step settles it"
    )
    func concurrentSteps() throws {
        var unit = try Self.unitCopy()
        try unit.submit(as: "某局", wallTime: 2)
        var hq = Self.copy(of: unit, as: 9)
        try hq.review(.return, as: "HQ", comment: "请补充问卷数", wallTime: 3)
        let id = try #require(unit.snapshot().metrics.first?.id)
        try unit.setMetric(id, to: "5", wallTime: 3)
        try unit.submit(as: "某局", wallTime: 4)
        try ReportDocument.exchange(&unit, &hq)
        for side in [unit, hq] {
            #expect(side.workflow.state == .returned)
            #expect(side.workflow.isContested)
            #expect(side.workflow.decidingStep?.comment == "请补充问卷数")
            #expect(side.workflow.summary == "已退回，退回后已修改（同时有：退回、报送）")
            #expect(Language.$current.withValue(.english) { side.workflow.summary.contains("concurrent steps") })
        }
        #expect(unit.workflow == hq.workflow)
        try unit.submit(as: "某局", wallTime: 5)
        #expect(unit.workflow.state == .submitted && !unit.workflow.isContested)
        #expect(unit.workflow.steps.count == 1)
    }

    @Test("HQ cannot review a draft nor approve twice; uncommitted edits block a step")
    func refusedSteps() throws {
        var report = try Self.unitCopy()
        #expect(throws: WorkflowError.notSubmitted(state: .draft)) {
            try report.review(.approve, as: "HQ", wallTime: 2)
        }
        try report.submit(as: "某局", wallTime: 2)
        try report.review(.approve, as: "HQ", wallTime: 3)
        #expect(throws: WorkflowError.notSubmitted(state: .approved)) {
            try report.review(.approve, as: "HQ", wallTime: 4)
        }
        try report.review(.return, as: "HQ", comment: "撤回审核", wallTime: 5)
        #expect(report.workflow.state == .returned)
        report.writeMetadata(ReportMetadata(title: "新标题"))
        #expect(throws: WorkflowError.uncommittedEdits) { try report.submit(as: "某局", wallTime: 6) }
    }

    @Test(
        "a step's register text round-trips; malformed values name the field",
        arguments: [
            ("", "does not start"), ("huibao-workflow/1\nsubmit\n某局\n\n", "no version"),
            ("huibao-workflow/1\nvanish\n某局\nab\n", "unknown step kind"),
            ("huibao-workflow/1\nsubmit\n某局\nnot-hex\n", "not a change hash"),
            ("huibao-workflow/1\nsubmit\n\nab\n", "unit is empty"),
        ])
    func stepEncoding(text: String, reason: String) throws {
        let step = WorkflowStep(
            kind: .return, unit: "HQ", heads: [ChangeHash.sha256(of: [1]), ChangeHash.sha256(of: [2])],
            comment: "第一行\n第二行")
        #expect(try WorkflowStep(registerText: step.registerText) == step)
        #expect {
            try WorkflowStep(registerText: text)
        } throws: { error in
            (error as? WorkflowError)?.description.contains(reason) == true
        }
    }
}

@Suite("Wall time")
struct WallTimeTests {
    @Test(
        "milliseconds since 1970 format as ISO 8601 in UTC, before and after the epoch",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"), (1_700_000_000_000, "2023-11-14T22:13:20Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"), (-1000, "1969-12-31T23:59:59Z"),
        ])
    func formatsUTC(milliseconds: Int64, text: String) {
        #expect(WallTime.iso8601(milliseconds, in: .utc) == text)
    }

    @Test("any time a change claims formats without trapping, the earliest one too")
    func extremeTimesFormat() {
        #expect(WallTime.local(-1, in: .utc) == "1969-12-31 23:59:59")
        #expect(WallTime.local(Int64.min, in: .utc).hasSuffix(":04"))
        #expect(!WallTime.local(Int64.max, in: .utc).isEmpty)
    }

    @Test("people read Beijing time by default: local time without a zone, ISO 8601 with +08:00")
    func beijingByDefault() {
        #expect(WallTime.local(1_700_000_000_000) == "2023-11-15 06:13:20")
        #expect(WallTime.iso8601(1_700_000_000_000) == "2023-11-15T06:13:20+08:00")
        #expect(WallTime.local(-1000) == "1970-01-01 07:59:59")
        let zone = DisplayTimeZone(offset: "-05:30")
        #expect(zone.map { WallTime.iso8601(0, in: $0) } == "1969-12-31T18:30:00-05:30")
        #expect(DisplayTimeZone.$current.withValue(.utc) { WallTime.local(0) } == "1970-01-01 00:00:00")
    }

    @Test(
        "fixed offsets parse in the usual spellings; anything else is refused",
        arguments: [
            ("+08:00", 28_800), ("UTC+8", 28_800), ("-0530", -19_800), ("GMT", 0), ("Z", 0), ("UTC", 0),
            ("+14", 50_400),
        ])
    func offsets(text: String, seconds: Int) {
        #expect(DisplayTimeZone(offset: text)?.secondsEast(atUTCSeconds: 0) == seconds)
    }

    @Test("names that are neither an offset nor a readable zoneinfo file are refused; Shanghai needs no file")
    func badNames() {
        for bad in ["+25:00", "8", "Asia/Nowhere", "../etc/passwd", "", "北京"] {
            #expect(DisplayTimeZone.named(bad, zoneinfo: { _ in nil }) == nil, "\(bad)")
        }
        #expect(DisplayTimeZone.named("Asia/Shanghai", zoneinfo: { _ in nil }) == .shanghai)
        #expect(DisplayTimeZone.configured(environment: [:], zoneinfo: { _ in nil }) == .shanghai)
    }

    @Test("a zoneinfo file's transitions give the offset of each date (summer and winter time)")
    func zoneinfo() throws {
        // A TZif version 1 file: two transitions, types +01:00 and +02:00 (summer).
        func int32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
        var bytes = Array("TZif".utf8) + [0] + [UInt8](repeating: 0, count: 15)
        bytes += int32(0) + int32(0) + int32(0) + int32(2) + int32(2) + int32(4)
        bytes += int32(1_000_000) + int32(2_000_000)  // transitions
        bytes += [1, 0]  // summer from 1,000,000 s, winter from 2,000,000 s
        bytes += int32(3600) + [0, 0] + int32(7200) + [1, 0]
        bytes += Array("CET\0".utf8)
        let zone = try #require(DisplayTimeZone(name: "Europe/Test", tzif: bytes))
        #expect(zone.secondsEast(atUTCSeconds: 0) == 3600)
        #expect(zone.secondsEast(atUTCSeconds: 1_500_000) == 7200)
        #expect(zone.secondsEast(atUTCSeconds: 2_500_000) == 3600)
        #expect(DisplayTimeZone(name: "x", tzif: Array(bytes.prefix(50))) == nil)
        #expect(DisplayTimeZone(name: "x", tzif: Array("not a zone file at all, not at all, no".utf8)) == nil)
    }
}

@Suite("Language")
struct LanguageTests {
    @Test(
        "Chinese unless the environment or a setting asks for English",
        arguments: [
            ([String: String](), Language.chinese), (["LANG": "en_US.UTF-8"], .english),
            (["LANG": "C.UTF-8"], .chinese),
            (["HUIBAO_LANG": "zh", "LANG": "en_US.UTF-8"], .chinese), (["LC_ALL": "en_GB"], .english),
            (["HUIBAO_LANG": "", "LANG": "en"], .english), (["LANG": "zh_CN.GB18030"], .chinese),
        ])
    func fromEnvironment(environment: [String: String], language: Language) {
        #expect(Language(environment: environment) == language)
    }

    @Test("statuses read as Chinese officials name them; English on request")
    func statuses() {
        #expect(ReportWorkflow.State.allCases.map(\.displayName) == ["草稿", "已报送", "已退回", "已审核"])
        #expect(
            Language.$current.withValue(.english) { ReportWorkflow.State.allCases.map(\.displayName) } == [
                "draft", "submitted", "returned", "approved",
            ])
    }
}

@Suite("Line differences")
struct LineDiffTests {
    @Test("an edited paragraph is one changed line with the characters marked; different lines stay apart")
    func changedLines() {
        let old = "一、工作情况\n开展集体廉政约谈3次，征求意见表*份。\n旧的一段话，完全不同。\n结尾"
        let new = "一、工作情况\n开展集体廉政约谈5次，征求意见表12份。\n全新内容与之前毫无关系\n新增一行\n结尾"
        let lines = LineDiff.lines(from: old, to: new)
        #expect(
            lines == [
                .changed(
                    line: 2,
                    pieces: [
                        .same("开展集体廉政约谈"), .removed("3"), .added("5"), .same("次，征求意见表"), .removed("*"),
                        .added("12"), .same("份。"),
                    ]),
                .removed(line: 3, text: "旧的一段话，完全不同。"), .added(line: 3, text: "全新内容与之前毫无关系"),
                .added(line: 4, text: "新增一行"),
            ])
        #expect(
            LineDiff.unified(lines).hasPrefix("~开展集体廉政约谈[-3-]{+5+}次，征求意见表[-*-]{+12+}份。\n-旧的一段话"))
        #expect(LineDiff.lines(from: old, to: old).isEmpty)
        // A number is marked whole, not the one digit that differs.
        #expect(
            LineDiff.unified(LineDiff.lines(from: "集体学习12次，讲党课3期。", to: "集体学习13次，讲党课30期。"))
                == "~集体学习[-12-]{+13+}次，讲党课[-3-]{+30+}期。")
    }

    @Test("a number becoming a conflict is marked whole: [-6-]{+{6|4}+}, not split around the shared digit")
    func conflictWhole() {
        #expect(
            LineDiff.lines(from: "开展约谈6次。\n", to: "开展约谈{6|4}次。\n") == [
                .changed(line: 1, pieces: [.same("开展约谈"), .removed("6"), .added("{6|4}"), .same("次。")])
            ])
    }
}
