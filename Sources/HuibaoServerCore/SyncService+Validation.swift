import HuibaoModel
import HuibaoReport

extension SyncService {
    /// What validating a batch against the stored state gave.
    enum Validation {
        /// Refused; nothing is stored.
        case refused(SyncRefusal)
        /// Valid: the document with the batch applied, the changes new to the server in a causal
        /// order, and the replicas to register.
        case accepted(Document, [Change], [ReplicaID: String])
    }

    /// Checks a batch of a unit's changes against `document` (the stored state): access, roles
    /// of workflow steps, authors, reused replica ids, dependencies and the changes themselves.
    func validate(_ entry: SyncRequest.Entry, against document: Document, by unit: UnitRecord)
        async throws(ServerError) -> Validation
    {
        let report = entry.report
        // A reader may write: the unit its own report, an HQ above it any report of its subtree
        // (edits, resolutions, reviews). Workflow steps are checked by role. Changes the server
        // already has are repeats: harmless, whoever sends them.
        let changes: [Change]
        do {
            // Decoded once, when the request was read: this only unwraps them.
            changes = try entry.decodedChanges()
        } catch {
            return .refused(SyncRefusal(code: .invalidChange, message: error.description))
        }
        // A seq above the vector's is new without a lookup (which could decode a loaded history).
        let new = changes.filter { $0.seq > document.versionVector[$0.author] || !document.contains($0.hash) }
        if new.isEmpty { return .accepted(document, [], [:]) }
        if let refusal = SyncService.checkWorkflowSteps(in: new, of: report, by: unit) {
            return .refused(refusal)
        }
        // A person's name is recorded by that person's replica only.
        for change in new {
            for operation in change.operations {
                if let replica = ReportDocument.personReplica(of: operation), replica != change.author {
                    return .refused(
                        SyncRefusal(
                            code: .invalidChange,
                            message: Language.text(
                                "变更 \(change.hash.shortDescription) 记录了副本 \(replica) 的姓名，但并非该副本所写",
                                "change \(change.hash.shortDescription) records the name of replica \(replica), which is not its author"
                            ),
                            change: change.hash))
                }
            }
        }
        if let reused = new.first(where: { $0.seq <= document.versionVector[$0.author] }) {
            return .refused(
                SyncRefusal(
                    code: .replicaReused,
                    message: Language.text(
                        "服务器已有另一个变更 \(reused.seq)@\(reused.author)：这个副本编号被两个工作区同时使用",
                        "the server holds another change \(reused.seq)@\(reused.author): this replica id is used by two workspaces"
                    ),
                    change: reused.hash))
        }
        var registrations: [ReplicaID: String] = [:]
        // One lookup per author, not per change (a batch is mostly one replica's changes).
        var owners: [ReplicaID: String?] = [:]
        for change in new {
            let owner: String?
            if let known = owners[change.author] {
                owner = known ?? registrations[change.author]
            } else {
                let stored = try await storage.replicaOwner(change.author)
                owners[change.author] = .some(stored)
                owner = stored ?? registrations[change.author]
            }
            if let owner, owner != unit.name {
                return .refused(
                    SyncRefusal(
                        code: .forgedAuthor,
                        message: Language.text(
                            "变更 \(change.hash.shortDescription) 由\(owner)的副本 \(change.author) 所写",
                            "change \(change.hash.shortDescription) is by replica \(change.author) of \(owner)"),
                        change: change.hash))
            }
            if owner == nil { registrations[change.author] = unit.name }
        }
        var candidate = document
        let outcome: ApplyOutcome
        do {
            outcome = try candidate.apply(new)
        } catch {
            return .refused(SyncRefusal(code: .invalidChange, message: error.description, change: error.change))
        }
        if let waiting = outcome.waiting.first {
            return .refused(
                SyncRefusal(
                    code: .missingDependency,
                    message: Language.text(
                        "变更 \(waiting.shortDescription) 依赖服务器上没有的变更，请先发送那些变更",
                        "change \(waiting.shortDescription) depends on changes the server does not have; send them first"
                    ),
                    change: waiting))
        }
        if let (change, message) = SyncService.stepNamingUnknownVersion(in: new, of: candidate) {
            return .refused(SyncRefusal(code: .invalidChange, message: message, change: change))
        }
        return .accepted(candidate, outcome.applied.compactMap { candidate.change($0) }, registrations)
    }

    /// The refusal of a batch whose workflow steps break the roles: a step must be taken by the
    /// token's unit; only the report's unit submits; only an HQ above it returns or approves.
    static func checkWorkflowSteps(in changes: [Change], of report: ReportKey, by unit: UnitRecord)
        -> SyncRefusal?
    {
        for change in changes {
            for operation in change.operations where ReportDocument.isWorkflowStep(operation) {
                let name = Language.text("变更 \(change.hash.shortDescription)", "change \(change.hash.shortDescription)")
                guard case .setRegister(_, .text(let text), _) = operation else {
                    return SyncRefusal(
                        code: .invalidChange,
                        message: Language.text("\(name)：流程步骤必须是文本", "\(name): a workflow step must be text"),
                        change: change.hash)
                }
                let step: WorkflowStep
                do {
                    step = try WorkflowStep(registerText: text)
                } catch {
                    return SyncRefusal(code: .invalidChange, message: "\(name): \(error)", change: change.hash)
                }
                guard step.unit == unit.name else {
                    return SyncRefusal(
                        code: .forbidden,
                        message: Language.text(
                            "\(name)：以\(step.unit)名义的步骤用\(unit.name)的令牌发送",
                            "\(name): a step signed by \(step.unit) sent with the token of \(unit.name)"),
                        change: change.hash)
                }
                let allowed = step.kind == .submit ? unit.name == report.unit : unit.isHQ && unit.name != report.unit
                guard allowed else {
                    let who = step.kind == .submit ? "only \(report.unit)" : "only an HQ above \(report.unit)"
                    let whoChinese = step.kind == .submit ? "只有\(report.unit)" : "只有\(report.unit)的上级"
                    return SyncRefusal(
                        code: .forbidden,
                        message: Language.text(
                            "\(name)：\(unit.name)不能\(step.kind.displayName)这份报告，\(whoChinese)可以",
                            "\(name): \(unit.name) may not \(step.kind.rawValue) this report; \(who) may"),
                        change: change.hash)
                }
            }
        }
        return nil
    }

    /// The change and a message if a workflow step in `changes` names a version that is not in
    /// `document`.
    static func stepNamingUnknownVersion(in changes: [Change], of document: Document) -> (ChangeHash, String)? {
        for change in changes {
            for case .setRegister(ReportDocument.workflowKey, .text(let text), _) in change.operations {
                guard let step = try? WorkflowStep(registerText: text) else { continue }
                if let unknown = step.heads.first(where: { !document.contains($0) }) {
                    return (
                        change.hash,
                        "change \(change.hash.shortDescription): the step names version \(unknown.shortDescription), which is not in the report"
                    )
                }
            }
        }
        return nil
    }
}
