import HuibaoModel
import HuibaoReport
import Testing

/// Numbers in tables (cells separated by tabs, as Word tables read) and in numbered list items.
@Suite("Metrics in tables and numbered items")
struct TableAndListMetricTests {
    static func metrics(_ text: String) throws -> [String] {
        let report = try ReportDocument.importing(
            ReportText(text: text), metadata: ReportMetadata(unit: "甲局", period: "2024H1", kind: "党风廉政"),
            replica: ReplicaID(1), wallTime: 1)
        return report.snapshot().metrics.map { "\($0.label)=\($0.raw)\($0.unit)" }
    }

    @Test("a list item's number is not part of the label: 1. 2、 （1） (2) ①")
    func listNumbers() throws {
        let text = "一、工作情况\n1.开展廉政约谈4次。\n2、 发现问题线索3件。\n（1）立案1起。\n(2)结案2起。\n①警示教育5次。\n"
        #expect(try Self.metrics(text) == ["开展廉政约谈=4次", "发现问题线索=3件", "立案=1起", "结案=2起", "警示教育=5次"])
    }

    @Test("a table's value cells are metrics named by their row and column; the bracketed unit counts")
    func tableCells() throws {
        let text = "一、工作情况\n指标\t上半年\t去年同期\n廉政约谈（次）\t5\t3\n问题线索（件）\t2\t*\n二、下一步\n继续开展廉政约谈。\n"
        #expect(
            try Self.metrics(text) == [
                "廉政约谈（上半年）=5次", "廉政约谈（去年同期）=3次", "问题线索（上半年）=2件", "问题线索（去年同期）=*件",
            ])
        let byUnit = "一、工作情况\n单位\t廉政约谈（次）\t问题线索（件）\n一支部\t5\t1\n合计\t5\t1\n"
        #expect(
            try Self.metrics(byUnit) == [
                "廉政约谈（一支部）=5次", "问题线索（一支部）=1件", "廉政约谈（合计）=5次", "问题线索（合计）=1件",
            ])
    }

    @Test("cells that are not values alone, and tabs in prose, make no table metric")
    func notTableCells() throws {
        // 2024年 is no value cell; 共5项 is prose (its own metric, not the table's).
        let mixed = try Self.metrics("一、工作情况\n年份\t2024年\n说明\t共5项\n")
        #expect(mixed.count == 1 && mixed.allSatisfy { $0.hasSuffix("=5项") && !$0.contains("年份") }, "\(mixed)")
        #expect(try Self.metrics("一、工作情况\n\t5\t3\n") == [])
    }
}
