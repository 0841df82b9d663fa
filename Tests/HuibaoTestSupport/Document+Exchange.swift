public import HuibaoModel
public import HuibaoReport

extension Document {
    /// Gives each of two replicas the changes the other has: a full sync in both directions.
    public static func exchange(_ a: inout Document, _ b: inout Document) throws {
        try a.apply(b.changes(notIn: a.versionVector))
        try b.apply(a.changes(notIn: b.versionVector))
    }
}

extension ReportDocument {
    /// ``Document/exchange(_:_:)`` for two reports.
    public static func exchange(_ a: inout ReportDocument, _ b: inout ReportDocument) throws {
        var one = a.document
        var two = b.document
        try Document.exchange(&one, &two)
        a = ReportDocument(document: one)
        b = ReportDocument(document: two)
    }
}
