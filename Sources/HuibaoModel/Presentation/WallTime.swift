/// Formats the wall-clock times changes carry (milliseconds since 1970, UTC) in the time zone
/// people read them in (``DisplayTimeZone/current``, Asia/Shanghai by default).
public enum WallTime {
    /// `2026-11-24 07:58:01`: local time for people, without the zone (CLI output, reports, the
    /// dashboard).
    public static func local(_ milliseconds: Int64) -> String { local(milliseconds, in: .current) }

    /// `2026-11-24 07:58:01` in `zone`.
    public static func local(_ milliseconds: Int64, in zone: DisplayTimeZone) -> String {
        let parts = civil(milliseconds, in: zone)
        return "\(parts.date) \(parts.time)"
    }

    /// `2026-11-24T07:58:01+08:00`: local time with its offset, for machine-readable exports
    /// (JSON, CSV).
    public static func iso8601(_ milliseconds: Int64) -> String { iso8601(milliseconds, in: .current) }

    /// `2026-11-24T07:58:01+08:00` in `zone` (`Z` for UTC).
    public static func iso8601(_ milliseconds: Int64, in zone: DisplayTimeZone) -> String {
        let parts = civil(milliseconds, in: zone)
        let offset = parts.offset
        guard offset != 0 else { return "\(parts.date)T\(parts.time)Z" }
        let minutes = abs(offset) / 60
        return
            "\(parts.date)T\(parts.time)\(offset < 0 ? "-" : "+")\(two(Int64(minutes / 60))):\(two(Int64(minutes % 60)))"
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func civil(_ milliseconds: Int64, in zone: DisplayTimeZone) -> (
        date: String, time: String, offset: Int
    ) {
        // Floor division that cannot overflow, whatever time a change claims.
        let (quotient, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let utcSeconds = remainder < 0 ? quotient - 1 : quotient
        let offset = zone.secondsEast(atUTCSeconds: utcSeconds)
        let seconds = utcSeconds + Int64(offset)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        // Days to civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (
            "\(year)-\(two(month))-\(two(day))", "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))",
            offset
        )
    }
}
