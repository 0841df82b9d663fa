public import HuibaoModel
import HuibaoReport

/// A change the server refused for good (a role the unit does not have, a forged author, a
/// change that does not apply): kept in quarantine in the workspace, not sent again, until a
/// person drops it (`huibao refused --drop`). The edits made after it wait with it.
public struct RefusedChange: Hashable, Sendable {
    /// The report's id.
    public var report: String
    /// The change.
    public var hash: ChangeHash
    /// The server's refusal code (`forbidden`, `forged-author`, `invalid-change`).
    public var code: String
    /// The server's sentence.
    public var message: String
    /// When it was refused, milliseconds since 1970.
    public var refusedAt: Int64

    /// Creates a record.
    public init(report: String, hash: ChangeHash, code: String, message: String, refusedAt: Int64) {
        self.report = report
        self.hash = hash
        self.code = code
        self.message = message
        self.refusedAt = refusedAt
    }
}
