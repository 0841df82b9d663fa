/// The time zone times are shown in: Asia/Shanghai unless configured otherwise.
///
/// Changes carry UTC milliseconds; people read local time. A zone is either a fixed offset
/// (`+08:00`, `UTC`) or a table of transitions read from the system's zoneinfo file
/// (``init(name:tzif:)``), so zones with daylight saving time show the right offset for each
/// date. Asia/Shanghai has kept +08:00 without daylight saving since 1991, so the default needs
/// no file at all.
public struct DisplayTimeZone: Hashable, Sendable {
    /// The name shown to people: `Asia/Shanghai`, `+05:30`.
    public var name: String
    /// The offset before the first transition, in seconds east of UTC.
    var baseOffset: Int
    /// Transition instants (seconds since 1970, ascending) and the offset from each on.
    var transitions: [Transition]

    struct Transition: Hashable, Sendable {
        var at: Int64
        var offset: Int
    }

    /// The zone of the current task.
    @TaskLocal public static var current: DisplayTimeZone = .shanghai

    /// China Standard Time.
    public static let shanghai = DisplayTimeZone(name: "Asia/Shanghai", secondsEast: 8 * 3600)

    /// Coordinated Universal Time.
    public static let utc = DisplayTimeZone(name: "UTC", secondsEast: 0)

    /// A fixed offset.
    public init(name: String, secondsEast: Int) {
        self.name = name
        self.baseOffset = secondsEast
        self.transitions = []
    }

    /// A fixed offset written `+08:00`, `-0530`, `UTC+8`, `UTC`, `GMT`, `Z`; `nil` otherwise.
    public init?(offset text: String) {
        var rest = text.trimmingSpaces
        guard !rest.isEmpty else { return nil }
        for prefix in ["UTC", "GMT"] where rest.uppercased().hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        if rest.isEmpty || rest == "Z" {
            self.init(name: String(text.trimmingSpaces), secondsEast: 0)
            return
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        let hours: Int
        let minutes: Int
        if digits.count <= 2 {
            hours = Int(digits)!
            minutes = 0
        } else {
            hours = Int(digits.dropLast(2))!
            minutes = Int(digits.suffix(2))!
        }
        guard hours <= 14, minutes < 60 else { return nil }
        self.init(
            name: String(text.trimmingSpaces), secondsEast: (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
    }

    /// The offset from UTC at an instant, in seconds east.
    public func secondsEast(atUTCSeconds seconds: Int64) -> Int {
        // The last transition at or before `seconds`.
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle].at <= seconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? baseOffset : transitions[low - 1].offset
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
