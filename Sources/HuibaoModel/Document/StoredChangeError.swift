/// Why ``Document/applyStoredDiscardingOnFailure(_:)`` refused a batch of stored changes: one
/// does not decode, or one is not valid against its history.
package enum StoredChangeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The change at `position` in the batch does not decode.
    case undecodable(position: Int, error: BinaryDecodingError)
    /// A change decoded but does not apply (``DocumentError/invalidChange(hash:author:seq:reason:)``).
    case refused(DocumentError)

    /// What failed: the decoding error or the refusal.
    package var description: String {
        switch self {
        case .undecodable(_, let error): "\(error)"
        case .refused(let error): "\(error)"
        }
    }
}
