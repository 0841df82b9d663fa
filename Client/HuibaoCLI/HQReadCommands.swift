import ArgumentParser
import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoStore
import HuibaoSync

/// `huibao hq status`: the status matrix from the server.
struct HQStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show which units have submitted, been returned or approved, per period and kind.",
        discussion: """
            Asks the server (HQ's token), so it shows every unit below HQ, including units whose \
            reports have not arrived ("not started").

            Example:
              huibao hq status
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let body = try HQClient(workspace: options.open()).get("/v1/hq/overview")
        if output.json { return print(String(decoding: body, as: UTF8.self)) }
        let overview = try JSONDecoder().decode(HQOverview.self, from: Data(body))
        if overview.columns.isEmpty {
            return print(Language.text("尚无报告，也未设定应报期次", "no reports and no expectations yet"))
        }
        for column in overview.columns {
            let index = overview.columns.firstIndex { $0.period == column.period && $0.kind == column.kind } ?? 0
            print("\(column.period)/\(column.kind)")
            for row in overview.rows {
                guard let cell = row.cells[index] else { continue }
                let indent = String(repeating: "  ", count: row.depth)
                print("\(indent)\(row.unit)  \(cell.summary)")
            }
        }
    }
}

/// `huibao hq export`: the consolidated report from the server.
struct HQExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the consolidated report of a period: statuses, totals with provenance, approved texts.",
        discussion: """
            Only values of approved reports are summed; placeholders, conflicting values, \
            unapproved reports and measure-word mismatches are listed apart.

            docx is the official-document layout (GB/T 9704-2012), the totals as a table; it is \
            not written to a terminal: give -o FILE.

            Examples:
              huibao hq export --period 2023H1 --kind 党风廉政 --format md -o 汇总.md
              huibao hq export --period 2023H1 --kind 党风廉政 --format csv
              huibao hq export --period 2023H1 --kind 党风廉政 --format docx -o 汇总.docx
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The period, e.g. 2023H1 or 2023年上半年.", transform: NameRules.canonicalPeriod)
    var period: String

    @Option(help: "The kind of report.")
    var kind: String

    @Option(help: "md, txt, csv, json or docx.")
    var format = "md"

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var output: String?

    func validate() throws {
        guard ConsolidatedReport.Format(rawValue: format) != nil || format == "docx" else {
            throw ValidationError(
                Language.text(
                    "--format 只能是 md、txt、csv、json 或 docx，不能是 \(format)",
                    "--format must be md, txt, csv, json or docx, not \(format)"))
        }
        if format == "docx" && output == nil && isatty(STDOUT_FILENO) != 0 {
            throw ValidationError(
                Language.text(
                    "--format docx 生成的是二进制文件，不能输出到终端；请用 -o 指定文件，如 -o 汇总.docx",
                    "--format docx writes a binary file, not to a terminal; give -o FILE, e.g. -o summary.docx"))
        }
    }

    func run() throws {
        let body = try HQClient(workspace: options.open()).get(
            "/v1/hq/consolidation", query: [("period", period), ("kind", kind), ("format", format)])
        guard let output else {
            if format == "docx" { return FileHandle.standardOutput.write(Data(body)) }
            return print(String(decoding: body, as: UTF8.self), terminator: "")
        }
        try Data(body).write(to: URL(fileURLWithPath: output), options: .atomic)
        print(Language.text("已写入 \(output)（\(body.count) 字节）", "wrote \(output) (\(body.count) bytes)"))
    }
}

/// `huibao hq conflicts`: everything in HQ's copies that needs a person.
struct HQConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List, across every report in this workspace, the values and workflow steps that collided.",
        discussion: """
            Resolve a value with `huibao resolve UNIT/PERIOD/KIND METRIC VALUE`; settle concurrent \
            workflow steps with the next step (`huibao hq approve` or `huibao hq return`).

            Example:
              huibao hq conflicts
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try ConflictsCommand.list(try options.open(), report: nil, output: output)
    }
}

/// `huibao hq dashboard`: a one-time link into the server's dashboard.
struct HQDashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Print a one-time link (valid 10 minutes) that opens HQ's dashboard in a browser.",
        discussion: """
            The dashboard shows the status matrix, each report with its metrics and history, the \
            totals with drill-down, and the conflicts with resolve buttons.

            Example:
              huibao hq dashboard
            """)

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let client = try HQClient(workspace: options.open())
        let path = String(decoding: try client.post("/v1/hq/dashboard-link"), as: UTF8.self)
        print(client.serverURL + path.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
