import HuibaoModel
import HuibaoTestSupport
import Testing

@Suite("Multi-value register")
struct MultiValueRegisterTests {
    let a = OpID(replica: ReplicaID(1), counter: 0)
    let b = OpID(replica: ReplicaID(2), counter: 0)
    let c = OpID(replica: ReplicaID(1), counter: 1)

    @Test("concurrent writes keep both values until a write that saw both")
    func concurrentWritesConflict() {
        var register = MultiValueRegister()
        register.apply(id: a, lamport: 1, value: .integer(3), overwrites: [])
        register.apply(id: b, lamport: 1, value: .integer(5), overwrites: [])
        #expect(register.isConflicted)
        #expect(register.values == [.integer(3), .integer(5)])
        register.apply(id: c, lamport: 2, value: .integer(5), overwrites: [a, b])
        #expect(!register.isConflicted)
        #expect(register.value == .integer(5))
    }

    @Test("applying concurrent writes in either order gives the same register")
    func orderIndependent() {
        var x = MultiValueRegister()
        x.apply(id: a, lamport: 1, value: .integer(3), overwrites: [])
        x.apply(id: b, lamport: 1, value: .missing, overwrites: [])
        var y = MultiValueRegister()
        y.apply(id: b, lamport: 1, value: .missing, overwrites: [])
        y.apply(id: a, lamport: 1, value: .integer(3), overwrites: [])
        #expect(x == y)
    }

    @Test("two replicas setting one register concurrently both see the conflict after syncing")
    func documentsSeeConflict() throws {
        var one = Document(replica: ReplicaID(1))
        one.setRegister("约谈", to: .integer(1))
        one.commit(wallTime: 0)
        var two = one.forked(as: ReplicaID(2))
        one.setRegister("约谈", to: .integer(3))
        one.commit(wallTime: 1)
        two.setRegister("约谈", to: .integer(5))
        two.commit(wallTime: 1)
        try Document.exchange(&one, &two)
        #expect(one.registers["约谈"]?.values == [.integer(3), .integer(5)])
        #expect(two.registers == one.registers)
        one.setRegister("约谈", to: .integer(5))
        one.commit(wallTime: 2)
        try two.apply(one.changes(notIn: two.versionVector))
        #expect(two.registers["约谈"]?.values == [.integer(5)])
    }
}
