import ArgumentParser
import HuibaoModel
import HuibaoReport

/// `--period P --kind K`, checked: a report is named `PERIOD/KIND` in every command.
struct PeriodKindOptions: ParsableArguments {
    @Option(
        help: "The period: 2023, 2023H1, 2023Q2 or 2023-06 (also written 2023年上半年, 2023年第二季度, 2023年6月).",
        transform: NameRules.canonicalPeriod)
    var period: String

    @Option(help: "The kind of report, e.g. 党风廉政.")
    var kind: String

    func validate() throws {
        if let problem = NameRules.problem(withPeriod: period) {
            throw ValidationError(Language.text("--period：\(problem)", "--period: \(problem)"))
        }
        if let problem = NameRules.problem(withName: kind, what: Language.text("报告类型", "the kind")) {
            throw ValidationError(Language.text("--kind：\(problem)", "--kind: \(problem)"))
        }
    }
}
