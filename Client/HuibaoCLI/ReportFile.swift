import Foundation
import HuibaoModel

/// Reading report files and printing snapshots, shared by the commands.
enum ReportFile {
    /// Reads and normalises a report file.
    static func read(_ path: String) throws -> ReportText {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("\(path): cannot read the file (\((error as NSError).localizedDescription))")
        }
        return try ReportText(bytes: [UInt8](data), source: path)
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
