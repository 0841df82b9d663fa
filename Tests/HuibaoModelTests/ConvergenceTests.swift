import HuibaoModel
import HuibaoTestSupport
import Testing

/// Seeded randomized convergence: many replicas, random edits (Chinese text included), random
/// partial, duplicated and reordered deliveries; at the end every replica is identical.
@Suite("Convergence")
struct ConvergenceTests {
    /// Seeds run in CI; set HUIBAO_FUZZ_ITERATIONS for longer runs.
    static let scenarioCount: Int = {
        if let text = Environment.value("HUIBAO_FUZZ_ITERATIONS"), let count = Int(text), count > 0 { return count }
        return 1_000
    }()

    static func runScenario(seed: UInt64, replicas: Int, steps: Int) throws {
        var simulator = ReplicaSimulator(replicas: replicas, seed: seed)
        try simulator.run(steps: steps) { document in
            try document.textSequence.checkInvariants()
        }
        try simulator.syncAll()
        let first = simulator.replicas[0]
        #expect(first.waitingChanges.isEmpty, "seed \(seed): changes still waiting")
        let encoded = first.encoded()
        for other in simulator.replicas.dropFirst() {
            #expect(
                other.text == first.text, "seed \(seed): text differs between \(first.replica) and \(other.replica)")
            #expect(other.heads == first.heads, "seed \(seed): heads differ")
            #expect(other.versionVector == first.versionVector, "seed \(seed): version vectors differ")
            #expect(other.registers == first.registers, "seed \(seed): registers differ")
            #expect(other.encoded() == encoded, "seed \(seed): encoded states differ")
            try other.textSequence.checkInvariants()
        }
        // The naive oracle, fed the same changes in one replica's order, agrees.
        var reference = ReferenceText()
        for change in first.changes { reference.apply(change) }
        #expect(reference.text == first.text, "seed \(seed): fast text and reference text differ")
    }

    @Test("five replicas with random edits and random partial syncs converge", arguments: [0, 1, 2, 3])
    func fiveReplicasConverge(shard: Int) throws {
        // Four shards so Swift Testing can run them in parallel.
        let perShard = (Self.scenarioCount + 3) / 4
        for i in 0..<perShard {
            let seed = UInt64(shard * perShard + i)
            do {
                try Self.runScenario(seed: seed, replicas: 5, steps: 30)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test("long scenario with eight replicas converges")
    func longScenarioConverges() throws {
        try Self.runScenario(seed: 0xC0FFEE, replicas: 8, steps: 600)
    }
}
