/// The organisation: HQ → intermediate units → units, from the server's unit registry.
public struct UnitTree: Hashable, Sendable {
    /// The units in tree order: each unit followed by its subtree, siblings in registration order.
    public let ordered: [OrgUnit]
    /// The depth of each unit (0 at the top).
    public let depth: [String: Int]
    let parents: [String: String]

    /// Builds the tree from units in registration order. Units whose parent is unknown are
    /// treated as tops; a cycle is cut.
    public init(_ units: [OrgUnit]) {
        let names = Set(units.map(\.name))
        var children: [String: [OrgUnit]] = [:]
        var roots: [OrgUnit] = []
        for unit in units {
            if let parent = unit.parent, names.contains(parent), parent != unit.name {
                children[parent, default: []].append(unit)
            } else {
                roots.append(unit)
            }
        }
        var ordered: [OrgUnit] = []
        var depth: [String: Int] = [:]
        // Depth first, siblings in registration order; units caught in a cycle become tops.
        for top in roots + units {
            guard depth[top.name] == nil else { continue }
            var stack = [(top, 0)]
            while let (unit, level) = stack.popLast() {
                guard depth[unit.name] == nil else { continue }
                depth[unit.name] = level
                ordered.append(unit)
                stack.append(contentsOf: (children[unit.name] ?? []).reversed().map { ($0, level + 1) })
            }
        }
        self.ordered = ordered
        self.depth = depth
        parents = Dictionary(uniqueKeysWithValues: ordered.compactMap { unit in unit.parent.map { (unit.name, $0) } })
    }

    /// The units above `name`, nearest first.
    public func ancestors(of name: String) -> [String] {
        var result: [String] = []
        var current = parents[name]
        while let unit = current, result.count < ordered.count {
            result.append(unit)
            current = parents[unit]
        }
        return result
    }

    /// `root` and every unit below it, in tree order.
    public func subtree(of root: String) -> [OrgUnit] {
        ordered.filter { $0.name == root || ancestors(of: $0.name).contains(root) }
    }
}
