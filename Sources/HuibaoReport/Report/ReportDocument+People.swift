public import HuibaoModel

/// Who the replicas of a report are, for people: each clerk's workspace records its person's
/// name in the report (register `person:<replica id>`) with its first change after the name is
/// set, so the name travels with the changes and every replica shows it.
extension ReportDocument {
    /// The register key prefix of a replica's person's name.
    package static let personPrefix = "person:"

    /// Records `name` as the person behind this replica, as part of the pending change, unless
    /// the report already holds exactly that name for it.
    public mutating func recordPerson(_ name: String) {
        let key = ReportDocument.personPrefix + document.replica.description
        if case .text(name)? = document.registers[key]?.value { return }
        document.setRegister(key, to: .text(name))
    }

    /// Whether an operation records a person's name (not a change of the report's content).
    public static func isPersonRecord(_ operation: Operation) -> Bool {
        if case .setRegister(let key, _, _) = operation { return key.hasPrefix(personPrefix) }
        return false
    }

    /// The replica whose person's name `operation` records, if it records one.
    public static func personReplica(of operation: Operation) -> ReplicaID? {
        guard case .setRegister(let key, _, _) = operation, key.hasPrefix(personPrefix) else { return nil }
        return ReplicaID(hex: String(key.dropFirst(personPrefix.count)))
    }

    /// The name recorded for `replica`, if any.
    public func personName(of replica: ReplicaID) -> String? {
        ReportDocument.personName(of: replica, in: document.registers)
    }

    /// The name that `registers` (a report's, or those of its person records) hold for `replica`.
    static func personName(of replica: ReplicaID, in registers: [String: MultiValueRegister]) -> String? {
        guard case .text(let name)? = registers[ReportDocument.personPrefix + replica.description]?.value
        else { return nil }
        return name
    }

    /// A replica as people read it: `张三（3f2a…）` (`张三 (3f2a…)` in English), or the replica id
    /// alone when no name is known.
    public func person(_ replica: ReplicaID) -> String {
        ReportDocument.person(replica, named: personName(of: replica))
    }

    /// `replica` as people read it, with its person's name if known (``person(_:)``).
    static func person(_ replica: ReplicaID, named name: String?) -> String {
        guard let name else { return replica.description }
        let short = replica.description.prefix(8)
        return Language.text("\(name)（\(short)）", "\(name) (\(short))")
    }
}
