extension UnitRegistry {
    /// A one-time code that opens a dashboard session for `hq` within 10 minutes
    /// (`GET /dashboard/login?code=...`): a link to hand over instead of the token.
    public func issueLoginCode(for hq: UnitRecord) async throws(ServerError) -> String {
        let code = UnitRegistry.randomHex(words: 2)
        try await storage.putSession(
            SessionRecord(id: code, kind: .loginCode, unit: hq.name, expires: SessionRecord.now() + 600_000))
        return code
    }

    /// Opens a dashboard session for the HQ of a valid token or one-time code (used up, by
    /// whichever server process reads it first), and returns the session id for the cookie
    /// (valid 12 hours).
    ///
    /// - Throws: ``ServerError/unauthorized`` for a bad token or an unknown, used or expired code.
    public func openSession(token: String? = nil, code: String? = nil) async throws(ServerError) -> String {
        let unit: UnitRecord
        if let token {
            unit = try await authenticateHQ(token)
        } else if let code,
            let record = try await storage.session(code, kind: .loginCode, consuming: true, now: SessionRecord.now())
        {
            unit = try await liveHQ(record)
        } else {
            throw .unauthorized
        }
        let session = UnitRegistry.randomHex(words: 2)
        try await storage.putSession(
            SessionRecord(
                id: session, kind: .session, unit: unit.name, expires: SessionRecord.now() + 12 * 3_600_000))
        return session
    }

    /// The HQ unit of a dashboard session.
    ///
    /// - Throws: ``ServerError/unauthorized`` for an unknown or expired session, or a revoked unit.
    public func sessionUnit(_ session: String) async throws(ServerError) -> UnitRecord {
        guard !session.isEmpty,
            let record = try await storage.session(
                session, kind: .session, consuming: false, now: SessionRecord.now())
        else { throw .unauthorized }
        return try await liveHQ(record)
    }

    /// Ends a dashboard session.
    public func closeSession(_ session: String) async throws(ServerError) {
        try await storage.deleteSession(session, kind: .session)
    }

    /// The unit of a session record, if not revoked and an HQ.
    func liveHQ(_ record: SessionRecord) async throws(ServerError) -> UnitRecord {
        guard let unit = try await storage.unit(named: record.unit), !unit.revoked, unit.isHQ else {
            throw .unauthorized
        }
        return unit
    }
}
