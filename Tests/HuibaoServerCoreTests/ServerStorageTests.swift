import Foundation
import HuibaoModel
import HuibaoPostgres
import HuibaoReport
import HuibaoServerCore
import Testing

/// The contract of ``ServerStorage``, the same on every backend.
@Suite("Server storage")
struct ServerStorageTests {
    static let key = ReportKey(unit: "甲局", period: "2023H1", kind: "党风廉政")

    /// `count` changes of one replica, each appending a character.
    static func changes(_ count: Int, replica: UInt64 = 7) throws -> [Change] {
        var document = Document(replica: ReplicaID(replica))
        for index in 0..<count {
            try document.insert("第\(index)", at: document.text.unicodeScalars.count)
            document.commit(wallTime: Int64(index))
        }
        return Array(document.changes)
    }

    @Test("units are added once, found by name and token hash, and revoked", arguments: Backend.allCases)
    func units(backend: Backend) async throws {
        let storage = try await backend.make()
        try await storage.addUnit(UnitRecord(name: "总局", parent: nil, isHQ: true, tokenHash: "h0"))
        try await storage.addUnit(UnitRecord(name: "甲局", parent: "总局", isHQ: false, tokenHash: "h1"))
        await #expect(throws: ServerError.unitExists("甲局")) {
            try await storage.addUnit(UnitRecord(name: "甲局", parent: nil, isHQ: false, tokenHash: "h2"))
        }
        #expect(try await storage.units().map(\.name) == ["总局", "甲局"])
        #expect(try await storage.unit(withTokenHash: "h1")?.name == "甲局")
        #expect(try await storage.unit(named: "总局")?.isHQ == true)
        #expect(try await storage.unit(named: "乙局") == nil)
        try await storage.revokeUnit("甲局")
        #expect(try await storage.unit(withTokenHash: "h1")?.revoked == true)
        await #expect(throws: ServerError.unknownUnit("乙局")) { try await storage.revokeUnit("乙局") }
        // A new token lifts the revocation; the old one is gone.
        try await storage.replaceToken(of: "甲局", with: "h9")
        #expect(try await storage.unit(withTokenHash: "h1") == nil)
        #expect(try await storage.unit(withTokenHash: "h9")?.revoked == false)
        await #expect(throws: ServerError.unknownUnit("乙局")) { try await storage.replaceToken(of: "乙局", with: "h8") }
    }

    @Test("a revoked unit gets a new token: the old one is refused, the new one syncs", arguments: Backend.allCases)
    func rotateToken(backend: Backend) async throws {
        let storage = try await backend.make()
        let service = SyncService(storage: storage)
        _ = try await service.registry.addUnit(name: "总局", parent: nil, isHQ: true)
        let (_, old) = try await service.registry.addUnit(name: "甲局", parent: "总局", isHQ: false)
        try await storage.revokeUnit("甲局")
        await #expect(throws: ServerError.unauthorized) { try await service.registry.authenticate(old) }
        let new = try await service.registry.rotateToken(of: "甲局")
        #expect(new != old && new.count == 64)
        #expect(try await service.registry.authenticate(new).name == "甲局")
        await #expect(throws: ServerError.unauthorized) { try await service.registry.authenticate(old) }
    }

    @Test("a commit is a compare-and-swap on the report's change count", arguments: Backend.allCases)
    func compareAndSwap(backend: Backend) async throws {
        let storage = try await backend.make()
        let changes = try ServerStorageTests.changes(5)
        try await storage.commit(Array(changes[0..<3]), to: ServerStorageTests.key, at: 0, registering: [:])
        await #expect(throws: ServerError.reportMoved(ServerStorageTests.key.description)) {
            try await storage.commit(Array(changes[3...]), to: ServerStorageTests.key, at: 2, registering: [:])
        }
        try await storage.commit(Array(changes[3...]), to: ServerStorageTests.key, at: 3, registering: [:])
        #expect(try await storage.changeCount(of: ServerStorageTests.key) == 5)
        #expect(try await storage.changes(of: ServerStorageTests.key, from: 0).map(\.hash) == changes.map(\.hash))
        #expect(try await storage.changes(of: ServerStorageTests.key, from: 4).map(\.hash) == [changes[4].hash])
        #expect(try await storage.reports(of: ["甲局"]) == [ServerStorageTests.key: 5])
        #expect(try await storage.reports(of: ["乙局"]).isEmpty)
    }

    @Test(
        "a commit stores the report's version vector beside it; one without a vector leaves it unknown, never stale",
        arguments: Backend.allCases)
    func storedVectors(backend: Backend) async throws {
        let storage = try await backend.make()
        let key = ServerStorageTests.key
        let other = ReportKey(unit: "乙局", period: "2023H1", kind: "党风廉政")
        let changes = try ServerStorageTests.changes(5)
        func vector(_ count: Int) -> VersionVector {
            var vector = VersionVector()
            vector[ReplicaID(7)] = UInt64(count)
            return vector
        }
        #expect(try await storage.vectors(of: [key, other]).isEmpty)
        try await storage.commit(Array(changes[0..<2]), to: key, at: 0, registering: [:], vector: vector(2))
        #expect(try await storage.vectors(of: [key, other]) == [key: vector(2)])
        try await storage.commit(Array(changes[2..<4]), to: key, at: 2, registering: [:])
        #expect(try await storage.vectors(of: [key]).isEmpty)
        try await storage.commit([changes[4]], to: key, at: 4, registering: [:], vector: vector(5))
        #expect(try await storage.vectors(of: [key]) == [key: vector(5)])
        // A refused commit changes nothing.
        await #expect(throws: ServerError.reportMoved(key.description)) {
            try await storage.commit([changes[4]], to: key, at: 1, registering: [:], vector: vector(9))
        }
        #expect(try await storage.vectors(of: [key]) == [key: vector(5)])
    }

    @Test("of many commits racing at one position exactly one is stored", arguments: Backend.allCases)
    func racingCommits(backend: Backend) async throws {
        let storage = try await backend.make()
        let winners = await withTaskGroup(of: Bool.self) { group in
            for replica in 1...8 {
                group.addTask {
                    guard let changes = try? ServerStorageTests.changes(3, replica: UInt64(replica)) else {
                        return false
                    }
                    do {
                        try await storage.commit(changes, to: ServerStorageTests.key, at: 0, registering: [:])
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
        #expect(try await storage.changeCount(of: ServerStorageTests.key) == 3)
        #expect(Set(try await storage.changes(of: ServerStorageTests.key, from: 0).map(\.author)).count == 1)
    }

    @Test("a replica taken by another unit fails the whole commit", arguments: Backend.allCases)
    func replicaTaken(backend: Backend) async throws {
        let storage = try await backend.make()
        let changes = try ServerStorageTests.changes(2)
        try await storage.commit([changes[0]], to: ServerStorageTests.key, at: 0, registering: [ReplicaID(7): "甲局"])
        await #expect(throws: ServerError.replicaTaken(replica: ReplicaID(7), unit: "甲局")) {
            try await storage.commit(
                [changes[1]], to: ServerStorageTests.key, at: 1, registering: [ReplicaID(7): "乙局", ReplicaID(8): "乙局"])
        }
        #expect(try await storage.changeCount(of: ServerStorageTests.key) == 1)
        #expect(try await storage.replicaOwner(ReplicaID(7)) == "甲局")
        #expect(try await storage.replicaOwner(ReplicaID(8)) == nil)
    }

    @Test("settings are set, listed by prefix and removed", arguments: Backend.allCases)
    func settings(backend: Backend) async throws {
        let storage = try await backend.make()
        try await storage.setSetting("expected\u{1F}2023H1", to: "甲局\n乙局")
        try await storage.setSetting("expected\u{1F}2023H2", to: "")
        try await storage.setSetting("catalog", to: "x")
        try await storage.setSetting("catalog", to: "y")
        #expect(try await storage.setting("catalog") == "y")
        #expect(try await storage.settings(withPrefix: "expected\u{1F}").count == 2)
        try await storage.setSetting("catalog", to: nil)
        #expect(try await storage.setting("catalog") == nil)
    }

    @Test("a stored extract is replaced only by one of a later version", arguments: Backend.allCases)
    func extracts(backend: Backend) async throws {
        let storage = try await backend.make()
        let other = ReportKey(unit: "乙局", period: "2023H1", kind: "党风廉政")
        try await storage.storeExtract(StoredExtract(changeCount: 5, bytes: [5]), of: ServerStorageTests.key)
        try await storage.storeExtract(StoredExtract(changeCount: 3, bytes: [3]), of: ServerStorageTests.key)
        try await storage.storeExtract(StoredExtract(changeCount: 1, bytes: [1]), of: other)
        #expect(try await storage.extracts(of: [ServerStorageTests.key])[ServerStorageTests.key]?.bytes == [5])
        try await storage.storeExtract(StoredExtract(changeCount: 9, bytes: [9, 9]), of: ServerStorageTests.key)
        let both = try await storage.extracts(of: [ServerStorageTests.key, other])
        #expect(both[ServerStorageTests.key] == StoredExtract(changeCount: 9, bytes: [9, 9]))
        #expect(both[other]?.changeCount == 1)
    }

    @Test("a login code is used up once; expired sessions are not found and are swept", arguments: Backend.allCases)
    func sessions(backend: Backend) async throws {
        let storage = try await backend.make()
        let now = SessionRecord.now()
        try await storage.putSession(SessionRecord(id: "old", kind: .session, unit: "总局", expires: now - 1))
        // Storing the next ones sweeps the expired one.
        try await storage.putSession(SessionRecord(id: "c1", kind: .loginCode, unit: "总局", expires: now + 60_000))
        try await storage.putSession(SessionRecord(id: "s1", kind: .session, unit: "总局", expires: now + 60_000))
        #expect(try await storage.session("c1", kind: .session, consuming: false, now: now) == nil)
        #expect(try await storage.session("c1", kind: .loginCode, consuming: true, now: now)?.unit == "总局")
        #expect(try await storage.session("c1", kind: .loginCode, consuming: true, now: now) == nil)
        #expect(try await storage.session("s1", kind: .session, consuming: false, now: now)?.unit == "总局")
        #expect(try await storage.session("s1", kind: .session, consuming: false, now: now + 120_000) == nil)
        #expect(try await storage.session("old", kind: .session, consuming: false, now: now - 10) == nil)
        try await storage.deleteSession("s1", kind: .session)
        #expect(try await storage.session("s1", kind: .session, consuming: false, now: now) == nil)
    }

    @Test("a login code used by several requests at once opens one session", arguments: Backend.allCases)
    func racingCodes(backend: Backend) async throws {
        let storage = try await backend.make()
        let now = SessionRecord.now()
        try await storage.putSession(SessionRecord(id: "c", kind: .loginCode, unit: "总局", expires: now + 60_000))
        let opened = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (try? await storage.session("c", kind: .loginCode, consuming: true, now: now)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(opened == 1)
    }

    @Test("PostgreSQL: two processes' storages see each other's commits; the schema is migrated once")
    func postgresSharing() async throws {
        let url = try await Backend.newPostgresDatabase()
        async let first = PostgresStorage.open(url: url, timeout: Backend.patience)
        async let second = PostgresStorage.open(url: url, timeout: Backend.patience)
        let (a, b) = try await (first, second)
        let changes = try ServerStorageTests.changes(4)
        try await a.commit(Array(changes[0..<2]), to: ServerStorageTests.key, at: 0, registering: [:])
        #expect(try await b.changeCount(of: ServerStorageTests.key) == 2)
        try await b.commit(Array(changes[2...]), to: ServerStorageTests.key, at: 2, registering: [:])
        #expect(try await a.changes(of: ServerStorageTests.key, from: 0).map(\.hash) == changes.map(\.hash))
        await a.close()
        await b.close()
        let reopened = try await PostgresStorage.open(url: url, timeout: Backend.patience)
        #expect(try await reopened.changeCount(of: ServerStorageTests.key) == 4)
        await reopened.close()
    }

    @Test("PostgreSQL: malformed and unreachable database URLs give one clear error")
    func postgresURLs() async throws {
        for (url, words) in [
            ("mysql://u@h/d", "must look like postgres://"),
            ("postgres:///d", "names no host"),
            ("postgres://u@127.0.0.1/d?sslmode=maybe", "sslmode"),
            ("postgres://u@127.0.0.1:1/d", "connecting to postgres://u@127.0.0.1:1/d"),
        ] {
            do {
                _ = try await PostgresStorage.open(url: url, timeout: .seconds(5))
                Issue.record("\(url) was accepted")
            } catch {
                #expect(error.description.contains(words), "\(url): \(error)")
            }
        }
        let parsed = try PostgresURL(parsing: "postgresql://clerk:s%40cret@db.example:6432/huibao?pool=4")
        #expect(parsed.password == "s@cret")
        #expect(parsed.description == "postgres://clerk@db.example:6432/huibao")
        #expect(parsed.maximumConnections == 4)
        #expect(!parsed.description.contains("cret"))
    }
}
