public import Foundation

/// The sample reports in ../shared/samples (read-only fixtures beside the repository), or in
/// the folder named by HUIBAO_SAMPLES.
public enum Samples {
    public static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["HUIBAO_SAMPLES"] { return URL(fileURLWithPath: path) }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Tests/HuibaoTestSupport/Samples.swift -> repo/..
        return url.appendingPathComponent("shared/samples")
    }()

    public static let names = ["report-000.txt", "report-001.txt", "report-002.txt"]

    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
