/// A document's applied changes in the order it applied them (a causal order): the changes of
/// the checkpoint it was loaded from, decoded on first access, then those applied from their
/// stored bytes (a change log's tail), decoded on first access too, then the changes applied
/// since.
///
/// Reading an element of the loaded or stored part decodes that whole part once (shared by
/// every copy of the document); counting does not. Code that needs only who made a change and when
/// reads ``Document/changeInfo(at:)`` instead.
public struct ChangeHistory: RandomAccessCollection, Sendable, Equatable {
    /// The changes of the loaded checkpoint, if the document was loaded lazily.
    var base: LazyHistory?
    /// The changes applied from their stored bytes, after the loaded ones, if any.
    var stored: StoredChanges?
    /// The changes applied directly (all of them, for a document not loaded lazily).
    var appended: [Change] = []

    /// An empty history.
    init() {}

    /// How many changes came from the lazily loaded checkpoint.
    var baseCount: Int { base?.count ?? 0 }

    /// How many changes were applied from their stored bytes.
    var storedCount: Int { stored?.count ?? 0 }

    /// Whether every change is available without decoding.
    var isMaterialised: Bool { (base?.isMaterialised ?? true) && (stored?.isMaterialised ?? true) }

    /// 0.
    public var startIndex: Int { 0 }
    /// The number of changes (counting decodes nothing).
    public var endIndex: Int { baseCount + storedCount + appended.count }

    /// The change at `position` (decodes the loaded or stored changes on first access to one of
    /// them).
    public subscript(position: Int) -> Change {
        if let base, position < base.count { return base.changes[position] }
        let offset = position - baseCount
        if let stored, offset < stored.count { return stored.changes[offset] }
        return appended[offset - storedCount]
    }

    /// The hash of the change at `position`, without decoding a stored change.
    func hash(at position: Int) -> ChangeHash {
        let offset = position - baseCount
        if let stored, offset >= 0, offset < stored.count { return stored.encoded[offset].hash }
        return self[position].hash
    }

    /// An iterator over the changes, in order.
    public func makeIterator() -> Iterator {
        Iterator(base: (base.map { $0.changes } ?? []) + (stored.map { $0.changes } ?? []), appended: appended)
    }

    /// Iterates the loaded changes, then the applied ones, taking the decoded part once.
    public struct Iterator: IteratorProtocol {
        var base: [Change]
        var appended: [Change]
        var position = 0

        /// The next change, or `nil` at the end.
        public mutating func next() -> Change? {
            defer { position += 1 }
            if position < base.count { return base[position] }
            let offset = position - base.count
            return offset < appended.count ? appended[offset] : nil
        }
    }

    /// All the changes as an array (no copy unless some come from a loaded checkpoint or were
    /// applied from their stored bytes).
    var array: [Change] {
        guard base != nil || stored != nil else { return appended }
        return (base.map { $0.changes } ?? []) + (stored.map { $0.changes } ?? []) + appended
    }

    /// The changes from `position` on, if none of them is in the loaded checkpoint's encoded
    /// part (reading them decodes nothing from it; those applied from their stored bytes are
    /// decoded, once); `nil` otherwise.
    package func materialisedSuffix(from position: Int) -> ArraySlice<Change>? {
        guard position >= baseCount, position <= endIndex else { return nil }
        let offset = position - baseCount
        guard let stored, offset < stored.count else { return appended[(offset - storedCount)...] }
        return (stored.changes[offset...] + appended)[...]
    }

    /// Adds a change applied now.
    mutating func append(_ change: Change) {
        appended.append(change)
    }

    /// Reserves room for `count` more applied changes.
    mutating func reserveCapacity(_ count: Int) {
        appended.reserveCapacity(appended.count + count)
    }

    /// Whether both hold the same changes in the same order.
    public static func == (lhs: ChangeHistory, rhs: ChangeHistory) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
