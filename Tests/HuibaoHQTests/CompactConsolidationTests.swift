import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("Compact consolidation JSON and the stored form of facts")
struct CompactConsolidationTests {
    /// The three samples approved, and one with its text made hostile to JSON.
    static func consolidation() throws -> Consolidation {
        var reports: [ReportFacts] = []
        for (index, (sample, unit)) in [
            ("report-000.txt", "甲局"), ("report-001.txt", "乙局"), ("report-002.txt", "丙局"),
        ].enumerated() {
            reports.append(
                try ConsolidationTests.facts(
                    try ConsolidationTests.approved(sample, replica: UInt64(index + 1)), unit))
        }
        let sample = String(decoding: try Samples.bytes("report-001.txt"), as: UTF8.self)
        let hostile = try ReportDocument.importing(
            ReportText(text: "引号\"反斜杠\\\u{1}制表\t换行：开展集体廉政约谈5次。\n" + sample), metadata: ReportMetadata(),
            replica: ReplicaID(9), wallTime: 5)
        reports.append(try ConsolidationTests.facts(hostile, "丁局"))
        return ConsolidationTests.consolidate(reports)
    }

    @Test("the compact JSON decodes, every reference resolves, and it says what the full form says")
    func roundTrip() throws {
        let full = try Self.consolidation()
        let bytes = CompactConsolidation(full).json()
        let compact = try JSONDecoder().decode(CompactConsolidation.self, from: Data(bytes))
        #expect(compact == CompactConsolidation(full))
        #expect(compact.totals.count == full.totals.count)
        for (total, expected) in zip(compact.totals, full.totals) {
            #expect(total.indicator == expected.indicator)
            #expect(total.total == (expected.counted.isEmpty && !expected.missing.isEmpty ? nil : expected.total))
            let lists = [
                (total.counted, expected.counted), (total.missing, expected.missing),
                (total.conflicted, expected.conflicted), (total.unapproved, expected.unapproved),
                (total.mismatched, expected.mismatched),
            ]
            for (values, contributions) in lists {
                #expect(values.count == contributions.count)
                for (value, contribution) in zip(values, contributions) {
                    let metric = contribution.metric
                    #expect(compact.reports[value.report] == contribution.report)
                    #expect(compact.sentences[value.sentence] == metric.sentence)
                    #expect(compact.words[value.label] == metric.label)
                    #expect(compact.words[value.unit] == metric.unit)
                    #expect((value.raw ?? metric.value.map(ConsolidatedReport.number)) == metric.raw)
                    #expect(value.value == metric.value && value.line == metric.line && value.id == metric.id)
                    #expect(value.change.map { compact.changes[$0].hash } == metric.change?.description)
                    #expect(value.conflictingValues == metric.conflictingValues)
                }
            }
        }
        #expect(compact.statuses.map(\.unit) == full.statuses.map(\.unit))
        #expect(compact.approved.map { compact.reports[$0] } == full.approved.map(\.name))
        // A sentence with quotes, a backslash, a control character and a tab survives.
        #expect(compact.sentences.contains { $0.contains("引号\"反斜杠\\\u{1}制表\t换行") })
        // Each sentence and change is given once.
        #expect(Set(compact.sentences).count == compact.sentences.count)
        #expect(Set(compact.changes.map(\.hash)).count == compact.changes.count)
        #expect(bytes.count < (try JSONEncoder().encode(full)).count / 2)
    }

    @Test("facts survive their binary stored form; damaged bytes are refused, never trapped on")
    func binaryFacts() throws {
        for facts in try Self.consolidation().approved {
            var writer = ByteWriter()
            facts.write(to: &writer)
            var reader = ByteReader(writer.bytes)
            #expect(try ReportFacts(reading: &reader) == facts)
            #expect(reader.isAtEnd)
            var generator = SeededGenerator(seed: UInt64(facts.text.count))
            for _ in 0..<200 {
                var damaged = writer.bytes
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: damaged.removeLast(Int.random(in: 1...damaged.count, using: &generator))
                case 1: damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= 0xFF
                default: damaged.insert(0x80, at: Int.random(in: 0..<damaged.count, using: &generator))
                }
                var damagedReader = ByteReader(damaged)
                _ = try? ReportFacts(reading: &damagedReader)
            }
        }
    }
}
