public import HuibaoModel
import HuibaoReport

/// Several replicas of one document that edit offline and exchange changes in random, partial,
/// duplicated and reordered batches, as flaky networks deliver them.
public struct ReplicaSimulator {
    /// The replicas.
    public private(set) var replicas: [Document]
    var rng: SeededGenerator
    var clock: Int64 = 1_700_000_000_000

    /// Creates `count` empty replicas with ids 1...count.
    public init(replicas count: Int, seed: UInt64) {
        replicas = (1...count).map { Document(replica: ReplicaID(UInt64($0))) }
        rng = SeededGenerator(seed: seed)
    }

    /// Runs `steps` random steps: local edits, a partial delivery from one replica to another, or
    /// a reopen of a replica from its encoded form.
    public mutating func run(steps: Int, afterEachStep check: (Document) throws -> Void = { _ in }) throws {
        for _ in 0..<steps {
            let target = Int.random(in: 0..<replicas.count, using: &rng)
            let roll = Int.random(in: 0..<20, using: &rng)
            if roll == 0 {
                // Reopen from the encoded form, as a client does from its store; held-back
                // changes are not persisted and come again with later deliveries.
                let current = replicas[target]
                replicas[target] = try Document(decoding: current.encoded(), replica: current.replica)
            } else if roll < 10 {
                clock += Int64.random(in: 1...60_000, using: &rng)
                try RandomEdits.edit(
                    &replicas[target], count: Int.random(in: 1...4, using: &rng), wallTime: clock, using: &rng)
            } else {
                let source = Int.random(in: 0..<replicas.count, using: &rng)
                guard source != target else { continue }
                try deliver(from: source, to: target, partial: true)
            }
            try check(replicas[target])
        }
    }

    /// Sends some (or all) of what `source` has and `target` lacks, shuffled, with duplicates.
    public mutating func deliver(from source: Int, to target: Int, partial: Bool) throws {
        var batch = replicas[source].changes(notIn: replicas[target].versionVector)
        if partial && !batch.isEmpty {
            batch = batch.filter { _ in Int.random(in: 0..<4, using: &rng) != 0 }
            if let again = batch.randomElement(using: &rng) { batch.append(again) }
            // Re-deliver something the target already has.
            if let old = replicas[target].changes.randomElement(using: &rng) { batch.append(old) }
            batch.shuffle(using: &rng)
        }
        try replicas[target].apply(batch)
    }

    /// Delivers everything to everyone, in random pair order, until every replica has all changes.
    public mutating func syncAll() throws {
        for _ in 0..<replicas.count {
            for source in (0..<replicas.count).shuffled(using: &rng) {
                for target in (0..<replicas.count).shuffled(using: &rng) where target != source {
                    try deliver(from: source, to: target, partial: false)
                }
            }
        }
    }
}
