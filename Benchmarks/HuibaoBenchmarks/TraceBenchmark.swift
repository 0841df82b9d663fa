import HuibaoModel
import HuibaoReport

/// Replays a trace as local edits of one replica, then encodes and decodes the full history.
///
/// Fields: `replay_ms` applies every patch as a local edit (and commits), `encode_ms` writes the
/// document (compressed), `bytes` is its size, `decode_ms` loads it into a new replica and reads
/// its text. With `breakdown`, `v<format> <section>` fields give each body section's size as
/// `raw/deflated` bytes, in this build's format and the one before (with the size and load time
/// of each) (deflated alone, so they do not add up to `bytes`); with `loadLoops`, the
/// last document is loaded that many more times (a steady load for `perf record`), and
/// `loop_decode_ms` and `loop_decode_min_ms` give the median and the fastest of those loads (the
/// fastest is the least disturbed by other work on the machine).
struct TraceBenchmark {
    var trace: EditingTrace
    var reps: Int
    var commitEveryPatch: Bool
    var breakdown = false
    var loadLoops = 0

    func replay() throws -> Document {
        var document = Document(replica: ReplicaID(0x9E37_79B9))
        var time: Int64 = 0
        for patch in trace.patches {
            if patch.deleted > 0 { try document.delete(at: patch.position, count: patch.deleted) }
            if !patch.inserted.isEmpty { try document.insert(patch.inserted, at: patch.position) }
            if commitEveryPatch {
                time += 1000
                document.commit(wallTime: time)
            }
        }
        document.commit(wallTime: time)
        return document
    }

    func run() throws -> BenchmarkResult {
        var replayTimes: [Double] = []
        var encodeTimes: [Double] = []
        var decodeTimes: [Double] = []
        var ok = true
        var bytes = 0
        var peak = 0.0
        var baseline = 0.0
        var runs = 0
        var changes = 0
        var last: (document: Document, encoded: [UInt8])?
        for rep in 0..<reps {
            if rep == 0 {
                PeakMemory.reset()
                baseline = PeakMemory.currentMegabytes()
            }
            let (document, replayTime) = try milliseconds { try replay() }
            if rep == 0 { peak = PeakMemory.megabytes() }
            replayTimes.append(replayTime)
            ok = ok && document.text == trace.endContent
            let (encoded, encodeTime) = milliseconds { document.encoded() }
            encodeTimes.append(encodeTime)
            bytes = encoded.count
            let (text, decodeTime) = try milliseconds {
                try Document(decoding: encoded, replica: ReplicaID(2)).text
            }
            decodeTimes.append(decodeTime)
            ok = ok && text == trace.endContent
            runs = document.textSequence.runTotal
            changes = document.changes.count
            last = (document, encoded)
        }
        var sections: [(String, Any)] = []
        if let last, loadLoops > 0 {
            var loads: [Double] = []
            for _ in 0..<loadLoops {
                loads.append(try milliseconds { try Document(decoding: last.encoded, replica: ReplicaID(2)).text }.1)
            }
            sections.append(("loop_decode_ms", median(loads)))
            sections.append(("loop_decode_min_ms", loads.min() ?? 0))
        }
        if breakdown, let document = last?.document {
            // The previous format beside the current one, to see what changed.
            for version in [Document.formatVersion - 1, Document.formatVersion] {
                let encoded = document.encoded(formatVersion: version)
                sections.append(("v\(version) bytes", encoded.count))
                var loads: [Double] = []
                for _ in 0..<max(reps, 3) {
                    loads.append(try milliseconds { try Document(decoding: encoded, replica: ReplicaID(2)).text }.1)
                }
                sections.append(("v\(version) decode_ms", median(loads)))
                for section in document.encodedSections(formatVersion: version) {
                    let deflated = Deflate.compress(section.bytes).count
                    sections.append(("v\(version) \(section.name)", "\(section.bytes.count)/\(deflated)"))
                }
            }
        }
        return BenchmarkResult(
            fields: [
                ("trace", trace.name), ("mode", commitEveryPatch ? "edit" : "batch"), ("patches", trace.patches.count),
                ("ok", ok), ("replay_ms", median(replayTimes)), ("encode_ms", median(encodeTimes)), ("bytes", bytes),
                ("decode_ms", median(decodeTimes)), ("peak_rss_mb", peak), ("replay_rss_mb", peak - baseline),
                ("changes", changes), ("runs", runs),
                ("reps", reps),
            ] + sections)
    }
}
