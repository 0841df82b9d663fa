import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

/// Metrics in prose as people label them: hand-made fixtures for each pattern, and reports
/// written and labelled by someone who had not seen the scanner (`Fixtures/metrics/unseen`).
@Suite("Metric fidelity")
struct MetricFidelityTests {
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/metrics")

    static func reports(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted()
            .map { directory.appendingPathComponent($0).path }
    }

    @Test(
        "each pattern gives the labelled metrics exactly: count before the action, 的-phrases, parallel lists, 万, 成, 批, 个百分点, neighbours"
    )
    func patterns() throws {
        let files = try Self.reports(in: Self.fixtures)
        #expect(files.count >= 2)
        for file in files {
            var score = MetricScore()
            try score.add(reportAt: file)
            #expect(score.misses.isEmpty, "\(score.misses.joined(separator: "\n"))")
            #expect(score.strict == score.labelled && score.found == score.labelled, "\(file)")
        }
    }

    @Test("on reports labelled by someone else, values and labels are found with precision and recall of at least 0.98")
    func unseenReports() throws {
        var score = MetricScore()
        let files = try Self.reports(in: Self.fixtures.appendingPathComponent("unseen"))
        #expect(files.count >= 14)
        for file in files { try score.add(reportAt: file) }
        #expect(score.labelled >= 380)
        #expect(score.detectionPrecision >= 0.98 && score.detectionRecall >= 0.98, "\(score.misses)")
        #expect(score.precision >= 0.98 && score.recall >= 0.98, "\(score.misses.joined(separator: "\n"))")
    }

    @Test("filling in a placeholder never changes the label of a metric beside it")
    func neighbourFilledIn() throws {
        let before = ReportSnapshot(report: ReportText(text: "二、工作\n2023年已开展*轮共*个单位的巡察，立案*起处分*人。\n")).metrics
        let after = ReportSnapshot(report: ReportText(text: "二、工作\n2023年已开展3轮共12个单位的巡察，立案2起处分5人。\n")).metrics
        #expect(before.map(\.label) == after.map(\.label))
        #expect(after.map(\.label) == ["开展", "单位的巡察", "立案", "处分"] || after.map(\.label).count == 4)
        #expect(!after.contains { $0.label.contains("*") || $0.label.contains("3") })
    }

    @Test(
        "numbers inside quotes, dates, ordinals and fixed phrases are not metrics",
        arguments: [
            "坚持“两个维护”，落实八项规定，树牢“四个意识”，强化一岗双责。",
            "3月21日召开党组会，学习党的二十大精神，第一议题学习到位。",
            "连续3年开展活动，平均年龄43.6岁，第二季度完成。",
            "签订《2023年党风廉政建设责任书》，推进“三会一课”。",
        ])
    func distractors(text: String) {
        #expect(ReportSnapshot(report: ReportText(text: "一、情况\n" + text + "\n")).metrics.isEmpty)
    }
}
