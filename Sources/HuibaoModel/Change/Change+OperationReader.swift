extension Change {
    /// Reads a change's operations after its header one at a time, checking each as
    /// ``Change/init(decoding:)`` does: for a caller that acts on each operation as it is read
    /// (applying a stored change straight from its bytes) and may stop at any.
    struct OperationReader {
        /// The reader, after the operations read so far (at the change's end once ``next()``
        /// returned `nil`).
        private(set) var reader: ByteReader
        private let replicas: ReplicaTable
        private let count: Int
        private var read = 0
        private var counter: UInt64

        /// Starts reading the operations of a change whose header `header` was read by `reader`.
        ///
        /// - Throws: ``BinaryDecodingError`` if the operation count is missing, zero or too large.
        init(_ reader: ByteReader, header: Header) throws(BinaryDecodingError) {
            self.reader = reader
            replicas = header.replicas
            counter = header.startCounter
            count = try self.reader.readCount("operation count", max: min(reader.remaining / 2, maxOperations))
            guard count >= 1 else {
                throw .invalidValue(
                    field: "operation count", offset: self.reader.position - 1, reason: "a change has operations")
            }
        }

        /// The next operation and the counter of its first operation id, or `nil` after the last.
        ///
        /// - Throws: ``BinaryDecodingError`` naming the field and offset that are wrong.
        mutating func next() throws(BinaryDecodingError) -> (RawOperation, UInt64)? {
            guard read < count else { return nil }
            read += 1
            let tagOffset = reader.position
            let rawTag = try reader.readByte("operation tag")
            guard let tag = OperationTag(rawValue: rawTag) else {
                throw .invalidValue(field: "operation tag", offset: tagOffset, reason: "unknown tag \(rawTag)")
            }
            let op: RawOperation
            switch tag {
            case .insertText:
                let after = try readReference("insert origin")
                let before = try readReference("insert right origin")
                let textOffset = reader.position
                let text = try reader.readBytes(try reader.readLength("inserted text"), "inserted text")
                guard !text.isEmpty else {
                    throw .invalidValue(field: "inserted text", offset: textOffset, reason: "empty insertion")
                }
                op = .insertText(after: after, before: before, text: text, offset: textOffset)
            case .deleteText:
                let targetOffset = reader.position
                guard let start = try readReference("delete target") else {
                    throw .invalidValue(field: "delete target", offset: targetOffset, reason: "missing target")
                }
                let countOffset = reader.position
                let count = try reader.readVarint("delete count")
                guard count >= 1, count <= UInt64(Int32.max), start.counter <= UInt64.max - count else {
                    throw .invalidValue(
                        field: "delete count", offset: countOffset, reason: "count \(count) out of range")
                }
                op = .deleteText(start: start, count: Int(count))
            case .setRegister:
                let key = try reader.readString("register key")
                let value = try RegisterValue.read(from: &reader)
                let overwriteCount = try reader.readCount("overwrite count", max: reader.remaining)
                var overwrites: [OpID] = []
                for _ in 0..<overwriteCount {
                    let offset = reader.position
                    guard let id = try readReference("overwritten write") else {
                        throw .invalidValue(field: "overwritten write", offset: offset, reason: "missing id")
                    }
                    if let last = overwrites.last, !(last < id) {
                        throw .invalidValue(
                            field: "overwritten write", offset: offset, reason: "not strictly ascending")
                    }
                    overwrites.append(id)
                }
                op = .setRegister(key: key, value: value, overwrites: overwrites)
            }
            let first = counter
            let (next, overflow) = counter.addingReportingOverflow(UInt64(op.width))
            guard !overflow else {
                throw .invalidValue(field: "operation", offset: tagOffset, reason: "operation ids overflow")
            }
            counter = next
            return (op, first)
        }

        private mutating func readReference(_ field: String) throws(BinaryDecodingError) -> OpID? {
            try Change.readReference(field, from: &reader, replicas: replicas)
        }
    }
}
