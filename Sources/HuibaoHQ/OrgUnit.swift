/// A unit of the organisation as HQ sees it: its name, its parent, whether it is an HQ.
public struct OrgUnit: Hashable, Sendable, Codable {
    /// The unit's name.
    public var name: String
    /// The unit above it, `nil` at the top.
    public var parent: String?
    /// Whether it reviews the reports of the units below it.
    public var isHQ: Bool

    /// Creates a unit.
    public init(name: String, parent: String?, isHQ: Bool) {
        self.name = name
        self.parent = parent
        self.isHQ = isHQ
    }
}
