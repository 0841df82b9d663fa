import Foundation
public import HuibaoModel
public import HuibaoStore

/// One `huibao sync`: rounds of POST /v1/sync until the server has everything this workspace
/// has and the workspace has everything the server lets it read.
///
/// Each round sends every report's version vector and its unacknowledged changes; the answer's
/// changes are applied and stored before the next round, and acknowledged changes are marked, so
/// an interrupted sync resumes where it stopped. Transport failures are retried with backoff.
public struct SyncSession {
    /// The workspace to sync.
    public var workspace: Workspace
    /// Retries of a failed round before giving up.
    public var retries = 4
    /// The first retry delay in seconds (doubling each time).
    public var backoff = 0.5
    /// Called with a line of progress for a person.
    public var progress: (String) -> Void = { _ in }

    /// Creates a session.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// What a sync did.
    public struct Summary: Hashable, Sendable {
        /// Changes sent and acknowledged.
        public var sent = 0
        /// Changes received.
        public var received = 0
        /// Rounds.
        public var rounds = 0
    }

    /// Runs the sync.
    public func run() throws(SyncError) -> Summary {
        guard let server = workspace.server, let token = workspace.token else { throw .notLoggedIn }
        let url = server.hasSuffix("/") ? server + "v1/sync" : server + "/v1/sync"
        let transport = CurlTransport()
        transport.caFile = workspace.caFile
        var summary = Summary()
        for round in 1...10_000 {
            let request = try makeRequest()
            let response = try post(request, to: url, token: token, transport: transport)
            summary.rounds = round
            var more = false
            for entry in response.entries {
                if let refusal = entry.refusal {
                    throw .refused(report: "\(entry.report)", code: refusal.code.rawValue, message: refusal.message)
                }
                try absorb(entry, summary: &summary)
                more = more || entry.more
            }
            progress("round \(round): sent \(summary.sent), received \(summary.received) change(s)")
            // The server acknowledges or refuses (thrown above) every change it was sent, so only
            // unfinished pages call for another round.
            if !more { break }
        }
        return summary
    }

    /// Writes what a sync would send to a file, for a unit on an isolated network: the server's
    /// administrator imports it (`huibao-server bundle import`) and returns an answer file.
    public func exportBundle() throws(SyncError) -> [UInt8] {
        try makeRequest().encoded
    }

    /// Applies the server's answer to an exported bundle: received changes are stored and the
    /// acknowledged ones marked, exactly as after a network sync.
    public func importAnswer(_ bytes: [UInt8]) throws(SyncError) -> Summary {
        let response: SyncResponse
        do {
            response = try SyncResponse(decoding: bytes)
        } catch {
            throw .badResponse(error.description)
        }
        var summary = Summary()
        for entry in response.entries {
            if let refusal = entry.refusal {
                throw .refused(report: "\(entry.report)", code: refusal.code.rawValue, message: refusal.message)
            }
            try absorb(entry, summary: &summary)
        }
        return summary
    }

    /// Every local report with what it holds and what the server has not acknowledged.
    func makeRequest() throws(SyncError) -> SyncRequest {
        do {
            var entries: [SyncRequest.Entry] = []
            for report in try workspace.reports() {
                let document = try workspace.load(report.id).document
                entries.append(
                    SyncRequest.Entry(
                        report: ReportKey(unit: report.unit, period: report.period, kind: report.kind),
                        known: document.versionVector, changes: try workspace.unacknowledged(of: report.id)))
            }
            return SyncRequest(entries: entries)
        } catch {
            throw .store(error.description)
        }
    }

    /// Applies and stores one report's answer, and marks the acknowledged changes.
    func absorb(_ entry: SyncResponse.Entry, summary: inout Summary) throws(SyncError) {
        let id = ReportSummary.id(unit: entry.report.unit, period: entry.report.period, kind: entry.report.kind)
        do {
            if !entry.changes.isEmpty {
                var report =
                    (try? workspace.resolve(id)) != nil
                    ? try workspace.load(id) : ReportDocument(document: Document(replica: workspace.replica))
                try report.apply(entry.changes)
                try workspace.save(report)
                // What came from the server is on the server: never send it back.
                try workspace.acknowledge(entry.changes.map(\.hash), of: id)
                summary.received += entry.changes.count
            }
            if !entry.acknowledged.isEmpty, (try? workspace.resolve(id)) != nil {
                try workspace.acknowledge(entry.acknowledged, of: id)
                summary.sent += entry.acknowledged.count
            }
        } catch let error as StoreError {
            throw .store(error.description)
        } catch {
            throw .store("\(error)")
        }
    }

    /// One round trip, retried with backoff when the server cannot be reached.
    func post(_ request: SyncRequest, to url: String, token: String, transport: CurlTransport) throws(SyncError)
        -> SyncResponse
    {
        var delay = backoff
        var attempt = 0
        while true {
            do throws(SyncError) {
                let response = try transport.post(
                    request.encoded, to: url, token: token, contentType: "application/x-huibao-sync")
                switch response.status {
                case 200:
                    do {
                        return try SyncResponse(decoding: response.body)
                    } catch {
                        throw SyncError.badResponse(error.description)
                    }
                default: throw SyncError(response: response, url: url)
                }
            } catch {
                guard case .unreachable(let url, let reason) = error, attempt < retries else { throw error }
                attempt += 1
                progress("cannot reach \(url) (\(reason)); retry \(attempt) of \(retries) in \(delay) s")
                Thread.sleep(forTimeInterval: delay)
                delay *= 2
            }
        }
    }
}
