import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Consolidation: totals with provenance")
struct ConsolidationTests {
    /// HQ → 中间局 → 甲局, 乙局; HQ → 丙局, 丁局.
    static let tree = UnitTree([
        OrgUnit(name: "HQ", parent: nil, isHQ: true), OrgUnit(name: "中间局", parent: "HQ", isHQ: true),
        OrgUnit(name: "甲局", parent: "中间局", isHQ: false), OrgUnit(name: "乙局", parent: "中间局", isHQ: false),
        OrgUnit(name: "丙局", parent: "HQ", isHQ: false), OrgUnit(name: "丁局", parent: "HQ", isHQ: false),
    ])

    static func report(_ sample: String, replica: UInt64) throws -> ReportDocument {
        try ReportDocument.importing(
            ReportText(bytes: Samples.bytes(sample), source: sample), metadata: ReportMetadata(),
            replica: ReplicaID(replica), wallTime: 1_700_000_000_000)
    }

    static func approved(_ sample: String, replica: UInt64) throws -> ReportDocument {
        var report = try report(sample, replica: replica)
        try report.submit(as: "unit", wallTime: 2)
        try report.review(.approve, as: "HQ", wallTime: 3)
        return report
    }

    static func facts(_ report: ReportDocument, _ unit: String) throws -> ReportFacts {
        try ReportFacts(report: report, unit: unit, period: "2023H1", kind: "党风廉政")
    }

    static func consolidate(_ reports: [ReportFacts]) -> Consolidation {
        Consolidation(
            period: "2023H1", kind: "党风廉政", hq: "HQ", tree: tree, catalog: .standard, expected: nil,
            reports: reports)
    }

    @Test(
        "totals on the samples match hand-computed sums; placeholders, mismatches and unapproved values are listed apart"
    )
    func samplesTotals() throws {
        // 甲局: report-000 (values mostly *), 乙局: report-001, both approved; 丙局: report-001,
        // submitted only; 丁局: nothing.
        var pending = try Self.report("report-001.txt", replica: 3)
        try pending.submit(as: "丙局", wallTime: 2)
        let result = Self.consolidate([
            try Self.facts(Self.approved("report-000.txt", replica: 1), "甲局"),
            try Self.facts(Self.approved("report-001.txt", replica: 2), "乙局"),
            try Self.facts(pending, "丙局"),
        ])
        #expect(result.statuses.map(\.unit) == ["甲局", "乙局", "丙局", "丁局"])
        #expect(result.statuses.map(\.state) == ["approved", "approved", "submitted", "not started"])
        func total(_ id: String) throws -> IndicatorTotal {
            try #require(result.totals.first { $0.indicator.id == id })
        }
        // 集体学习 (次): 乙局's 集体学习 12 only: 中心组学习 (6) and 廉政学习 (甲局's *) are
        // indicators of their own, never merged into it.
        let study = try total("study")
        #expect(study.total == 12)
        #expect(try total("group-study").total == 6)
        #expect(try total("integrity-study").missing.map(\.unit) == ["甲局"])
        // 征求意见表: 甲局's only value is *: the total reads 缺失, not 0.
        let questionnaires = try total("questionnaires")
        #expect(questionnaires.counted.isEmpty && !questionnaires.missing.isEmpty)
        #expect(ConsolidatedReport.totalText(questionnaires) == "缺失")
        #expect(ConsolidatedReport.totalText(study) == "12")
        #expect(study.counted.map(\.metric.raw) == ["12"])
        #expect(study.missing.isEmpty)
        #expect(study.unapproved.map(\.metric.raw) == ["12"])
        #expect(study.unapproved.allSatisfy { $0.unit == "丙局" })
        #expect(study.subtotals.map(\.unit) == ["HQ", "中间局", "乙局"])
        #expect(study.subtotals.map(\.total) == [12, 12, 12])
        // 廉政约谈: 乙局's 集体廉政约谈 3; 甲局's 开展廉政约谈 is *.
        let talks = try total("talks")
        #expect(talks.total == 3 && talks.missing.count == 1)
        // 讲党课 in 期 and in 人次 are two indicators: 乙局's "讲党课*人次" is a missing attendance.
        let lectures = try total("lectures")
        #expect(lectures.total == 3 && lectures.mismatched.isEmpty)
        let attendance = try total("lecture-attendance")
        #expect(attendance.missing.map(\.unit).contains("乙局") && attendance.mismatched.isEmpty)
        #expect(attendance.missing.allSatisfy { $0.metric.unit == "人次" })
        #expect(try total("activities").total == 8)
        #expect(try total("articles").total == 45)
        // Provenance: the sentence, line, change and author of a counted value.
        let twelve = try #require(study.counted.last)
        #expect(twelve.report == "乙局/2023H1/党风廉政")
        #expect(twelve.metric.sentence.contains("12次"))
        #expect(twelve.metric.author == ReplicaID(2))
        #expect(twelve.metric.wallTime == 1_700_000_000_000)
        #expect(twelve.metric.change != nil)
        #expect(result.approved.map(\.unit) == ["甲局", "乙局"])
    }

    @Test(
        "an approved report edited later still counts its approved values and shows as changed; conflicts are not summed"
    )
    func approvedVersionCounts() throws {
        var report = try Self.approved("report-001.txt", replica: 2)
        let twelve = try #require(report.snapshot().metrics.first { $0.raw == "12" })
        try report.setMetric(twelve.id ?? "", to: "20", wallTime: 5)
        var facts = try Self.facts(report, "乙局")
        #expect(facts.workflow.changedSincePinned)
        var result = Self.consolidate([facts])
        #expect(try #require(result.totals.first { $0.indicator.id == "study" }).total == 12)
        #expect(result.statuses.first { $0.unit == "乙局" }?.summary == "已审核，审核后已修改")
        #expect(
            Language.$current.withValue(.english) { result.statuses.first { $0.unit == "乙局" }?.summary }
                == "approved, changed since approval")

        // Two clerks set the 6 (中心组学习) concurrently; the report is resubmitted and approved with
        // the conflict.
        var other = ReportDocument(document: report.document.forked(as: ReplicaID(7)))
        let six = try #require(report.snapshot().metrics.first { $0.raw == "6" })
        try report.setMetric(six.id ?? "", to: "7", wallTime: 6)
        try other.setMetric(six.id ?? "", to: "8", wallTime: 6)
        var one = report.document
        var two = other.document
        try Document.exchange(&one, &two)
        report = ReportDocument(document: one)
        try report.submit(as: "乙局", wallTime: 7)
        try report.review(.approve, as: "HQ", wallTime: 8)
        facts = try Self.facts(report, "乙局")
        result = Self.consolidate([facts])
        #expect(try #require(result.totals.first { $0.indicator.id == "study" }).total == 20)
        let study = try #require(result.totals.first { $0.indicator.id == "group-study" })
        #expect(study.total == 0 && study.counted.isEmpty)
        #expect(study.conflicted.map { Set($0.metric.conflictingValues ?? []) } == [["7", "8"]])
    }

    @Test(
        "a catalogue file parses; errors name the file, line and field",
        arguments: [
            ("talks | 约谈 | 次", "cat.txt:1: expected 4 fields"),
            ("talks |  | 次 | 约谈", "cat.txt:1: field name: is empty"),
            ("a | A | 次 | x\na | B | 次 | y", "cat.txt:2: field id: \"a\" is already defined on line 1"),
            ("# only a comment", "cat.txt: defines no indicator"),
        ])
    func catalogParsing(text: String, message: String) throws {
        let catalog = try IndicatorCatalog(parsing: IndicatorCatalog.standard.text, source: "standard")
        #expect(catalog == .standard)
        let custom = try IndicatorCatalog(parsing: "# c\nx | 约谈 | 次 | 约谈、谈话\n", source: "c")
        #expect(custom.match(label: "开展廉政约谈", unit: "次") == .indicator(custom.indicators[0]))
        #expect(custom.match(label: "开展廉政约谈", unit: "人次") == .unitMismatch(custom.indicators[0], found: "人次"))
        #expect(custom.match(label: "学习", unit: "次") == nil)
        #expect(throws: CatalogError.self) { try IndicatorCatalog(parsing: text, source: "cat.txt") }
        do {
            _ = try IndicatorCatalog(parsing: text, source: "cat.txt")
        } catch {
            #expect(error.description == message || error.description.hasPrefix(message), "\(error)")
        }
    }

    @Test("the unit tree orders each unit before its subtree and finds ancestors")
    func unitTree() {
        #expect(Self.tree.ordered.map(\.name) == ["HQ", "中间局", "甲局", "乙局", "丙局", "丁局"])
        #expect(Self.tree.ancestors(of: "甲局") == ["中间局", "HQ"])
        #expect(Self.tree.subtree(of: "中间局").map(\.name) == ["中间局", "甲局", "乙局"])
        let cyclic = UnitTree([
            OrgUnit(name: "a", parent: "b", isHQ: false), OrgUnit(name: "b", parent: "a", isHQ: false),
        ])
        #expect(Set(cyclic.ordered.map(\.name)) == ["a", "b"])
        #expect(cyclic.ancestors(of: "a").count <= 2)
    }
}
