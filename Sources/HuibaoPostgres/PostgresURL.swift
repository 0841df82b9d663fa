import Foundation
public import HuibaoServerCore
import PostgresNIO

/// A database URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require&pool=N]`
/// (`postgresql://` too), as libpq and most tools write it.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// The host name or address.
    public var host: String
    /// The TCP port (5432 by default).
    public var port: Int
    /// The user name.
    public var user: String
    /// The password, if the URL gives one.
    public var password: String?
    /// The database (the user's name by default, as in libpq).
    public var database: String
    /// TLS: `disable`, `prefer` (the default) or `require`.
    public var sslMode: String
    /// The most connections this process opens (`pool=N`, 20 by default).
    public var maximumConnections: Int

    /// Parses a URL.
    ///
    /// - Throws: ``ServerError/storage(_:)`` naming the part at fault.
    public init(parsing text: String) throws(ServerError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme.lowercased())
        else {
            throw .storage(
                "the database URL must look like postgres://USER@HOST:PORT/DATABASE, not \(PostgresURL.redacted(text))")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .storage("the database URL \(PostgresURL.redacted(text)) names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .storage("the database URL \(PostgresURL.redacted(text)) names no user (postgres://USER@HOST/DB)")
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? self.user : path.removingPercentEncoding ?? path
        sslMode = "prefer"
        maximumConnections = 20
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, ["disable", "prefer", "require"].contains(value) else {
                    throw .storage("sslmode in the database URL must be disable, prefer or require")
                }
                sslMode = value
            case "pool":
                guard let value = item.value.flatMap(Int.init), (1...1000).contains(value) else {
                    throw .storage("pool in the database URL must be a number of connections between 1 and 1000")
                }
                maximumConnections = value
            default:
                throw .storage("the database URL has an unknown parameter \(item.name) (known: sslmode, pool)")
            }
        }
    }

    /// The TLS setting for PostgresNIO.
    var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
    }

    /// The URL without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The URL as text, with its password.
    public var urlString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        var items: [URLQueryItem] = []
        if sslMode != "prefer" { items.append(URLQueryItem(name: "sslmode", value: sslMode)) }
        if maximumConnections != 20 { items.append(URLQueryItem(name: "pool", value: String(maximumConnections))) }
        if !items.isEmpty { components.queryItems = items }
        return components.string ?? description
    }

    /// `text` with any password replaced by `***`, for messages.
    static func redacted(_ text: String) -> String {
        guard let components = URLComponents(string: text), components.password != nil else { return text }
        var copy = components
        copy.password = "***"
        return copy.string ?? "(the URL)"
    }
}
