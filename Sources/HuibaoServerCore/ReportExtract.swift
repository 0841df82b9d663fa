import Foundation
public import HuibaoHQ

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

    /// Decodes a stored extract.
    ///
    /// - Throws: a decoding error for bytes of another format (the caller extracts anew).
    public init(decoding bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(ReportExtract.self, from: Data(bytes))
    }

    /// The stored form.
    public func encoded() -> [UInt8] {
        // Encoding plain value types cannot fail.
        (try? [UInt8](JSONEncoder().encode(self))) ?? []
    }
}
