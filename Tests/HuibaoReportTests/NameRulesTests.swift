import HuibaoModel
import HuibaoReport
import Testing

@Suite("Names of units, periods and kinds")
struct NameRulesTests {
    @Test("unit names and kinds: one clear word, no slash, no control character, no edge spaces")
    func names() {
        for good in ["某局", "HQ", "第一 分局", "党风廉政", String(repeating: "局", count: 100)] {
            #expect(NameRules.problem(withName: good) == nil, "\(good)")
        }
        let bad: [(String, String)] = [
            ("", "empty"), ("   ", "empty"), ("\u{3000}", "empty"), ("某局 ", "space"), (" 某局", "space"),
            ("某\n局", "control"), ("某\t局", "control"), ("甲局/乙局", "\"/\""),
            (String(repeating: "局", count: 101), "100"),
        ]
        for (name, words) in bad {
            let problem = Language.$current.withValue(.english) { NameRules.problem(withName: name, what: "the kind") }
            #expect(NameRules.problem(withName: name, what: "类别") != nil)
            #expect(problem?.contains(words) == true, "\(name.debugDescription): \(problem ?? "accepted")")
            #expect(problem?.hasPrefix("the kind") == true)
        }
    }

    @Test("periods: a year, a half, a quarter or a month")
    func periods() {
        for good in ["2023", "2023H1", "2023H2", "2023Q1", "2023Q4", "2023-01", "2023-06", "2023-12"] {
            #expect(NameRules.problem(withPeriod: good) == nil, "\(good)")
        }
        for bad in ["", "23", "2023H3", "2023Q5", "2023-13", "2023-6", "2023年上半年", "２０２３", "2023h1", " 2023", "P1"] {
            #expect(NameRules.problem(withPeriod: bad)?.contains("2023H1") == true, "\(bad) accepted")
            #expect(
                Language.$current.withValue(.english) { NameRules.problem(withPeriod: bad)?.contains("half") } == true)
        }
    }

    @Test("a period written the Chinese way is read as the report's period, and shown that way")
    func chinesePeriods() {
        let read = [
            ("2024年上半年", "2024H1"), ("2024年下半年", "2024H2"), ("2024年第二季度", "2024Q2"), ("2024年三季度", "2024Q3"),
            ("2024年4季度", "2024Q4"), ("2024年6月", "2024-06"), ("2024年12月", "2024-12"), ("2024年度", "2024"),
            ("2024H1", "2024H1"), ("2024年13月", "2024年13月"), ("上半年", "上半年"),
        ]
        for (text, period) in read { #expect(NameRules.canonicalPeriod(text) == period, "\(text)") }
        #expect(NameRules.problem(withPeriod: NameRules.canonicalPeriod("2024年13月")) != nil)
        let shown = [
            ("2024H1", "2024年上半年"), ("2024H2", "2024年下半年"), ("2024Q2", "2024年第二季度"), ("2024-06", "2024年6月"),
            ("2024", "2024年度"), ("其他", "其他"),
        ]
        for (period, text) in shown {
            #expect(NameRules.displayPeriod(period) == text)
            #expect(NameRules.canonicalPeriod(text) == period || period == "其他")
        }
    }
}
