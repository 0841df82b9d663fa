import Foundation

/// A character-by-character editing trace in the josephg/editing-traces format.
struct EditingTrace {
    /// One splice: delete `deleted` scalars at `position`, then insert `inserted` there.
    struct Patch {
        var position: Int
        var deleted: Int
        var inserted: String
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    var name: String
    var patches: [Patch]
    var endContent: String

    /// Loads a `.json.gz` (or plain `.json`) trace file.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        var name = url.lastPathComponent
        for suffix in [".gz", ".json"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        self.name = name
        var bytes = [UInt8](try Data(contentsOf: url))
        if bytes.starts(with: [0x1f, 0x8b]) { bytes = try Gzip.decompress(bytes) }
        guard let root = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let txns = root["txns"] as? [[String: Any]], let end = root["endContent"] as? String
        else { throw FormatError(description: "\(path): not an editing trace (txns, endContent)") }
        guard (root["startContent"] as? String ?? "").isEmpty else {
            throw FormatError(description: "\(path): startContent must be empty")
        }
        var patches: [Patch] = []
        for (t, txn) in txns.enumerated() {
            guard let list = txn["patches"] as? [[Any]] else {
                throw FormatError(description: "\(path): txn \(t) has no patches")
            }
            for (p, patch) in list.enumerated() {
                guard patch.count == 3, let position = (patch[0] as? NSNumber)?.intValue,
                    let deleted = (patch[1] as? NSNumber)?.intValue, let inserted = patch[2] as? String
                else { throw FormatError(description: "\(path): txn \(t) patch \(p) is not [pos, del, text]") }
                patches.append(Patch(position: position, deleted: deleted, inserted: inserted))
            }
        }
        self.patches = patches
        self.endContent = end
    }
}
