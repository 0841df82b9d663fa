import Foundation
public import HuibaoModel

/// Valid inputs to start fuzzing from: real encodings of documents, changes and sync messages.
public enum Seeds {
    /// A few documents with text edits (Chinese, an astral character), deletions, register
    /// writes and a second replica's concurrent edits.
    public static func documents() -> [Document] {
        var one = Document(replica: ReplicaID(1))
        try? one.insert("汇报如下：开展廉政约谈3次。𠀀", at: 0)
        one.commit(wallTime: 1)
        var two = one.forked(as: ReplicaID(2), wallTime: 2)
        try? one.delete(at: 2, count: 3)
        one.setRegister("metric:1@0000000000000001", to: .text("5"))
        one.commit(wallTime: 3)
        try? two.insert("第二段", at: two.textLength)
        two.setRegister("title", to: .integer(7))
        two.commit(wallTime: 4)
        var merged = one
        _ = try? merged.apply(two.changes)
        return [Document(replica: ReplicaID(9)), one, two, merged]
    }

    /// The seeds for the named fuzz target, as byte strings.
    public static func inputs(for target: String) -> [[UInt8]] {
        let documents = documents()
        let changes = documents.flatMap(\.changes)
        let key = ReportKey(unit: "某局", period: "2023H1", kind: "党风廉政")
        switch target {
        case "FuzzChange":
            return changes.map(\.encoded)
        case "FuzzDocument":
            // Whole documents, and bodies (behind an odd first byte, see FuzzDocument).
            let bodies = documents.map { document in
                let plain = document.encoded(compressed: false)
                let body = DocumentEnvelope.body(of: plain)
                precondition(DocumentEnvelope.wrap(body: body) == plain, "the fuzz envelope does not match the format")
                return [1] + body
            }
            return documents.map { $0.encoded() } + documents.map { $0.encoded(compressed: false) } + bodies
        case "FuzzSyncMessage":
            let request = SyncRequest(entries: [.init(report: key, known: documents[3].versionVector, changes: changes)]
            )
            let response = SyncResponse(entries: [
                .init(
                    report: key, acknowledged: changes.map(\.hash), changes: changes, more: true,
                    refusal: SyncRefusal(code: .replicaReused, message: "m", change: changes.first?.hash),
                    stored: documents[3].versionVector)
            ])
            return [
                request.encoded, response.encoded,
                SyncBundle(unit: "某局", replica: ReplicaID(1), request: request).encoded,
            ]
        default:
            return ["一、工作情况\n开展廉政约谈3次，警示教育*次。\n".utf8].map(Array.init)
        }
    }

    /// Writes the seeds of `target` into `directory` when `HUIBAO_FUZZ_SEEDS` names it; returns
    /// whether it did (the program then exits instead of fuzzing).
    public static func writeIfAsked(for target: String) -> Bool {
        guard let directory = ProcessInfo.processInfo.environment["HUIBAO_FUZZ_SEEDS"] else { return false }
        for (index, input) in inputs(for: target).enumerated() {
            FileManager.default.createFile(atPath: "\(directory)/seed-\(index)", contents: Data(input))
        }
        return true
    }
}
