/// The version string printed by `huibao --version` and `huibao-server --version`.
public enum HuibaoVersion {
    /// The package version with the change and document format versions it reads and writes.
    public static let current =
        "0.1.0 (change format \(Change.formatVersion), document format \(Document.formatVersion))"
}
