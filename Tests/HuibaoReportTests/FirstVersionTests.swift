import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("First versions of a report")
struct FirstVersionTests {
    static let metadata = ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政")

    static func imported(_ name: String, replica: UInt64, wallTime: Int64) throws -> ReportDocument {
        try ReportDocument.importing(
            ReportText(bytes: Samples.bytes(name), source: name), metadata: metadata, replica: ReplicaID(replica),
            wallTime: wallTime)
    }

    @Test("two clerks importing the same file make one first version: no doubled text, no conflict")
    func identicalImportsConverge() throws {
        var a = try Self.imported("report-001.txt", replica: 1, wallTime: 10)
        var b = try Self.imported("report-001.txt", replica: 2, wallTime: 99_999)
        let alone = a.snapshot()
        #expect(a.document.changes.first?.hash == b.document.changes.first?.hash)
        // Each edits before syncing; the edits are their own replicas'.
        let id = try #require(alone.metrics.first?.id)
        try a.setMetric(id, to: "7", wallTime: 11)
        #expect(a.document.changes.last?.author == ReplicaID(1))
        try ReportDocument.exchange(&a, &b)
        #expect(a.snapshot().text == b.snapshot().text)
        #expect(a.snapshot().metrics.count == alone.metrics.count)
        #expect(
            a.document.textLength == alone.text.unicodeScalars.count
                - alone.metrics.reduce(0) {
                    $0 + $1.raw.unicodeScalars.count - 1
                })
        #expect(a.competingFirstVersions.isEmpty)
    }

    @Test("different first versions are listed, not summed; keeping one leaves exactly its text on every replica")
    func differentImportsCompeteUntilOneIsKept() throws {
        var a = try Self.imported("report-001.txt", replica: 1, wallTime: 10)
        var b = try Self.imported("report-002.txt", replica: 2, wallTime: 20)
        let keptText = a.snapshot().text
        // b edits its own version before it has seen a's.
        let bMetric = try #require(b.snapshot().metrics.first?.id)
        try b.setMetric(bMetric, to: "8", wallTime: 21)
        try ReportDocument.exchange(&a, &b)
        let versions = a.competingFirstVersions
        #expect(versions.count == 2)
        #expect(b.competingFirstVersions == versions)
        let mine = try #require(versions.first { $0.change == a.document.changes.first?.hash })
        #expect(throws: ReportEditError.unknownFirstVersion("zz")) { try a.keepFirstVersion("zz", wallTime: 30) }
        try a.keepFirstVersion(mine.id, wallTime: 30)
        #expect(a.competingFirstVersions.isEmpty)
        #expect(a.snapshot().text == keptText)
        try ReportDocument.exchange(&a, &b)
        #expect(b.snapshot().text == keptText)
        #expect(b.competingFirstVersions.isEmpty)
    }

    @Test("random pairs of imports with random edits converge, and one keep settles them")
    func randomImportsSettle() throws {
        var generator = SeededGenerator(seed: 2026)
        for round in 0..<20 {
            let names = [
                Samples.names.randomElement(using: &generator)!, Samples.names.randomElement(using: &generator)!,
            ]
            var a = try Self.imported(names[0], replica: 1, wallTime: Int64(round))
            var b = try Self.imported(names[1], replica: 2, wallTime: Int64(round + 1))
            for report in [0, 1] {
                var target = report == 0 ? a : b
                let metrics = target.snapshot().metrics
                if let metric = metrics.randomElement(using: &generator), let id = metric.id {
                    try target.setMetric(id, to: String(Int.random(in: 1...99, using: &generator)), wallTime: 5)
                }
                if report == 0 { a = target } else { b = target }
            }
            try ReportDocument.exchange(&a, &b)
            #expect(a.snapshot().text == b.snapshot().text, "round \(round)")
            let versions = a.competingFirstVersions
            #expect(versions.count == (names[0] == names[1] ? 0 : 2), "round \(round)")
            if let keep = versions.randomElement(using: &generator) {
                try b.keepFirstVersion(keep.id, wallTime: 9)
                try ReportDocument.exchange(&a, &b)
                #expect(a.snapshot().text == b.snapshot().text)
                #expect(a.competingFirstVersions.isEmpty)
            }
        }
    }
}
