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
}
