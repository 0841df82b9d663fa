/// Why a document operation was refused. Nothing of a refused call is applied.
public enum DocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A local edit named a position outside the text.
    case positionOutOfBounds(position: Int, count: Int, textLength: Int)
    /// A change is not valid against the history it claims to follow.
    case invalidChange(hash: ChangeHash, author: ReplicaID, seq: UInt64, reason: String)

    /// The change at fault, if one is.
    public var change: ChangeHash? {
        if case .invalidChange(let hash, _, _, _) = self { return hash }
        return nil
    }

    public var description: String {
        switch self {
        case .positionOutOfBounds(let position, let count, let length):
            Language.text(
                "在位置\(position)编辑\(count)个字符超出了正文范围（正文长度\(length)）",
                "edit of \(count) character(s) at position \(position) is outside the text (length \(length))")
        case .invalidChange(let hash, let author, let seq, let reason):
            Language.text(
                "修改 \(hash.shortDescription)（副本 \(author) 的第\(seq)次修改）被拒绝：\(reason)",
                "change \(hash.shortDescription) (seq \(seq) of replica \(author)) refused: \(reason)")
        }
    }
}
