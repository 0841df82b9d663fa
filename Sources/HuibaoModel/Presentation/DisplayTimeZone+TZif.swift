extension DisplayTimeZone {
    /// A zone read from the bytes of a zoneinfo (TZif, RFC 8536) file such as
    /// `/usr/share/zoneinfo/Europe/Berlin`; `nil` when the bytes are not one.
    ///
    /// The 64-bit data block of version 2+ files is used when present. Instants after the last
    /// transition keep the last offset (the file's footer rule is not evaluated), which is right
    /// for zones without daylight saving time and for the years the file lists.
    public init?(name: String, tzif bytes: [UInt8]) {
        guard let first = TZifBlock(bytes, at: 0, timeSize: 4) else { return nil }
        var block = first
        if bytes[4] >= UInt8(ascii: "2"), let second = TZifBlock(bytes, at: first.end, timeSize: 8) {
            block = second
        }
        guard let parsed = block.transitions(in: bytes) else { return nil }
        self.name = name
        self.baseOffset = parsed.base
        self.transitions = parsed.transitions
    }
}

/// The counts and layout of one data block of a TZif file.
private struct TZifBlock {
    var start: Int
    var timeSize: Int
    var isUTCCount: Int
    var isStandardCount: Int
    var leapCount: Int
    var timeCount: Int
    var typeCount: Int
    var characterCount: Int

    init?(_ bytes: [UInt8], at start: Int, timeSize: Int) {
        guard bytes.count >= start + 44, bytes[start..<start + 4].elementsEqual("TZif".utf8) else { return nil }
        func count(_ index: Int) -> Int { Int(TZifBlock.int32(bytes, start + 20 + 4 * index)) }
        self.start = start
        self.timeSize = timeSize
        isUTCCount = count(0)
        isStandardCount = count(1)
        leapCount = count(2)
        timeCount = count(3)
        typeCount = count(4)
        characterCount = count(5)
        guard [isUTCCount, isStandardCount, leapCount, timeCount, typeCount, characterCount].allSatisfy({ $0 >= 0 }),
            typeCount > 0, end <= bytes.count
        else { return nil }
    }

    var dataStart: Int { start + 44 }
    var end: Int {
        dataStart + timeCount * (timeSize + 1) + typeCount * 6 + characterCount + leapCount * (timeSize + 4)
            + isStandardCount + isUTCCount
    }

    func transitions(in bytes: [UInt8]) -> (base: Int, transitions: [DisplayTimeZone.Transition])? {
        let indices = dataStart + timeCount * timeSize
        let types = indices + timeCount
        func offset(ofType type: Int) -> Int? {
            guard type < typeCount else { return nil }
            return Int(TZifBlock.int32(bytes, types + 6 * type))
        }
        var result: [DisplayTimeZone.Transition] = []
        result.reserveCapacity(timeCount)
        for index in 0..<timeCount {
            let position = dataStart + index * timeSize
            let at = timeSize == 8 ? TZifBlock.int64(bytes, position) : Int64(TZifBlock.int32(bytes, position))
            guard let offset = offset(ofType: Int(bytes[indices + index])) else { return nil }
            result.append(.init(at: at, offset: offset))
        }
        // RFC 8536: local time before the first transition uses the first type (type 0).
        guard let base = offset(ofType: 0) else { return nil }
        return (base, result)
    }

    static func int32(_ bytes: [UInt8], _ at: Int) -> Int32 {
        Int32(bitPattern: bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) })
    }

    static func int64(_ bytes: [UInt8], _ at: Int) -> Int64 {
        Int64(bitPattern: bytes[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) })
    }
}

extension DisplayTimeZone {
    /// The zone a setting names (`HUIBAO_TIMEZONE`, `huibao --timezone`): a fixed offset
    /// (`+08:00`, `UTC`) or a zoneinfo name (`Asia/Urumqi`), whose file `zoneinfo` reads (the
    /// model does no I/O: the caller passes the reading). `nil` when neither.
    public static func named(_ setting: String, zoneinfo: (String) -> [UInt8]?) -> DisplayTimeZone? {
        if let fixed = DisplayTimeZone(offset: setting) { return fixed }
        let name = String(setting.trimmingSpaces)
        guard !name.isEmpty, !name.contains(".."), !name.hasPrefix("/"),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_-+".contains($0)) })
        else { return nil }
        if let bytes = zoneinfo(name), let zone = DisplayTimeZone(name: name, tzif: bytes) { return zone }
        return ["Asia/Shanghai", "PRC", "Asia/Chongqing", "Asia/Harbin"].contains(name) ? .shanghai : nil
    }
}

extension DisplayTimeZone {
    /// The zone `HUIBAO_TIMEZONE` names, Asia/Shanghai when it is unset or empty; `nil` when it
    /// names nothing we can read (the caller says so and keeps the default).
    public static func configured(
        environment: [String: String], zoneinfo: (String) -> [UInt8]?
    ) -> DisplayTimeZone? {
        guard let setting = environment["HUIBAO_TIMEZONE"], !setting.trimmingSpaces.isEmpty else { return .shanghai }
        return named(setting, zoneinfo: zoneinfo)
    }
}
