import Foundation
import HuibaoPostgres
import HuibaoServerCore
import Testing

/// The storage backends every storage and sync test runs on.
///
/// PostgreSQL tests need `HUIBAO_TEST_POSTGRES_URL` (a superuser's URL; `bash scripts/test.sh`
/// starts a private cluster and sets it). Without it they fail with that message: they never
/// skip silently.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    /// The URL of the test cluster.
    static var postgresURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["HUIBAO_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw BackendUnavailable()
            }
            return url
        }
    }

    /// A new empty storage of this kind (for PostgreSQL, in a database of its own).
    func make() async throws -> any ServerStorage {
        switch self {
        case .memory: return InMemoryStorage()
        case .sqlite:
            return try SQLiteStorage(path: Backend.temporaryDirectory().appendingPathComponent("server.sqlite").path)
        case .postgres:
            return try await PostgresStorage.open(url: try Backend.newPostgresDatabase(), timeout: Backend.patience)
        }
    }

    /// How long a test waits for the database: the binaries' tests keep both threads of the
    /// cooperative pool busy for minutes at a time, and a migration needs one to finish.
    static let patience: Duration = .seconds(600)

    /// A new empty database in the test cluster; its URL.
    static func newPostgresDatabase() async throws -> String {
        let name = "huibao_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await PostgresStorage.createDatabase(named: name, url: try postgresURL)
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "huibao-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// The PostgreSQL test cluster is not configured.
struct BackendUnavailable: Error, CustomStringConvertible {
    var description: String {
        "HUIBAO_TEST_POSTGRES_URL is not set: run the tests with `bash scripts/test.sh`, which starts a private PostgreSQL cluster"
    }
}
