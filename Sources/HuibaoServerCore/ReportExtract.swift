import Foundation
public import HuibaoHQ
import HuibaoModel
public import HuibaoReport

/// What HQ reads of one version of a report, as the server stores it beside the report
/// (``StoredExtract``): the facts that totals and statuses need, and what needs a person.
public struct ReportExtract: Hashable, Sendable, Codable {
    /// The workflow state and the metrics of the version that counts.
    public var facts: ReportFacts
    /// The conflicts and competing first versions.
    public var conflicts: ReportConflicts

    /// Creates an extract.
    public init(facts: ReportFacts, conflicts: ReportConflicts) {
        self.facts = facts
        self.conflicts = conflicts
    }

    /// The first byte of the stored form (version 2: with the authors' names; extracts of
    /// version 1 are made anew).
    static let magic: UInt8 = 0xE2

    /// Decodes a stored extract.
    ///
    /// - Throws: a decoding error for bytes of another format (the caller extracts anew).
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        guard try reader.readByte("extract format") == ReportExtract.magic else {
            throw BinaryDecodingError.badMagic(expected: "report extract", offset: 0)
        }
        facts = try ReportFacts(reading: &reader)
        let conflictBytes = try reader.readLength("conflicts")
        if conflictBytes == 0 {
            conflicts = ReportConflicts(report: facts.name)
        } else {
            conflicts = try JSONDecoder().decode(
                ReportConflicts.self, from: Data(try reader.readBytes(conflictBytes, "conflicts")))
        }
        try reader.expectEnd("report extract")
    }

    /// The stored form: the facts in binary (fast to read for a thousand reports), the
    /// conflicts, which few reports have, as JSON.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(ReportExtract.magic)
        facts.write(to: &writer)
        // Encoding plain value types cannot fail.
        let json = conflicts.isEmpty ? [] : (try? [UInt8](JSONEncoder().encode(conflicts))) ?? []
        writer.writeBlock(json)
        return writer.bytes
    }
}
