import Foundation

/// Runs the built `huibao` executable in a child process, as a user would.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory holding the built products (the test bundle's directory).
    static let productsDirectory: URL = {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    /// The path of the `huibao` executable next to the test bundle.
    static var huibao: URL { productsDirectory.appendingPathComponent("huibao") }

    /// Runs `huibao` (or `executable`) with `arguments` and extra `environment` variables.
    ///
    /// Messages are in English (`HUIBAO_LANG=en`) unless `environment` says otherwise: most tests
    /// check what a message says, not its wording; the Chinese wording has its own tests.
    static func run(_ arguments: [String], executable: URL? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        let process = Process()
        process.executableURL = executable ?? huibao
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["HUIBAO_LANG": "en"].merging(environment) { $1 }
        ) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The sample reports beside the repository (or HUIBAO_SAMPLES).
    static let samples: URL = {
        if let path = ProcessInfo.processInfo.environment["HUIBAO_SAMPLES"] { return URL(fileURLWithPath: path) }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/samples")
    }()

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
