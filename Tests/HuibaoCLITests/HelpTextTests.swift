import HuibaoCLI
import HuibaoTestSupport
import Testing

/// The help `huibao` prints: paragraphs that ArgumentParser can reflow, and an example each.
@Suite("Help texts of huibao")
struct HelpTextTests {
    @Test("no hard line break inside a paragraph (ArgumentParser reflows them, which wrapped lines twice)")
    func paragraphs() {
        #expect(HelpTextChecks.hardBreaks(below: HuibaoCommand.self, path: "huibao") == [])
    }

    @Test("every command that does something shows an example")
    func examples() {
        #expect(HelpTextChecks.withoutExamples(below: HuibaoCommand.self, path: "huibao") == [])
    }

    @Test("hq return shows --comment as required; hq approve as optional")
    func requiredComment() throws {
        let returning = try BinaryRunner.run(["hq", "return", "--help"]).stdout
        #expect(returning.contains("<report> --comment <comment>"), "\(returning)")
        let approving = try BinaryRunner.run(["hq", "approve", "--help"]).stdout
        #expect(approving.contains("<report> [--comment <comment>]"), "\(approving)")
    }
}
