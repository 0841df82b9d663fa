/// The causal graph of a document's applied changes: each change's version vector (it with
/// everything it was made on) and whether two changes are concurrent, computed on demand and
/// remembered.
///
/// ```swift
/// var clocks = CausalClocks(document)
/// clocks.concurrent(3, 5)   // neither change saw the other
/// ```
public struct CausalClocks: Sendable {
    /// The document whose changes are compared.
    public let document: Document
    /// The document's changes, decoded.
    private let changes: [Change]
    private var vectors: [VersionVector?]

    /// The clocks of `document`'s applied changes.
    public init(_ document: Document) {
        self.document = document
        changes = document.history.array
        vectors = Array(repeating: nil, count: document.changeCount)
    }

    /// The version vector of the change at `index` in ``Document/changes``: it and everything
    /// it depends on, directly or not.
    public mutating func vector(of index: Int) -> VersionVector {
        if let known = vectors[index] { return known }
        var stack = [index]
        while let top = stack.last {
            let change = changes[top]
            let missing = change.dependencies.compactMap { document.changeIndex(of: $0) }.filter { vectors[$0] == nil }
            if !missing.isEmpty {
                stack.append(contentsOf: missing)
                continue
            }
            stack.removeLast()
            if vectors[top] != nil { continue }
            var vector = VersionVector()
            for dependency in change.dependencies {
                if let d = document.changeIndex(of: dependency), let other = vectors[d] {
                    vector = vector.merging(other)
                }
            }
            vector[change.author] = max(vector[change.author], change.seq)
            vectors[top] = vector
        }
        return vectors[index] ?? VersionVector()
    }

    /// Whether the changes at `a` and `b` were made without either seeing the other.
    public mutating func concurrent(_ a: Int, _ b: Int) -> Bool {
        let infoA = document.changeInfo(at: a)
        let infoB = document.changeInfo(at: b)
        let aSeesB = vector(of: a)[infoB.author] >= infoB.seq
        let bSeesA = vector(of: b)[infoA.author] >= infoA.seq
        return !aSeesB && !bSeesA
    }
}
