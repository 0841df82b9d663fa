import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport

/// Reading report files and printing snapshots, shared by the commands.
enum ReportFile {
    /// Reads and normalises a report file: a text file, or a Word document (.docx, and .doc or
    /// .wps through LibreOffice), told by its extension or, for a Word file under another name,
    /// by its first bytes.
    static func read(_ path: String) throws -> ReportText {
        let bytes = try bytes(of: path)
        if isWordDocument(path, bytes) { return try DocxReader.read(bytes: bytes, source: path) }
        return try ReportText(bytes: bytes, source: path)
    }

    /// Whether a file is a Word document: by its extension, or by the zip or OLE signature
    /// (a text file never starts with those bytes).
    static func isWordDocument(_ path: String, _ bytes: [UInt8]) -> Bool {
        DocxReader.handles(path: path) || bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
            || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// Prints what reading a file changed or left out (encoding, line endings, junk markers, an
    /// exported conflict list), one note per line on standard error.
    static func printNotes(of report: ReportText) {
        for note in report.notes { printError(Language.text("提示：\(note)", "note: \(note)")) }
    }

    /// The bytes of a file, or a one-line error saying why not (no Foundation error dump).
    static func bytes(of path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError(Language.text("\(path)：文件不存在", "\(path): no such file"))
        }
        if isDirectory.boolValue {
            throw CLIError(Language.text("\(path) 是文件夹，请指定报告文件", "\(path) is a folder; give a report file"))
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CLIError(
                Language.text("\(path)：没有读取权限（无法读取该文件）", "\(path): permission denied (the file cannot be read)"))
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CLIError(Language.text("\(path)：无法读取该文件", "\(path): cannot read the file"))
        }
    }

    /// The JSON form of a snapshot: pretty, keys sorted, non-ASCII kept readable.
    static func json(_ snapshot: ReportSnapshot) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(snapshot), as: UTF8.self)
    }
}

/// A one-line error for the user; the command exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
