public import HuibaoHQ
import HuibaoModel
import HuibaoReport

/// The units, their tokens and HQ's dashboard sessions: who is asking, and what they may read.
///
/// Stateless: every answer comes from the storage, so any server process answers alike.
public struct UnitRegistry: Sendable {
    let storage: any ServerStorage

    /// Creates the registry over `storage`.
    public init(storage: any ServerStorage) {
        self.storage = storage
    }

    /// Registers a unit and returns its record and its token (shown once, stored only as a hash).
    ///
    /// - Throws: ``ServerError/unknownUnit(_:)`` for an unknown parent,
    ///   ``ServerError/unitExists(_:)`` for a name taken.
    public func addUnit(name: String, parent: String?, isHQ: Bool) async throws(ServerError) -> (UnitRecord, String) {
        if let parent, try await storage.unit(named: parent) == nil { throw .unknownUnit(parent) }
        let token = UnitRegistry.randomHex(words: 4)
        let record = UnitRecord(name: name, parent: parent, isHQ: isHQ, tokenHash: UnitRegistry.hash(token))
        try await storage.addUnit(record)
        return (record, token)
    }

    /// Gives a unit a new token, revoked or not, and returns it (shown once): the old token
    /// stops working, the unit's replicas and reports stay its own.
    ///
    /// - Throws: ``ServerError/unknownUnit(_:)``.
    public func rotateToken(of name: String) async throws(ServerError) -> String {
        let token = UnitRegistry.randomHex(words: 4)
        try await storage.replaceToken(of: name, with: UnitRegistry.hash(token))
        return token
    }

    /// The unit a token belongs to: one indexed lookup.
    ///
    /// - Throws: ``ServerError/unauthorized`` for an unknown or revoked token.
    public func authenticate(_ token: String) async throws(ServerError) -> UnitRecord {
        guard let unit = try await storage.unit(withTokenHash: UnitRegistry.hash(token)), !unit.revoked else {
            throw .unauthorized
        }
        return unit
    }

    /// The unit of an HQ token.
    ///
    /// - Throws: ``ServerError/unauthorized`` for a bad token, ``ServerError/forbidden(_:)`` if
    ///   the unit is not an HQ.
    public func authenticateHQ(_ token: String) async throws(ServerError) -> UnitRecord {
        let unit = try await authenticate(token)
        guard unit.isHQ else { throw .forbidden(Language.text("\(unit.name)不是上级单位", "\(unit.name) is not an HQ unit")) }
        return unit
    }

    /// The unit named `name`, if registered.
    public func unit(named name: String) async throws(ServerError) -> UnitRecord? {
        try await storage.unit(named: name)
    }

    /// The organisation tree of the registered units.
    public func tree() async throws(ServerError) -> UnitTree {
        UnitTree(try await storage.units().map { OrgUnit(name: $0.name, parent: $0.parent, isHQ: $0.isHQ) })
    }

    /// The units whose reports `unit` may read and write: itself, and for an HQ its subtree.
    /// A unit that is not an HQ costs no lookup.
    public func readable(by unit: UnitRecord) async throws(ServerError) -> Set<String> {
        guard unit.isHQ else { return [unit.name] }
        return UnitRegistry.readable(by: unit, in: try await tree())
    }

    /// The units whose reports `unit` may read, in `tree`.
    static func readable(by unit: UnitRecord, in tree: UnitTree) -> Set<String> {
        guard unit.isHQ else { return [unit.name] }
        return Set(tree.subtree(of: unit.name).map(\.name)).union([unit.name])
    }

    /// SHA-256 of a token, hex.
    static func hash(_ token: String) -> String {
        ChangeHash.sha256(of: Array(token.utf8)).description
    }

    /// `words` random 64-bit words as hex.
    static func randomHex(words: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<words).map { _ in ReplicaID(generator.next()).description }.joined()
    }
}
