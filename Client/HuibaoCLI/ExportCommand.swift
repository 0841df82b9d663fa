import ArgumentParser
import Foundation
import HuibaoDocx
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoStore

/// `huibao export REPORT --format F`: write a report as text, Markdown, JSON or a Word document.
struct ExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case txt, md, json, docx
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a report as plain text, Markdown, JSON or a Word document.",
        discussion: """
            docx writes the official-document layout (GB/T 9704-2012: A4, 仿宋_GB2312 body, \
            黑体 and 楷体_GB2312 headings, page numbers); edit it in Word or WPS and record the \
            changes with `huibao apply REPORT FILE.docx`. A .docx is not written to a terminal: \
            give -o FILE.

            Examples:
              huibao export 2023H1/党风廉政 --format md -o report.md
              huibao export 2023H1/党风廉政 --format docx -o 报告.docx
            """)

    @OptionGroup var target: ReportTarget

    @Option(help: "txt, md, json or docx.")
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
                + "两人同时填写了不同的数值，正文中以 {甲|乙} 标出。报送前请确定采用哪个数值：在正文中改为一个数值后重新导入，"
                + "或用 huibao resolve：\n",
            ReportText.conflictListMarkers[1]
                + "\(conflicts.count) (not part of the text; left out when re-imported) ----\n"
                + "Two people wrote different values concurrently, marked {a|b} in the text; before submitting, "
                + "keep one value in the text and import it again, or use huibao resolve:\n")
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

    func validate() throws {
        if format == .docx && output == nil && isatty(STDOUT_FILENO) != 0 {
            throw ValidationError(
                Language.text(
                    "--format docx 生成的是二进制文件，不能输出到终端；请用 -o 指定文件，如 -o 报告.docx",
                    "--format docx writes a binary file, not to a terminal; give -o FILE, e.g. -o report.docx"))
        }
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
        case .docx:
            let official = OfficialDocument(snapshot: snapshot, appendix: Self.conflictNote(snapshot, writers: writers))
            let bytes = try DocxWriter.write(official, title: snapshot.structure.title ?? summary.name)
            return try Self.write(Data(bytes), to: output)
        }
        guard output != nil else { return print(text, terminator: "") }
        try Self.write(Data(text.utf8), to: output)
    }

    /// Writes `data` to `output` (atomically), or to standard output when there is none.
    static func write(_ data: Data, to output: String?) throws {
        guard let output else { return FileHandle.standardOutput.write(data) }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError(
                Language.text(
                    "\(output)：无法写入（\(error.localizedDescription)）",
                    "\(output): cannot write (\(error.localizedDescription))"))
        }
    }
}
