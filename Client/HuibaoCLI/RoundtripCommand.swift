import ArgumentParser
import HuibaoModel
import HuibaoReport

/// `huibao roundtrip FILE`: import into a document, export plain text, compare.
struct RoundtripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roundtrip",
        abstract: "Import a report into an in-memory document and print it back as plain text.",
        discussion: """
            The output equals the input after the listed normalisations (byte-order mark \
            removed, line endings LF, junk markers stripped); the command exits with status 1 \
            and names the first difference if it does not. Notes on the normalisations go to \
            standard error.

            Example:
              huibao roundtrip report.txt > copy.txt
            """)

    @Argument(help: "The report file: text, or a Word document (.docx, .doc, .wps).")
    var file: String

    func run() throws {
        let report = try ReportFile.read(file)
        let document = try ReportDocument.importing(
            report, metadata: ReportMetadata(), replica: ReplicaID.random(), wallTime: 0, source: file)
        let exported = document.snapshot().text
        print(exported, terminator: "")
        for note in report.notes { printError(Language.text("提示：\(note)", "note: \(note)")) }
        guard exported == report.text else {
            let a = Array(exported.unicodeScalars)
            let b = Array(report.text.unicodeScalars)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            throw CLIError(
                Language.text(
                    "\(file)：往返转换结果在第\(first)个字符处不一致", "\(file): round trip differs at character \(first)"))
        }
    }
}
