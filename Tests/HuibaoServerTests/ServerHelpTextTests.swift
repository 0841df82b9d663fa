import HuibaoServer
import HuibaoTestSupport
import Testing

/// The help `huibao-server` prints: paragraphs that ArgumentParser can reflow, and an example each.
@Suite("Help texts of huibao-server")
struct ServerHelpTextTests {
    @Test("no hard line break inside a paragraph; every command that does something shows an example")
    func helpTexts() {
        #expect(HelpTextChecks.hardBreaks(below: ServerCommand.self, path: "huibao-server") == [])
        #expect(HelpTextChecks.withoutExamples(below: ServerCommand.self, path: "huibao-server") == [])
    }
}
