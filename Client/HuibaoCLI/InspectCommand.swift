import ArgumentParser
import HuibaoModel

/// `huibao inspect FILE`: the structure, metrics and warnings of a report file.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the structure, metrics and warnings of a report file.",
        discussion: """
            Reads a report (UTF-8 with or without BOM, or GB18030; any line endings), strips \
            copy-paste junk such as ##paidbegin##, and lists its title, parts, sections, \
            metrics (label, value or missing, unit, line) and numbering warnings. Nothing is \
            stored.

            Examples:
              huibao inspect 2023H1-局.txt
              huibao inspect 2023H1-局.txt --json > report.json
            """)

    @Argument(help: "The report file.")
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
        if let title = structure.title { out += "title (line \(structure.titleLine ?? 0)): \(title)\n" }
        if let preamble = structure.preamble {
            out += "preamble: lines \(preamble.lowerBound)-\(preamble.upperBound)\n"
        }
        for part in structure.parts {
            out += "\(part.marker.marker)\(part.heading)  [lines \(part.lines.lowerBound)-\(part.lines.upperBound)"
            out += part.points.isEmpty ? "]\n" : ", points \(part.points.map(\.marker).joined(separator: " "))]\n"
            for section in part.sections {
                out += "  \(section.marker.marker)\(section.heading)  [lines \(section.lines.lowerBound)-"
                out += "\(section.lines.upperBound)"
                out +=
                    section.points.isEmpty
                    ? "]\n" : ", points \(section.points.map(\.marker).joined(separator: " "))]\n"
            }
        }
        out += "metrics: \(snapshot.metrics.count)\n"
        for metric in snapshot.metrics {
            let value = metric.isMissing ? "missing (\(metric.raw))" : metric.raw + (metric.approximate ? "余" : "")
            out += "  line \(metric.line): \(metric.label) = \(value) \(metric.unit)\n"
        }
        out += "warnings: \(snapshot.warnings.count)\n"
        for warning in snapshot.warnings { out += "  \(warning)\n" }
        return out
    }
}
