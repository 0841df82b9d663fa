import ArgumentParser
import HuibaoCLI
import HuibaoModel
import HuibaoReport
import Testing

@Suite("huibao command")
struct VersionTests {
    @Test("--version names the change and document format versions")
    func versionNamesFormats() {
        #expect(HuibaoCommand.configuration.version.contains("change format \(Change.formatVersion)"))
        #expect(HuibaoCommand.configuration.version.contains("document format \(Document.formatVersion)"))
    }

    @Test("an unknown option is a parse error")
    func unknownOptionFails() {
        #expect(throws: (any Error).self) { try HuibaoCommand.parseAsRoot(["--frobnicate"]) }
    }

    @Test("huibao starts without loading libcurl, which only sync and HQ commands load")
    func startsWithoutLibcurl() throws {
        // What `ldd` prints: the shared libraries the dynamic loader maps at start.
        let loaded = try BinaryRunner.run([], environment: ["LD_TRACE_LOADED_OBJECTS": "1"])
        #expect(loaded.stdout.contains("libc.so"), "\(loaded.stdout)")
        #expect(!loaded.stdout.contains("libcurl"), "\(loaded.stdout)")
    }
}
