/// A dashboard session or a one-time login code, kept in the storage with its expiry so that
/// any server process can check it.
public struct SessionRecord: Hashable, Sendable {
    /// What the record opens.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A dashboard session (the cookie's value).
        case session
        /// A one-time code that opens a session (`GET /dashboard/login?code=…`), used up once read.
        case loginCode = "login-code"
    }

    /// The random id (the cookie value or the code).
    public var id: String
    /// What it is.
    public var kind: Kind
    /// The HQ unit it belongs to.
    public var unit: String
    /// When it expires, milliseconds since 1970.
    public var expires: Int64

    /// Creates a record.
    public init(id: String, kind: Kind, unit: String, expires: Int64) {
        self.id = id
        self.kind = kind
        self.unit = unit
        self.expires = expires
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SessionRecord {
    /// Milliseconds since 1970, the clock of expiries.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
