/// A value held by a register: document metadata now, metric values later.
public enum RegisterValue: Hashable, Sendable, CustomStringConvertible {
    /// No value: a placeholder such as `*` that HQ must see as missing, not as zero.
    case missing
    /// An integer.
    case integer(Int64)
    /// A piece of text.
    case text(String)

    public var description: String {
        switch self {
        case .missing: "missing"
        case .integer(let value): String(value)
        case .text(let value): value
        }
    }
}
