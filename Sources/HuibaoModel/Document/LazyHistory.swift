/// The changes of a document body, decoded the first time someone needs them.
///
/// A document loaded from a checkpoint builds its state from the body without constructing or
/// hashing its changes; this box keeps the body and, on first use, runs the full decoder over it
/// once. Copies of the document share the box. A class for that sharing; safe to use from any
/// thread because every access to the decoded result holds the lock, and the result never
/// changes once set.
final class LazyHistory: @unchecked Sendable {
    /// The uncompressed document body the changes are decoded from.
    let body: [UInt8]
    /// Its format version.
    let formatVersion: UInt8
    /// How many changes it holds.
    let count: Int
    private let lock = HistoryLock()
    private var decoded: (changes: [Change], index: [ChangeHash: Int])?

    /// A box for a body that decoded lazily (so it decodes fully too).
    init(body: [UInt8], formatVersion: UInt8, count: Int) {
        self.body = body
        self.formatVersion = formatVersion
        self.count = count
    }

    /// Whether the changes have been decoded.
    var isMaterialised: Bool { lock.withLock { decoded != nil } }

    /// The changes, in the body's order.
    var changes: [Change] { materialised().changes }

    /// The index of the change with this hash, if the body holds it.
    func index(of hash: ChangeHash) -> Int? { materialised().index[hash] }

    private func materialised() -> (changes: [Change], index: [ChangeHash: Int]) {
        lock.withLock {
            if let decoded { return decoded }
            var document = Document(replica: ReplicaID(0))
            do {
                var decoder = try DocumentBodyDecoder(body, formatVersion: formatVersion)
                try decoder.decode(into: &document, lazily: false, checkingHeads: false)
            } catch {
                // The lazy decoder makes every check the full one makes but hashing.
                preconditionFailure("a document body that decoded lazily does not decode fully: \(error)")
            }
            precondition(document.history.count == count, "the body decoded to another number of changes")
            let result = (document.history.array, document.knownHashes)
            decoded = result
            return result
        }
    }
}
