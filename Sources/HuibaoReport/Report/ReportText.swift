import HuibaoModel

/// Turns the bytes of a report file into normalised text, listing every change it makes.
///
/// Accepted: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (what
/// Windows Notepad saves as "Unicode"), and GB18030 (tried when the bytes are not UTF-8). A NUL
/// character is refused (the text would end there for most tools). Normalisations, each reported as an ``ImportNote``: the BOM is removed, CRLF and CR
/// become LF, and copy-paste junk markers (`##paidbegin##`, `##paidend##`, and any
/// `##word##` token of ASCII letters) are removed — whole lines when they stand alone. Nothing
/// else of the author's text changes.
public struct ReportText: Hashable, Sendable {
    /// The normalised text.
    public var text: String
    /// What was changed, in order.
    public var notes: [ImportNote]

    /// Decodes and normalises `bytes`; `source` names the file in errors.
    ///
    /// - Throws: ``ReportImportError`` when the bytes are neither UTF-8 nor GB18030.
    public init(bytes: [UInt8], source: String) throws(ReportImportError) {
        var notes: [ImportNote] = []
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
            notes.append(
                ImportNote(
                    kind: .removedByteOrderMark, line: 0,
                    message: Language.text("已删除 UTF-8 字节顺序标记（BOM）", "removed the UTF-8 byte-order mark")))
        }
        var decoded: String
        if let (text, note) = ReportText.decodeUTF16(body) {
            decoded = text
            notes.append(note)
        } else if let text = String(validating: body, as: UTF8.self) {
            decoded = text
        } else {
            let offset = ReportText.firstInvalidUTF8(body) + (bytes.count - body.count)
            guard let text = ReportText.decodeGB18030(Array(body)) else {
                throw .undecodable(source: source, offset: offset, reason: ReportImportError.notUTF8NorGB18030)
            }
            decoded = text
            notes.append(
                ImportNote(
                    kind: .convertedFromGB18030, line: 0,
                    message: Language.text("已从 GB18030 转换为 UTF-8", "converted from GB18030 to UTF-8")))
        }
        if decoded.containsUTF8Byte(UInt8(ascii: "\r")) {
            decoded = decoded.replacingCRLF()
            notes.append(
                ImportNote(
                    kind: .normalizedLineEndings, line: 0,
                    message: Language.text("已将 CRLF/CR 换行符转换为 LF", "converted CRLF/CR line endings to LF")))
        }
        if decoded.containsUTF8Byte(0), let nul = decoded.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = decoded.unicodeScalars[..<nul].reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
            throw .nulCharacter(source: source, line: line)
        }
        let (stripped, junk) = ReportText.stripJunk(decoded)
        notes.append(contentsOf: junk)
        guard stripped.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .empty(source: source)
        }
        text = stripped
        self.notes = notes
    }

    /// Creates a report text from a string already in memory (no byte-level normalisation).
    public init(text: String) {
        let (stripped, junk) = ReportText.stripJunk(text.replacingCRLF())
        self.text = stripped
        self.notes = junk
    }

    /// The text of UTF-16 bytes that start with a byte-order mark (little- or big-endian), and
    /// the note saying so; `nil` for bytes without one or that are not valid UTF-16.
    static func decodeUTF16(_ bytes: ArraySlice<UInt8>) -> (String, ImportNote)? {
        guard bytes.count >= 2, bytes.count % 2 == 0 else { return nil }
        let first = bytes[bytes.startIndex]
        let second = bytes[bytes.startIndex + 1]
        let littleEndian: Bool
        switch (first, second) {
        case (0xFF, 0xFE): littleEndian = true
        case (0xFE, 0xFF): littleEndian = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 - 1)
        var index = bytes.startIndex + 2
        while index < bytes.endIndex {
            let (low, high) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(littleEndian ? low | high << 8 : high | low << 8)
            index += 2
        }
        guard let text = String(validating: units, as: UTF16.self) else { return nil }
        let note = ImportNote(
            kind: .convertedFromUTF16, line: 0,
            message: Language.text(
                "已从 UTF-16\(littleEndian ? "LE" : "BE")（Windows 记事本的“Unicode”）转换为 UTF-8",
                "converted from UTF-16\(littleEndian ? "LE" : "BE") (Windows Notepad's \"Unicode\") to UTF-8"))
        return (text, note)
    }

    /// The offset of the first byte that is not part of valid UTF-8.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// Decodes GB18030 (through iconv), or returns `nil` if the bytes are not GB18030.
    static func decodeGB18030(_ bytes: [UInt8]) -> String? {
        // GB18030 never takes more than twice as many bytes in UTF-8.
        Iconv.convert(bytes, from: "GB18030", to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// The first words of the list of conflicts `huibao export` writes after a conflicted report's
    /// text (in either language): that list is not part of the report.
    public static let conflictListMarkers = ["———— 待处理的冲突：", "---- conflicts to resolve: "]

    /// Removes `##word##` junk markers and a conflict list `huibao export` added, reporting each
    /// with its line.
    static func stripJunk(_ text: String) -> (String, [ImportNote]) {
        var text = text
        var listNote: [ImportNote] = []
        if let marker = conflictListMarkers.first(where: { text.hasLine(startingWith: Array($0.utf8)) }) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if let index = lines.firstIndex(where: { $0.hasPrefix(marker) }) {
                // The export wrote the text, a line break, then the list: the lines before the
                // list are exactly the text.
                text = lines[..<index].joined(separator: "\n")
                listNote = [
                    ImportNote(
                        kind: .strippedJunk, line: index + 1,
                        message: Language.text(
                            "已略去 huibao export 附在正文后的冲突清单（第\(index + 1)行起）",
                            "left out the list of conflicts huibao export put after the text (from line \(index + 1))"))
                ]
            }
        }
        let (stripped, junk) = stripMarkers(text)
        return (stripped, junk + listNote)
    }

    /// Removes `##word##` junk markers, reporting each with its line.
    static func stripMarkers(_ text: String) -> (String, [ImportNote]) {
        guard text.containsUTF8Byte(UInt8(ascii: "#")) else { return (text, []) }
        var notes: [ImportNote] = []
        var lines: [Substring] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.junkMarkerRange() != nil else {
                lines.append(line)
                continue
            }
            // A line of its own: removing from a substring copied the whole text each time (a
            // 10 MB report with 800 markers took 4 GB).
            var kept = String(line)
            var removed: [String] = []
            while let range = kept.junkMarkerRange() {
                removed.append(String(kept[range]))
                kept.removeSubrange(range)
            }
            let wholeLine = kept.allSatisfy(\.isWhitespace)
            notes.append(
                ImportNote(
                    kind: .strippedJunk, line: index + 1,
                    message: Language.text(
                        "已删除 \(removed.joined(separator: " "))" + (wholeLine ? "（整行）" : ""),
                        "removed \(removed.joined(separator: " "))" + (wholeLine ? " (whole line)" : ""))))
            if !wholeLine { lines.append(Substring(kept)) }
        }
        return (lines.joined(separator: "\n"), notes)
    }
}

extension StringProtocol {
    /// The range of the first `##letters##` marker, if any.
    func junkMarkerRange() -> Range<Index>? {
        var search = startIndex
        while let open = self[search...].firstRange(of: "##") {
            var cursor = open.upperBound
            while cursor < endIndex, self[cursor].isASCII, self[cursor].isLetter { cursor = index(after: cursor) }
            if cursor > open.upperBound, self[cursor...].hasPrefix("##") {
                return open.lowerBound..<index(cursor, offsetBy: 2)
            }
            search = open.upperBound
        }
        return nil
    }
}

extension String {
    /// The text with CRLF and lone CR turned into LF.
    func replacingCRLF() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
            } else {
                if !(previousCR && scalar == "\n") { out.append(scalar) }
                previousCR = false
            }
        }
        return String(out)
    }
}
