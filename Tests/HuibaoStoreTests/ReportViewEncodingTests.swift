import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@testable import HuibaoStore

/// The stored view's binary form decodes to the same view, the JSON older workspaces stored
/// still reads, and damaged bytes throw (the workspace then rebuilds the view).
@Suite("Stored view encoding")
struct ReportViewEncodingTests {
    @Test("a view with metrics, conflicts and a workflow decodes from its bytes and from the old JSON")
    func roundTrip() throws {
        let one = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let two = try Workspace.create(at: WorkspaceTests.temporaryDirectory(), unit: "某局", server: nil)
        let id = try SettingMetricTests.importSample(Samples.names[0], into: one)
        _ = try two.merge(from: one)
        let metrics = try one.view(of: id).metrics.compactMap(\.id)
        try one.setMetric(metrics[0], of: id, to: "4", wallTime: 2)
        try two.setMetric(metrics[0], of: id, to: "*", wallTime: 2)
        _ = try one.merge(from: two)
        var report = try one.load(id)
        try report.submit(as: "某局", wallTime: 3)
        let view = ReportView(report)
        #expect(!view.conflicts.metrics.isEmpty && view.workflow.state == .submitted)
        #expect(view.metrics.contains { $0.value == nil } && view.metrics.contains { $0.value != nil })
        #expect(try ReportView(decoding: view.encoded) == view)
        #expect(try ReportView(decoding: [UInt8](JSONEncoder().encode(view))) == view)
        let bytes = view.encoded
        for cut in [1, 2, bytes.count / 3, bytes.count - 1] {
            #expect(throws: (any Error).self) { try ReportView(decoding: Array(bytes.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try ReportView(decoding: bytes + [0]) }
    }
}
