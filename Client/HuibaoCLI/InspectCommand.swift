import ArgumentParser
import HuibaoModel
import HuibaoReport

/// `huibao inspect FILE`: the structure, metrics and warnings of a report file.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the structure, metrics and warnings of a report file.",
        discussion: """
            Reads a report (UTF-8 with or without BOM, or GB18030; any line endings), strips \
            copy-paste junk such as ##paidbegin##, and lists its title, parts, sections, \
            metrics (label, value or missing, unit, line) and numbering warnings. A Word document \
            (.docx, .doc, .wps) is read as `huibao import` reads it. Nothing is stored.

            Examples:
              huibao inspect 2023H1-局.txt
              huibao inspect 2023H1-局.txt --json > report.json
            """)

    @Argument(help: "The report file: text, or a Word document (.docx, .doc, .wps).")
    var file: String

    @Flag(help: "Print JSON (metadata, structure, metrics with offsets, warnings).")
    var json = false

    func run() throws {
        let report = try ReportFile.read(file)
        let snapshot = ReportSnapshot(report: report)
        if json {
            print(try ReportFile.json(snapshot))
        } else {
            print(InspectCommand.describe(snapshot), terminator: "")
        }
    }

    /// The human-readable listing.
    static func describe(_ snapshot: ReportSnapshot) -> String {
        var out = ""
        let structure = snapshot.structure
        if let title = structure.title {
            let line = structure.titleLine ?? 0
            out += Language.text("标题（第\(line)行）：\(title)\n", "title (line \(line)): \(title)\n")
        }
        // 第3-9行, 第4行.
        func chineseLines(_ lines: ClosedRange<Int>) -> String {
            lines.count == 1 ? "第\(lines.lowerBound)行" : "第\(lines.lowerBound)-\(lines.upperBound)行"
        }
        if let preamble = structure.preamble {
            out += Language.text(
                "导语：\(chineseLines(preamble))\n", "preamble: lines \(preamble.lowerBound)-\(preamble.upperBound)\n")
        }
        // `[lines 3-9, points 一是 二是]`.
        func extent(_ lines: ClosedRange<Int>, _ points: [ReportStructure.Marker]) -> String {
            let markers = points.map(\.marker).joined(separator: " ")
            return Language.text(
                "[\(chineseLines(lines))" + (points.isEmpty ? "]" : "，要点 \(markers)]"),
                "[lines \(lines.lowerBound)-\(lines.upperBound)" + (points.isEmpty ? "]" : ", points \(markers)]"))
        }
        for part in structure.parts {
            out += "\(part.marker.marker)\(part.heading)  \(extent(part.lines, part.points))\n"
            for section in part.sections {
                out += "  \(section.marker.marker)\(section.heading)  \(extent(section.lines, section.points))\n"
            }
        }
        out += Language.text("指标：\(snapshot.metrics.count)个\n", "metrics: \(snapshot.metrics.count)\n")
        for metric in snapshot.metrics {
            let value =
                metric.isMissing
                ? Language.text("缺失（\(metric.raw)）", "missing (\(metric.raw))")
                : metric.raw + (metric.approximate ? "余" : "")
            out += Language.text(
                metric.isMissing
                    ? "  第\(metric.line)行：\(metric.label) = \(value)（单位：\(metric.unit)）\n"
                    : "  第\(metric.line)行：\(metric.label) = \(value) \(metric.unit)\n",
                "  line \(metric.line): \(metric.label) = \(value) \(metric.unit)\n")
        }
        out += Language.text("警告：\(snapshot.warnings.count)条\n", "warnings: \(snapshot.warnings.count)\n")
        for warning in snapshot.warnings { out += "  \(warning)\n" }
        return out
    }
}
