/// A multi-value register: concurrent writes keep every value until a write that has seen them all.
///
/// Each write names the writes it overwrites (the entries its author saw). Entries not named
/// survive, so two clerks who set one number concurrently leave both values visible as a conflict,
/// and any later write that saw both resolves it.
///
/// ```swift
/// var register = MultiValueRegister()
/// register.apply(id: a, lamport: 1, value: .integer(3), overwrites: [])
/// register.apply(id: b, lamport: 1, value: .integer(5), overwrites: [])   // concurrent
/// register.isConflicted       // true: 3 and 5
/// register.apply(id: c, lamport: 2, value: .integer(5), overwrites: [a, b])
/// register.values             // [.integer(5)]
/// ```
public struct MultiValueRegister: Hashable, Sendable {
    /// One surviving write.
    public struct Entry: Hashable, Sendable {
        /// The id of the write.
        public var id: OpID
        /// The Lamport time of the change that made the write.
        public var lamport: UInt64
        /// The value written.
        public var value: RegisterValue
    }

    /// The surviving writes, ordered by Lamport time then replica (the last is the "winner" shown
    /// when a single value is needed).
    public private(set) var entries: [Entry] = []

    /// Creates an empty register.
    public init() {}

    /// The surviving values in entry order.
    public var values: [RegisterValue] { entries.map(\.value) }

    /// The value of the newest surviving write, or `nil` if the register was never written.
    public var value: RegisterValue? { entries.last?.value }

    /// Whether concurrent writes left more than one value.
    public var isConflicted: Bool { entries.count > 1 }

    /// The ids a new local write must name as overwritten: every surviving entry.
    public var currentIDs: [OpID] { entries.map(\.id).sorted() }

    /// Applies a write: removes the entries it overwrites and adds it.
    ///
    /// Applying the same writes in any causal order gives the same register.
    public mutating func apply(id: OpID, lamport: UInt64, value: RegisterValue, overwrites: [OpID]) {
        if !overwrites.isEmpty {
            let overwritten = Set(overwrites)
            entries.removeAll { overwritten.contains($0.id) }
        }
        let entry = Entry(id: id, lamport: lamport, value: value)
        let index = entries.firstIndex { ($0.lamport, $0.id) > (lamport, id) } ?? entries.endIndex
        entries.insert(entry, at: index)
    }
}
