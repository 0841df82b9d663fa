import HuibaoHQ
import HuibaoModel
import HuibaoReport
import Testing

@Suite("Indicator catalogue")
struct IndicatorCatalogTests {
    @Test("the standard catalogue keeps different studies apart: 廉政学习, 中心组学习 and 集体学习 are three indicators")
    func studiesApart() {
        let catalog = IndicatorCatalog.standard
        func id(_ label: String, _ unit: String = "次") -> String? {
            if case .indicator(let indicator)? = catalog.match(label: label, unit: unit) { return indicator.id }
            return nil
        }
        #expect(id("组织廉政学习") == "integrity-study")
        #expect(id("组织开展理论学习中心组学习") == "group-study")
        #expect(id("全体干部职工集体学习") == "study")
        #expect(id("开展集体廉政学习") == "integrity-study")
        #expect(id("党组理论学习中心组学习") == "group-study")
    }

    @Test("a table's comparison and sum rows and columns are not counted: 去年同期, 同比, 合计")
    func comparisonsAndSumsAreNotCounted() {
        let catalog = IndicatorCatalog.standard
        #expect(catalog.match(label: "廉政约谈（上半年）", unit: "次").map { "\($0)" }?.contains("talks") == true)
        #expect(catalog.match(label: "廉政约谈（一支部）", unit: "次") != nil)
        for label in ["廉政约谈（去年同期）", "廉政约谈（合计）", "比上年多开展廉政约谈", "同比增加廉政约谈"] {
            #expect(catalog.match(label: label, unit: "次") == nil, "\(label)")
        }
    }

    @Test("one label word counted in two measure words can be two indicators: 讲党课 in 期 and in 人次")
    func unitsChooseTheIndicator() {
        let catalog = IndicatorCatalog.standard
        #expect(catalog.match(label: "领导干部讲党课", unit: "期").map(\.indicatorID) == "lectures")
        #expect(catalog.match(label: "讲党课", unit: "人次").map(\.indicatorID) == "lecture-attendance")
        // Only another measure word matches: still reported as a mismatch, never summed.
        #expect(
            catalog.match(label: "讲党课", unit: "次")
                == .unitMismatch(catalog.indicators.first { $0.id == "lectures" }!, found: "次"))
    }

    @Test("exclusions (!word) keep a label out of an indicator, survive the catalogue's text, and need a word")
    func exclusions() throws {
        let catalog = try IndicatorCatalog(
            parsing: "a | 约谈 | 次 | 约谈, !提醒\nb | 提醒约谈 | 次 | 提醒约谈\n", source: "c.txt")
        #expect(catalog.indicators[0].exclusions == ["提醒"])
        #expect(catalog.match(label: "开展廉政约谈", unit: "次").map(\.indicatorID) == "a")
        #expect(catalog.match(label: "警示提醒约谈", unit: "次").map(\.indicatorID) == "b")
        #expect(catalog.match(label: "提醒谈话", unit: "次") == nil)
        #expect(try IndicatorCatalog(parsing: catalog.text, source: "again") == catalog)
        #expect(throws: CatalogError.self) { try IndicatorCatalog(parsing: "a | A | 次 | !x\n", source: "c.txt") }
        #expect(throws: CatalogError.self) { try IndicatorCatalog(parsing: "a | A | 次 | x, !\n", source: "c.txt") }
    }
}

extension IndicatorCatalog.Match {
    /// The matched indicator's id, whether it counts or mismatches.
    fileprivate var indicatorID: String {
        switch self {
        case .indicator(let indicator), .unitMismatch(let indicator, _): indicator.id
        }
    }
}
