import Foundation

/// The `huibao` binary next to this one, run as a user runs it.
enum HuibaoBinary {
    /// Runs the `huibao` binary next to this one; fails unless it exits 0.
    @discardableResult
    static func run(_ arguments: [String], _ workspace: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("huibao")
        process.arguments = arguments + ["--workspace", workspace]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SyncBenchmark.Failure(description: "huibao \(arguments.joined(separator: " ")) failed: \(output)")
        }
        return output
    }
}
