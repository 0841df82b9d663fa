import ArgumentParser
import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao export REPORT --format F`: write a report as text, Markdown or JSON.
struct ExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case txt, md, json
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a report as plain text, Markdown or JSON.",
        discussion: """
            Example:
              huibao export 2023H1/党风廉政 --format md -o report.md
            """)

    @OptionGroup var target: ReportTarget

    @Option(help: "txt, md or json.")
    var format: Format = .txt

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    /// What a reader of an exported text needs about its conflicts, after the text: the values
    /// two people wrote concurrently stand in the text as `{4|5}` (the form `huibao edit` and
    /// `huibao import` understand, so an untouched conflict stays a conflict); this lists each
    /// one by line and label. `nil` without conflicts.
    static func conflictNote(_ snapshot: ReportSnapshot, writers: ReportConflicts) -> String? {
        let conflicts = snapshot.conflicts
        guard !conflicts.isEmpty else { return nil }
        var out = Language.text(
            ReportText.conflictListMarkers[0] + "\(conflicts.count) 处（不属于正文，重新导入时自动略去）————\n"
                + "两人同时填写了不同的数值，正文中以 {甲|乙} 标出，报送前请用 huibao resolve 确定：\n",
            ReportText.conflictListMarkers[1]
                + "\(conflicts.count) (not part of the text; left out when re-imported) ----\n"
                + "Two people wrote different values concurrently, marked {a|b} in the text; settle each with "
                + "huibao resolve before submitting:\n")
        for metric in conflicts {
            // Each value with who wrote it: 6（张三）或 4（李四）.
            let sides = writers.metrics.first { $0.id == metric.id }?.sides ?? []
            let values = (metric.conflictingValues ?? [metric.raw]).map { value in
                guard let author = sides.first(where: { $0.value == value })?.author,
                    let name = writers.names[author.description]
                else { return value }
                return Language.text("\(value)（\(name)）", "\(value) (\(name))")
            }.joined(separator: Language.text(" 或 ", " or "))
            let unit = metric.unit.isEmpty ? "" : Language.text("（\(metric.unit)）", " (\(metric.unit))")
            out += Language.text(
                "  第\(metric.line)行 \(metric.label)：\(values)\(unit)\n",
                "  line \(metric.line) \(metric.label): \(values)\(unit)\n")
        }
        return out
    }

    func run() throws {
        let workspace = try target.workspace()
        let summary = try workspace.resolve(target.report)
        let document = try workspace.load(summary.id)
        let snapshot = document.snapshot()
        let writers = ReportConflicts(report: document, name: summary.name)
        let text: String
        switch format {
        case .txt: text = snapshot.text + (Self.conflictNote(snapshot, writers: writers).map { "\n" + $0 } ?? "")
        case .md:
            text =
                snapshot.markdown
                + (Self.conflictNote(snapshot, writers: writers).map {
                    "\n"
                        + $0.split(separator: "\n").map { "> " + ReportSnapshot.markdownEscaped(String($0)) }.joined(
                            separator: "\n>\n") + "\n"
                } ?? "")
        case .json: text = try ReportFile.json(snapshot) + "\n"
        }
        guard let output else { return print(text, terminator: "") }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError(
                Language.text(
                    "\(output)：无法写入（\(error.localizedDescription)）",
                    "\(output): cannot write (\(error.localizedDescription))"))
        }
    }
}
