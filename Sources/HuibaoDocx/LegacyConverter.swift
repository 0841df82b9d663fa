import Foundation
import HuibaoModel
import HuibaoReport

/// Converts a Word 97–2003 (`.doc`) or WPS (`.wps`) file to .docx with LibreOffice:
/// `soffice --headless --convert-to docx --outdir TMP FILE`, in a temporary folder with a
/// LibreOffice profile of its own (so that it neither waits for nor disturbs a LibreOffice the
/// user has open).
struct LegacyConverter {
    /// The `soffice` executable.
    var executable: URL
    /// How long a conversion may take.
    var timeout: TimeInterval = 120

    /// The converter, when `soffice` (or `libreoffice`) is on `PATH`; `nil` otherwise.
    init?(environment: [String: String]) {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["soffice", "libreoffice"] {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    executable = candidate
                    return
                }
            }
        }
        return nil
    }

    /// The .docx bytes of a .doc or .wps file.
    ///
    /// - Throws: ``DocxError/conversionFailed(source:reason:)``.
    func convertToDocx(_ bytes: [UInt8], source: String) throws(DocxError) -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-soffice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ext = DocxReader.fileExtension(of: source)
        let input = folder.appendingPathComponent("input." + (ext == "wps" ? "wps" : "doc"))
        let output = folder.appendingPathComponent("out")
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try Data(bytes).write(to: input)
        } catch {
            throw .conversionFailed(source: source, reason: error.localizedDescription)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "-env:UserInstallation=" + folder.appendingPathComponent("profile").absoluteString, "--headless",
            "--norestore", "--convert-to", "docx", "--outdir", output.path, input.path,
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .conversionFailed(source: source, reason: error.localizedDescription)
        }
        // Read the output while waiting, so a chatty soffice cannot fill the pipe and stall.
        let reader = LogReader(log.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw .conversionFailed(
                source: source,
                reason: Language.text("\(Int(timeout))秒内未完成", "not finished within \(Int(timeout)) seconds"))
        }
        let said = reader.finish()
        let converted = output.appendingPathComponent("input.docx")
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: converted) else {
            let line = said.split(whereSeparator: \.isNewline).last { !$0.contains("javaldx") }.map(String.init)
            throw .conversionFailed(
                source: source,
                reason: line
                    ?? Language.text("退出码 \(process.terminationStatus)", "exit status \(process.terminationStatus)"))
        }
        return [UInt8](data)
    }
}

/// Drains a pipe on a background thread.
///
/// A class because the thread and the caller share the buffer; safe because the thread writes
/// it only before signalling `done`, and the caller reads it only after waiting for that.
private final class LogReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// What was written, once the writer closed the pipe.
    func finish() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
