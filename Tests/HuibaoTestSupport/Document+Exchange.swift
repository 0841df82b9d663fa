public import HuibaoModel

extension Document {
    /// Gives each of two replicas the changes the other has: a full sync in both directions.
    public static func exchange(_ a: inout Document, _ b: inout Document) throws {
        try a.apply(b.changes(notIn: a.versionVector))
        try b.apply(a.changes(notIn: b.versionVector))
    }
}
