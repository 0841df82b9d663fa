import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

/// The exported documents opened by a real word processor: LibreOffice converts them to PDF,
/// poppler reads the PDF back. These tests fail (they never skip) when `soffice`, `pdfinfo`,
/// `pdftotext` or `pdftoppm` is missing: CI installs libreoffice-writer-nogui and poppler-utils.
@Suite("Exported Word documents opened by LibreOffice", .serialized)
struct DocxRenderingTests {
    /// Where the page images go: `.build/test-artifacts` of the repository.
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts")

    /// Runs a tool from the PATH, failing the test when it is missing or fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
            "\($0)/\(tool)"
        }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let executable = try #require(
            path, "\(tool) is not installed: apt-get install libreoffice-writer-nogui poppler-utils (see .ci/run)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let said = String(decoding: data, as: UTF8.self)
        try #require(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")): \(said)")
        return said
    }

    /// Converts the .docx files to PDF in one soffice run, with a profile of its own.
    static func convertToPDF(_ files: [URL], in folder: URL) throws {
        let profile = folder.appendingPathComponent("profile").absoluteString
        try run(
            "soffice",
            [
                "-env:UserInstallation=\(profile)", "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                folder.path,
            ]
                + files.map(\.path))
    }

    @Test(
        "a report and HQ's consolidated report open in LibreOffice: A4 pages, the text and the totals table in the PDF, page numbers; first pages saved as PNG"
    )
    func openedByLibreOffice() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-docx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report-002.docx")
        let consolidated = folder.appendingPathComponent("consolidated.docx")
        try Data(DocxWriter.write(OfficialDocument(snapshot: DocxWriterTests.snapshot("report-002.txt")))).write(
            to: report)
        try Data(DocxWriter.write(OfficialDocument(consolidation: DocxWriterTests.consolidation()))).write(
            to: consolidated)
        try Self.convertToPDF([report, consolidated], in: folder)

        let reportPDF = folder.appendingPathComponent("report-002.pdf").path
        let info = try Self.run("pdfinfo", [reportPDF])
        // A4: 595.28 × 841.89 pt.
        let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") } ?? ""
        #expect(size.contains(" 595.") && size.contains(" x 841.") && size.contains("(A4)"), "\(info)")
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.map {
            Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        // About 5,000 characters at 22 × 28 a page: several pages.
        #expect((pages ?? 0) >= 4, "\(info)")
        let text = try Self.run("pdftotext", ["-layout", reportPDF, "-"])
        // 22 lines of 28 characters: a full line of Chinese text holds 28 (29 with a comma hanging
        // at its end), and the second page, all body text, has 22 lines besides its number.
        let pageTexts = text.split(separator: "\u{0C}")
        try #require(pageTexts.count >= 2)
        let secondPage = pageTexts[1].split(separator: "\n").map { $0.filter { !$0.isWhitespace } }.filter {
            !$0.isEmpty && !$0.hasPrefix("—")
        }
        #expect(secondPage.count == 22, "\(secondPage)")
        let widths = secondPage.map { line in line.unicodeScalars.filter { $0.value >= 0x2E80 }.count }
        #expect(widths.filter { $0 == 28 }.count >= 10, "\(widths)")
        #expect(widths.allSatisfy { $0 <= 29 }, "\(widths)")
        // Without spaces and without the page numbers that stand between the pages' lines.
        let squeezed = text.filter { !$0.isWhitespace }.replacing(/—\d+—/, with: "")
        #expect(text.filter { !$0.isWhitespace }.contains("—1—") && text.filter { !$0.isWhitespace }.contains("—2—"))
        #expect(squeezed.contains("党2023年党风廉政建设工作总结"))
        #expect(squeezed.contains("一、2023年工作开展情况"))
        // Every line of the report is in the PDF (the PDF breaks lines, so compare without spaces).
        for line in try ReportText(bytes: Samples.bytes("report-002.txt"), source: "s").text.split(separator: "\n") {
            let words = line.filter { !$0.isWhitespace }
            #expect(squeezed.contains(words), "\(line.prefix(30))")
        }

        let consolidatedPDF = folder.appendingPathComponent("consolidated.pdf").path
        #expect(try Self.run("pdfinfo", [consolidatedPDF]).contains(" x 841."))
        let totals = try Self.run("pdftotext", ["-layout", consolidatedPDF, "-"]).filter { !$0.isWhitespace }
        #expect(totals.contains("二、指标合计"))
        #expect(totals.contains("指标计量合计计入缺失冲突未审核"))
        #expect(totals.contains("廉政约谈次72"))

        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        for (pdf, name) in [(reportPDF, "docx-report-002"), (consolidatedPDF, "docx-consolidated")] {
            let prefix = Self.artifacts.appendingPathComponent(name).path
            try Self.run("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, prefix])
            let png = prefix + ".png"
            #expect(FileManager.default.fileExists(atPath: png))
            print("first page of the exported document: \(png)")
        }
    }

    @Test("a .doc file (Word 97-2003, saved by LibreOffice) is converted through soffice and reads like the .docx")
    func docConvertedBySoffice() throws {
        let doc = try DocxReader.read(bytes: DocxFixtures.bytes("table-revisions.doc"), source: "table-revisions.doc")
        let docx = try DocxFixtures.read("table-revisions.docx")
        #expect(doc.text == docx.text)
    }
}
