import Foundation
import HuibaoTestSupport

/// `huibao-bench metrics REPORT.txt...`: how well the metric scanner finds what people labelled
/// (``MetricScore``): precision and recall of finding the values, and of their labels.
struct MetricAccuracy {
    var files: [String]
    var verbose: Bool

    func run() throws -> String {
        var score = MetricScore()
        for file in files { try score.add(reportAt: file) }
        if verbose {
            for miss in score.misses { print(miss) }
        }
        func three(_ value: Double) -> String { String(format: "%.3f", value) }
        return """
            {"benchmark":"metrics","files":\(files.count),"labelled":\(score.labelled),"found":\(score.found),\
            "detection_precision":\(three(score.detectionPrecision)),"detection_recall":\(three(score.detectionRecall)),\
            "precision":\(three(score.precision)),"recall":\(three(score.recall)),\
            "strict_precision":\(three(score.strictPrecision)),"strict_recall":\(three(score.strictRecall))}
            """
    }
}
