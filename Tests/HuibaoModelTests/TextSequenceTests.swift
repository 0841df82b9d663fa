import HuibaoModel
import HuibaoTestSupport
import Testing

@Suite("Text sequence")
struct TextSequenceTests {
    @Test("random local edits match a plain string model and keep the invariants")
    func localEditsMatchStringModel() throws {
        for seed in UInt64(0)..<40 {
            var rng = SeededGenerator(seed: seed)
            var document = Document(replica: ReplicaID(7))
            var model: [Unicode.Scalar] = []
            for step in 0..<400 {
                if model.isEmpty || Int.random(in: 0..<3, using: &rng) > 0 {
                    let position = Int.random(in: 0...model.count, using: &rng)
                    let text = RandomEdits.text(maxLength: 5, using: &rng)
                    try document.insert(text, at: position)
                    model.insert(contentsOf: text.unicodeScalars, at: position)
                } else {
                    let position = Int.random(in: 0..<model.count, using: &rng)
                    let count = Int.random(in: 1...min(8, model.count - position), using: &rng)
                    try document.delete(at: position, count: count)
                    model.removeSubrange(position..<position + count)
                }
                if step % 50 == 0 { document.commit(wallTime: Int64(step)) }
                try document.textSequence.checkInvariants()
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: model)
            #expect(document.text == String(view), "seed \(seed)")
            #expect(document.textLength == model.count)
        }
    }

    @Test("positions count Unicode scalars, not UTF-16 units or bytes")
    func positionsAreScalars() throws {
        var document = Document(replica: ReplicaID(1))
        try document.insert("党建𠀀工作", at: 0)
        try document.insert("X", at: 3)  // after the astral character
        #expect(document.text == "党建𠀀X工作")
        try document.delete(at: 2, count: 1)
        #expect(document.text == "党建X工作")
    }

    @Test("edits outside the text are refused with the position and length")
    func outOfBoundsEditsThrow() throws {
        var document = Document(replica: ReplicaID(1))
        try document.insert("汇报", at: 0)
        #expect(throws: DocumentError.positionOutOfBounds(position: 3, count: 0, textLength: 2)) {
            try document.insert("x", at: 3)
        }
        #expect(throws: DocumentError.positionOutOfBounds(position: 1, count: 2, textLength: 2)) {
            try document.delete(at: 1, count: 2)
        }
        #expect(document.text == "汇报")
    }

    @Test("concurrent inserts at one position do not interleave")
    func concurrentInsertsDoNotInterleave() throws {
        var base = Document(replica: ReplicaID(1))
        try base.insert("开展约谈次", at: 0)
        base.commit(wallTime: 0)
        var a = base.forked(as: ReplicaID(2))
        var b = base.forked(as: ReplicaID(3))
        // Each clerk types a word one character at a time, committing each keystroke.
        for (i, character) in "廉政".enumerated() {
            try a.insert(String(character), at: 4 + i)
            a.commit(wallTime: 1)
        }
        for (i, character) in "三".enumerated() {
            try b.insert(String(character), at: 4 + i)
            b.commit(wallTime: 1)
        }
        for (i, character) in "十次".enumerated() {
            try b.insert(String(character), at: 5 + i)
            b.commit(wallTime: 1)
        }
        try Document.exchange(&a, &b)
        #expect(a.text == b.text)
        #expect(a.text == "开展约谈廉政三十次次" || a.text == "开展约谈三十次廉政次")
    }

    @Test("inserting into text another replica deleted keeps the insertion")
    func insertIntoConcurrentlyDeletedText() throws {
        var base = Document(replica: ReplicaID(1))
        try base.insert("警示教育28次", at: 0)
        base.commit(wallTime: 0)
        var a = base.forked(as: ReplicaID(2))
        var b = base.forked(as: ReplicaID(3))
        try a.delete(at: 0, count: 4)
        a.commit(wallTime: 1)
        try b.insert("廉政", at: 2)
        b.commit(wallTime: 1)
        try Document.exchange(&a, &b)
        #expect(a.text == "廉政28次")
        #expect(b.text == a.text)
    }

    @Test("concurrent deletes of overlapping ranges delete the union once")
    func overlappingDeletes() throws {
        var base = Document(replica: ReplicaID(1))
        try base.insert("一二三四五六", at: 0)
        base.commit(wallTime: 0)
        var a = base.forked(as: ReplicaID(2))
        var b = base.forked(as: ReplicaID(3))
        try a.delete(at: 1, count: 3)
        a.commit(wallTime: 1)
        try b.delete(at: 2, count: 3)
        b.commit(wallTime: 1)
        try Document.exchange(&a, &b)
        #expect(a.text == "一六")
        #expect(b.text == "一六")
    }

    @Test("a long typed run stays one run and a paste in its middle splits it")
    func runsStayCompact() throws {
        var document = Document(replica: ReplicaID(1))
        for (i, character) in "根据要求现将上半年工作汇报如下".enumerated() {
            try document.insert(String(character), at: i)
        }
        #expect(document.textSequence.runTotal == 1)
        try document.insert("，", at: 4)
        #expect(document.textSequence.runTotal == 3)
        #expect(document.text == "根据要求，现将上半年工作汇报如下")
    }

    @Test("many leaves: thousands of scattered edits keep order and invariants")
    func manyLeaves() throws {
        var rng = SeededGenerator(seed: 99)
        var document = Document(replica: ReplicaID(1))
        var model: [Unicode.Scalar] = []
        for _ in 0..<5_000 {
            let position = Int.random(in: 0...model.count, using: &rng)
            let scalar = RandomEdits.text(maxLength: 1, using: &rng)
            try document.insert(scalar, at: position)
            model.insert(contentsOf: scalar.unicodeScalars, at: position)
        }
        #expect(document.textSequence.leafCount > 50)
        try document.textSequence.checkInvariants()
        var view = String.UnicodeScalarView()
        view.append(contentsOf: model)
        #expect(document.text == String(view))
    }
}
