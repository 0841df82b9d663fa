public import HuibaoModel

extension ReportDocument {
    /// Records the difference between the report as it is and `report` (the same report edited
    /// elsewhere, for example in a text editor) as fine-grained operations in one change.
    ///
    /// The texts are compared with every metric value standing as one anchor: changed prose
    /// becomes character insertions and deletions (a minimal diff over Unicode scalars); a
    /// metric whose value changed becomes a register write, never a deletion and insertion of
    /// digits; a number that appears becomes a new metric, one that disappears is removed.
    ///
    /// - Returns: the change, or `nil` if nothing differs.
    @discardableResult
    public mutating func reimport(_ report: ReportText, wallTime: Int64) throws(ReportImportError) -> Change? {
        let newScalars = Array(report.text.unicodeScalars)
        if let index = newScalars.firstIndex(of: ReportDocument.anchor) {
            throw .reservedCharacter(source: "report", line: newScalars[..<index].count { $0 == "\n" } + 1)
        }
        // The new text with anchors in place of metric values, and the values in order.
        var target: [Unicode.Scalar] = []
        var newValues: [String] = []
        var cursor = 0
        for metric in MetricScanner.scan(newScalars) {
            target.append(contentsOf: newScalars[cursor..<metric.range.lowerBound])
            target.append(ReportDocument.anchor)
            newValues.append(metric.raw)
            cursor = metric.range.upperBound
        }
        target.append(contentsOf: newScalars[cursor...])
        // The current text with anchors, and the current value of each anchor.
        let (current, anchorLVs) = document.visibleScalars(markingLVsOf: ReportDocument.anchor)
        let oldValues = anchorLVs.map { lv in
            let id = document.id(of: lv).description
            return (id: id, raws: metricValues(id))
        }
        var position = 0  // in the document's visible text, which the edits change as they go
        var index = 0  // in `current`, the text before the edits
        var oldAnchor = 0
        var newAnchor = 0
        var writes: [(id: String, raw: String)] = []
        var insertedAnchors: [(position: Int, raw: String)] = []
        for edit in ScalarDiff.edits(from: current, to: target) {
            do {
                switch edit {
                case .keep(let count):
                    for offset in 0..<count where current[index + offset] == ReportDocument.anchor {
                        let old = oldValues[oldAnchor]
                        let raw = newValues[newAnchor]
                        // An untouched conflict reads "{3|5}": leave it for a person to resolve.
                        if old.raws != [raw] && raw != ReportDocument.conflictText(old.raws) {
                            writes.append((old.id, raw))
                        }
                        oldAnchor += 1
                        newAnchor += 1
                    }
                    position += count
                    index += count
                case .delete(let count):
                    oldAnchor += current[index..<index + count].count { $0 == ReportDocument.anchor }
                    try document.delete(at: position, count: count)
                    index += count
                case .insert(let range):
                    let inserted = target[range]
                    try document.insert(String(scalars: inserted), at: position)
                    for (offset, scalar) in inserted.enumerated() where scalar == ReportDocument.anchor {
                        insertedAnchors.append((position + offset, newValues[newAnchor]))
                        newAnchor += 1
                    }
                    position += inserted.count
                }
            } catch {
                preconditionFailure("diff positions are inside the text: \(error)")
            }
        }
        for anchor in insertedAnchors {
            writes.append((document.characterID(at: anchor.position).description, anchor.raw))
        }
        for write in writes {
            document.setRegister(ReportDocument.metricPrefix + write.id, to: .text(write.raw))
        }
        return document.commit(wallTime: wallTime)
    }
}
