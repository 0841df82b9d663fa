import HuibaoModel
import HuibaoReport
import HuibaoTestSupport
import Testing

@Suite("People: names recorded with the changes")
struct PeopleTests {
    @Test("a recorded name travels to another replica; it is not a content change after approval")
    func names() throws {
        var clerk = try ReportDocument.importing(
            ReportText(text: "标题\n开展廉政约谈3次。\n"), metadata: ReportMetadata(unit: "某局", period: "2023H1", kind: "k"),
            replica: ReplicaID(1), wallTime: 1)
        #expect(clerk.personName(of: ReplicaID(1)) == nil)
        #expect(clerk.person(ReplicaID(1)) == ReplicaID(1).description)
        clerk.recordPerson("张三")
        clerk.commitPendingEdits(wallTime: 2)
        // Recording the same name again makes no change.
        let count = clerk.document.changes.count
        clerk.recordPerson("张三")
        clerk.commitPendingEdits(wallTime: 3)
        #expect(clerk.document.changes.count == count)

        var hq = ReportDocument(document: Document(replica: ReplicaID(2)))
        _ = try hq.apply(clerk.document.changes)
        #expect(hq.personName(of: ReplicaID(1)) == "张三")
        #expect(hq.person(ReplicaID(1)) == "张三（\(ReplicaID(1).description.prefix(8))）")
        #expect(
            Language.$current.withValue(.english) { hq.person(ReplicaID(1)) }
                == "张三 (\(ReplicaID(1).description.prefix(8)))")

        try clerk.submit(as: "某局", wallTime: 4)
        _ = try hq.apply(clerk.document.changes)
        try hq.review(.approve, as: "HQ", wallTime: 5)
        hq.recordPerson("李四")
        hq.commitPendingEdits(wallTime: 6)
        #expect(hq.workflow.state == .approved)
        #expect(!hq.workflow.changedSincePinned, "a name is not a change of the report")
    }
}
