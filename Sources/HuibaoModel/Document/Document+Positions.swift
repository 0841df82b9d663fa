extension Document {
    // The API the report layer builds on (``HuibaoReport``): characters by local version, and
    // which change made what. A *local version* (LV) numbers the operations of this replica's
    // copy in the order it applied them: one per inserted character, deleted character and
    // register write. LVs are not stable across replicas; operation ids (``OpID``) are.

    /// The visible text as scalars, and the LV of each occurrence of `marker` in it, in text
    /// order: one pass inside the model, without a call per character.
    package func visibleScalars(markingLVsOf marker: Unicode.Scalar) -> (
        scalars: [Unicode.Scalar], markerLVs: [Int32]
    ) {
        var markerLVs: [Int32] = []
        let scalars = content.withUnsafeBufferPointer { content in
            [Unicode.Scalar](unsafeUninitializedCapacity: sequence.count) { buffer, initialized in
                var count = 0
                sequence.forEachVisibleRange { range in
                    for lv in range {
                        let value = content[Int(lv)]
                        if value == marker.value { markerLVs.append(lv) }
                        buffer[count] = Unicode.Scalar(value).unsafelyUnwrapped
                        count &+= 1
                    }
                }
                initialized = count
            }
        }
        return (scalars, markerLVs)
    }

    /// Calls `body` with the LV and value of each visible character, in text order.
    package func forEachVisibleCharacter(_ body: (Int32, Unicode.Scalar) -> Void) {
        sequence.forEachVisibleRange { range in
            for lv in range { body(lv, Unicode.Scalar(content[Int(lv)]).unsafelyUnwrapped) }
        }
    }

    /// Calls `body` with the LV, value and deletion state of every character ever inserted
    /// (deleted ones too, where they stood), in text order.
    package func forEachCharacter(_ body: (_ lv: Int32, _ scalar: Unicode.Scalar, _ deleted: Bool) -> Void) {
        sequence.forEachRun { run in
            for lv in run.lv..<run.end { body(lv, Unicode.Scalar(content[Int(lv)]).unsafelyUnwrapped, run.deleted) }
        }
    }

    /// The LV of an operation id, or `nil` if no applied change holds it.
    package func lv(of id: OpID) -> Int32? {
        guard let list = spans[id.replica] else { return nil }
        return ReplicaSpan.lv(of: id.counter, in: list)
    }

    /// The operation id of `lv`.
    package func id(of lv: Int32) -> OpID {
        if let open, lv >= open.lvStart {
            return OpID(replica: replica, counter: open.startCounter + UInt64(lv - open.lvStart))
        }
        let index = changeIndex(holding: lv)
        return OpID(replica: infos[index].author, counter: infos[index].startCounter + UInt64(lv - changeLV[index]))
    }

    /// The index in ``changes`` of the change holding `lv` (committed changes only).
    package func changeIndex(holding lv: Int32) -> Int {
        Document.changeIndex(holding: lv, in: changeLV)
    }

    /// The index in ``changes`` of the change with this hash, if applied. Decodes a loaded
    /// history unless the hash is one of its heads or of a change applied since.
    package func changeIndex(of hash: ChangeHash) -> Int? {
        if let index = knownHashes[hash] { return index }
        if let stored = history.stored, let index = stored.index(of: hash) { return history.baseCount + index }
        return history.base?.index(of: hash)
    }

    /// The index in ``changes`` of the change that made operation `id`, if any.
    package func changeIndex(making id: OpID) -> Int? {
        lv(of: id).map { changeIndex(holding: $0) }
    }

    /// The applied change that made operation `id`, if any.
    public func change(making id: OpID) -> Change? {
        changeIndex(making: id).map { history[$0] }
    }
}
