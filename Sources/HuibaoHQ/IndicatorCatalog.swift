import HuibaoModel
import HuibaoReport

/// The indicators HQ sums, and how a report's metric is matched to one of them.
///
/// A catalogue is a text file, one indicator per line, fields separated by `|`:
///
/// ```
/// # id | name | unit | label words (comma or 、 separated; !word excludes)
/// talks | 廉政约谈 | 次 | 廉政约谈, 集体廉政约谈
/// study | 集体学习 | 次 | 集体学习, !廉政
/// ```
///
/// A metric matches the indicator whose label word is the longest one contained in the metric's
/// label, among the indicators with the metric's measure word (so `讲党课 3期` and `讲党课 40人次`
/// can be two indicators), unless the label contains one of the indicator's exclusions. If only
/// an indicator with another measure word matches, the match is reported as a mismatch (人 vs
/// 人次) and never added. A label naming a comparison or a sum (``notCounted``: 去年同期, 同比,
/// 合计, …, as table rows and columns name them) matches no indicator: its value is not this
/// period's count, or is counted already.
public struct IndicatorCatalog: Hashable, Sendable, Codable {
    /// The indicators, in file order.
    public var indicators: [Indicator]

    /// Creates a catalogue.
    public init(indicators: [Indicator]) {
        self.indicators = indicators
    }

    /// How a metric relates to the catalogue.
    public enum Match: Hashable, Sendable {
        /// The metric counts this indicator.
        case indicator(Indicator)
        /// The label matches but the measure word does not.
        case unitMismatch(Indicator, found: String)
    }

    /// Words that make a label a comparison (`廉政约谈（去年同期）`) or a sum of values listed
    /// beside it (`廉政约谈（合计）`): never counted.
    public static let notCounted = ["去年", "上年", "同期", "同比", "环比", "合计", "总计", "小计"]

    /// The indicator a metric with this label and measure word counts, if any.
    public func match(label: String, unit: String) -> Match? {
        if IndicatorCatalog.notCounted.contains(where: label.contains) { return nil }
        var best: (indicator: Indicator, length: Int)?
        var bestOtherUnit: (indicator: Indicator, length: Int)?
        for indicator in indicators {
            guard let length = indicator.matchLength(of: label) else { continue }
            if indicator.unit == unit {
                if length > best?.length ?? 0 { best = (indicator, length) }
            } else if length > bestOtherUnit?.length ?? 0 {
                bestOtherUnit = (indicator, length)
            }
        }
        if let best { return .indicator(best.indicator) }
        return bestOtherUnit.map { .unitMismatch($0.indicator, found: unit) }
    }

    /// Parses a catalogue file.
    ///
    /// - Parameter source: the file's name, for error messages.
    /// - Throws: ``CatalogError`` naming the file, line and field.
    public init(parsing text: String, source: String) throws(CatalogError) {
        var indicators: [Indicator] = []
        var seen: [String: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let content = rawLine.trimmingWhitespace()
            if content.isEmpty || content.hasPrefix("#") { continue }
            let fields = content.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingWhitespace()
            }
            guard fields.count == 4 else {
                throw CatalogError(
                    source: source, line: line, field: nil,
                    reason: "expected 4 fields separated by | (id | name | unit | labels), found \(fields.count)")
            }
            for (index, name) in ["id", "name", "unit", "labels"].enumerated() where fields[index].isEmpty {
                throw CatalogError(source: source, line: line, field: name, reason: "is empty")
            }
            if let first = seen[fields[0]] {
                throw CatalogError(
                    source: source, line: line, field: "id",
                    reason: "\"\(fields[0])\" is already defined on line \(first)")
            }
            seen[fields[0]] = line
            let words = fields[3].split(whereSeparator: { $0 == "," || $0 == "、" || $0 == "，" })
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            let exclusions = words.filter { $0.hasPrefix("!") || $0.hasPrefix("！") }.map { String($0.dropFirst()) }
            let labels = words.filter { !($0.hasPrefix("!") || $0.hasPrefix("！")) }
            guard !labels.isEmpty, !exclusions.contains(where: \.isEmpty) else {
                throw CatalogError(
                    source: source, line: line, field: "labels",
                    reason: labels.isEmpty
                        ? "names only exclusions (!word); give at least one label word" : "has a ! without a word")
            }
            indicators.append(
                Indicator(id: fields[0], name: fields[1], unit: fields[2], labels: labels, exclusions: exclusions))
        }
        guard !indicators.isEmpty else {
            throw CatalogError(source: source, line: nil, field: nil, reason: "defines no indicator")
        }
        self.init(indicators: indicators)
    }

    /// The catalogue's text, as ``init(parsing:source:)`` reads it.
    public var text: String {
        (["# id | name | unit | label words"]
            + indicators.map {
                "\($0.id) | \($0.name) | \($0.unit) | \(($0.labels + $0.exclusions.map { "!" + $0 }).joined(separator: ", "))"
            })
            .joined(separator: "\n") + "\n"
    }
}

/// Why a catalogue file was refused.
public struct CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var source: String
    /// The line, 1-based, when one is at fault.
    public var line: Int?
    /// The field at fault.
    public var field: String?
    /// What is wrong.
    public var reason: String

    public var description: String {
        var place = source
        if let line { place += ":\(line)" }
        if let field { place += ": field \(field)" }
        return "\(place): \(reason)"
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs (ASCII and full-width).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
