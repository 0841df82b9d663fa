/// The changes a document applied straight from their stored bytes (a change log's tail, at
/// load): kept as those bytes and decoded the first time someone reads them, with what encoding
/// the document needs of their operations resolved to LVs as they were applied.
///
/// A class so that copies of the document share it; safe to use from any thread because
/// everything but the decoded changes is immutable, every access to those holds the lock, and
/// they never change once set.
final class StoredChanges: @unchecked Sendable {
    /// The changes' bytes and hashes, in the order they were applied.
    let encoded: [EncodedChange]
    /// The operations of every change, back to back, resolved to LVs.
    let operations: [ResolvedOperation]
    /// Where each change's operations start in ``operations``, and their end after the last.
    let operationStarts: [Int]
    /// The register writes the ``ResolvedOperation/Kind/register`` operations refer to.
    let registerWrites: [ResolvedRegisterWrite]
    private let lock = HistoryLock()
    private var decoded: [Change]?
    private var hashIndex: [ChangeHash: Int]?

    /// A box for changes applied from `encoded`, with their operations as they resolved.
    init(
        encoded: [EncodedChange], operations: [ResolvedOperation], operationStarts: [Int],
        registerWrites: [ResolvedRegisterWrite]
    ) {
        precondition(operationStarts.count == encoded.count + 1, "one operation start per change and the end")
        self.encoded = encoded
        self.operations = operations
        self.operationStarts = operationStarts
        self.registerWrites = registerWrites
    }

    /// How many changes it holds.
    var count: Int { encoded.count }

    /// Whether the changes have been decoded.
    var isMaterialised: Bool { lock.withLock { decoded != nil } }

    /// The operations of change `index`, resolved to LVs.
    func operations(ofChangeAt index: Int) -> ArraySlice<ResolvedOperation> {
        operations[operationStarts[index]..<operationStarts[index + 1]]
    }

    /// The index of the change with this hash, if it is one of these (the index by hash is
    /// built on first use).
    func index(of hash: ChangeHash) -> Int? {
        lock.withLock {
            if let hashIndex { return hashIndex[hash] }
            var index: [ChangeHash: Int] = [:]
            index.reserveCapacity(encoded.count)
            for (position, change) in encoded.enumerated() { index[change.hash] = position }
            hashIndex = index
            return index[hash]
        }
    }

    /// The changes, decoded on first use (they decoded when they were applied, so they decode).
    var changes: [Change] {
        lock.withLock {
            if let decoded { return decoded }
            var changes: [Change] = []
            changes.reserveCapacity(encoded.count)
            for change in encoded {
                do {
                    changes.append(try Change(stored: change.bytes, hash: change.hash))
                } catch {
                    preconditionFailure("a change applied from its bytes does not decode: \(error)")
                }
            }
            decoded = changes
            return changes
        }
    }
}

extension StoredChanges {
    /// Collects what ``StoredChanges`` keeps of each change as the changes are applied.
    struct Recorder {
        var operations: [ResolvedOperation] = []
        var operationStarts: [Int] = [0]
        var registerWrites: [ResolvedRegisterWrite] = []

        /// A recorder with room for about `count` changes of one operation each.
        init(capacity count: Int) {
            operations.reserveCapacity(count)
            operationStarts.reserveCapacity(count + 1)
        }

        /// Adds an operation of the change being applied.
        mutating func add(_ operation: ResolvedOperation) {
            operations.append(operation)
        }

        /// Adds a register write of the change being applied.
        mutating func addRegisterWrite(_ write: ResolvedRegisterWrite) {
            operations.append(ResolvedOperation(kind: .register, length: Int32(registerWrites.count)))
            registerWrites.append(write)
        }

        /// Ends the change being applied: the operations added since the last call are its.
        mutating func endChange() {
            operationStarts.append(operations.count)
        }

        /// The box for the changes applied, `encoded`, one per ``endChange()``.
        func finish(encoded: [EncodedChange]) -> StoredChanges {
            StoredChanges(
                encoded: encoded, operations: operations, operationStarts: operationStarts,
                registerWrites: registerWrites)
        }
    }
}

/// An operation of a change applied from its stored bytes, with its references resolved to
/// LVs: what encoding a document needs of it (the inserted characters are in the document's
/// content).
struct ResolvedOperation: Hashable, Sendable {
    /// The kind of operation.
    enum Kind: UInt8, Sendable {
        case insert
        case delete
        case register
    }

    var kind: Kind
    /// An insertion's or deletion's number of characters; a register write's index in
    /// ``StoredChanges/registerWrites``.
    var length: Int32
    /// An insertion's left origin (-1 for none); a deletion's first deleted character.
    var first: Int32 = -1
    /// An insertion's right origin (-1 for none).
    var second: Int32 = -1
}

/// A register write of a change applied from its stored bytes, the writes it overwrites
/// resolved to LVs.
struct ResolvedRegisterWrite: Hashable, Sendable {
    var key: String
    var value: RegisterValue
    /// The LVs of the overwritten writes, in the order of their ids.
    var overwrites: [Int32]
}
