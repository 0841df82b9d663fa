public import HuibaoModel

/// One step of a report's workflow: a unit submits a version, HQ returns it with a comment or
/// approves it.
///
/// A step is an ordinary register write (key ``ReportDocument/workflowKey``) in the report's
/// history, so it syncs, is validated by the server like any change, and concurrent steps stay
/// visible side by side. It names the exact version it is about (``heads``): approval is of
/// what was submitted, never of whatever the report holds later.
public struct WorkflowStep: Hashable, Sendable, Codable {
    /// What the step does.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The unit sends the version to HQ (上报).
        case submit
        /// HQ sends it back for changes (退回修改).
        case `return`
        /// HQ accepts the version (审核通过).
        case approve
    }

    /// What the step does.
    public var kind: Kind
    /// The unit that took the step (checked by the server against the token).
    public var unit: String
    /// The version the step is about: the heads of the report when it was submitted.
    public var heads: [ChangeHash]
    /// A free comment (HQ's reasons when returning).
    public var comment: String
    /// The replica that wrote the step (known once it is in a document).
    public var author: ReplicaID?
    /// When the step was written, milliseconds since 1970 (known once it is in a document).
    public var wallTime: Int64?

    /// Creates a step.
    public init(kind: Kind, unit: String, heads: [ChangeHash], comment: String = "") {
        self.kind = kind
        self.unit = unit
        self.heads = heads.sorted()
        self.comment = comment
    }

    /// The first line of the register value: names the format and its version.
    static let tag = "huibao-workflow/1"

    /// The register value: the tag, the kind, the unit, the heads (hex, space separated) and the
    /// comment, one per line (the comment may hold further lines).
    public var registerText: String {
        [WorkflowStep.tag, kind.rawValue, unit, heads.map(\.description).joined(separator: " "), comment]
            .joined(separator: "\n")
    }

    /// Parses a register value written by ``registerText``.
    ///
    /// - Throws: ``WorkflowError/malformedStep(_:)`` naming the field that is wrong.
    public init(registerText text: String) throws(WorkflowError) {
        let fields = text.split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, fields[0] == WorkflowStep.tag else {
            throw .malformedStep("the value does not start with \(WorkflowStep.tag) and hold 5 fields")
        }
        guard let kind = Kind(rawValue: fields[1]) else { throw .malformedStep("unknown step kind \"\(fields[1])\"") }
        guard !fields[2].isEmpty else { throw .malformedStep("the unit is empty") }
        var heads: [ChangeHash] = []
        for hex in fields[3].split(separator: " ") {
            guard let hash = ChangeHash(hex: String(hex)) else {
                throw .malformedStep("\"\(hex)\" is not a change hash")
            }
            heads.append(hash)
        }
        guard !heads.isEmpty else { throw .malformedStep("the step names no version (no heads)") }
        self.init(kind: kind, unit: fields[2], heads: heads, comment: fields[4])
    }
}

/// An identifier written as hex text: encoded in JSON as that text.
public protocol HexIdentifier: Codable, CustomStringConvertible {
    /// Parses the hex text.
    init?(hex: String)
}

extension HexIdentifier {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not valid hex")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ChangeHash: HexIdentifier {}

extension ReplicaID: HexIdentifier {}
