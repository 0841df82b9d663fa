/// A registered unit: its place in the organisation tree and its token (stored only as a hash).
public struct UnitRecord: Hashable, Sendable, Codable {
    /// The unit's name, unique on the server.
    public var name: String
    /// The parent unit, if any (HQ units read their subtree).
    public var parent: String?
    /// Whether the unit is a headquarters that reads the reports of its subtree.
    public var isHQ: Bool
    /// SHA-256 of the unit's token, hex.
    public var tokenHash: String
    /// Whether the token was revoked.
    public var revoked: Bool

    /// Creates a record.
    public init(name: String, parent: String?, isHQ: Bool, tokenHash: String, revoked: Bool = false) {
        self.name = name
        self.parent = parent
        self.isHQ = isHQ
        self.tokenHash = tokenHash
        self.revoked = revoked
    }
}
