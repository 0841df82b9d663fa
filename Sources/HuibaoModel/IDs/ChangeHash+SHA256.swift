import Crypto

extension ChangeHash {
    /// The SHA-256 of `bytes`.
    package static func sha256(of bytes: [UInt8]) -> ChangeHash {
        let digest = SHA256.hash(data: bytes)
        var words: [UInt64] = [0, 0, 0, 0]
        var index = 0
        digest.withUnsafeBytes { raw in
            for byte in raw {
                words[index / 8] = words[index / 8] << 8 | UInt64(byte)
                index += 1
            }
        }
        return ChangeHash(words: (words[0], words[1], words[2], words[3]))
    }

    /// Creates a hash from its four big-endian words.
    package init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }
}
