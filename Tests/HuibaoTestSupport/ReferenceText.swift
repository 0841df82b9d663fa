public import HuibaoModel
import HuibaoReport

/// A deliberately naive text CRDT: one array entry per character, searched from the start.
///
/// It implements the same ordering rule as ``TextSequence`` in the most direct way, addressed
/// by operation ids rather than local versions, so tests can compare the fast structure with it
/// after the same changes.
public struct ReferenceText: Sendable {
    struct Item: Sendable {
        var id: OpID
        var left: OpID?
        var right: OpID?
        var scalar: Unicode.Scalar
        var deleted: Bool
    }

    var items: [Item] = []

    /// Creates an empty text.
    public init() {}

    /// The visible text.
    public var text: String {
        var view = String.UnicodeScalarView()
        for item in items where !item.deleted { view.append(item.scalar) }
        return String(view)
    }

    func index(of id: OpID?) -> Int? {
        guard let id else { return nil }
        return items.firstIndex { $0.id == id }
    }

    /// Applies the text operations of a change (register writes are ignored).
    public mutating func apply(_ change: Change) {
        var counter = change.startCounter
        for op in change.operations {
            switch op {
            case .insertText(let after, let before, let text):
                var left = after
                for scalar in text.unicodeScalars {
                    let id = OpID(replica: change.author, counter: counter)
                    integrate(Item(id: id, left: left, right: before, scalar: scalar, deleted: false))
                    left = id
                    counter += 1
                }
            case .deleteText(let start, let count):
                for k in 0..<UInt64(count) {
                    if let i = index(of: OpID(replica: start.replica, counter: start.counter + k)) {
                        items[i].deleted = true
                    }
                }
                counter += UInt64(count)
            case .setRegister:
                counter += 1
            }
        }
    }

    mutating func integrate(_ item: Item) {
        let left = index(of: item.left) ?? -1
        let right = index(of: item.right) ?? items.count
        var destination = left + 1
        var scanning = false
        var i = left + 1
        while i < right {
            let other = items[i]
            let otherLeft = index(of: other.left) ?? -1
            let otherRight = index(of: other.right) ?? items.count
            if otherLeft < left || (otherLeft == left && otherRight == right && item.id < other.id) {
                break
            }
            if otherLeft == left { scanning = otherRight < right }
            if !scanning { destination = i + 1 }
            i += 1
        }
        items.insert(item, at: destination)
    }
}
