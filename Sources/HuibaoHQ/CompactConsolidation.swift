import HuibaoModel
import HuibaoReport

/// The consolidation as JSON (`format=json`), compact: each report, sentence and change is given
/// once and referred to by its index, and each value is an array in the order of
/// ``valueFields``. For 1,000 units × 50 indicators it is about 3 MB, where the plain encoding of
/// ``Consolidation`` repeats the provenance per value and takes 37 MB. The approved reports'
/// texts are in the md and txt formats (and in HQ's workspace), not here.
///
/// Decode it with `JSONDecoder` into this type; ``Value`` reads the arrays.
public struct CompactConsolidation: Hashable, Sendable, Codable {
    /// The format's name and version, the first key of the document.
    public static let formatName = "huibao-consolidation/2"

    /// One unit's row of the status table.
    public struct Status: Hashable, Sendable, Codable {
        public var unit: String
        public var parent: String?
        public var depth: Int
        public var expected: Bool
        /// `not started`, `draft`, `submitted`, `returned`, `approved`.
        public var state: String
        /// The state for a person, in Chinese like the other formats of the consolidated report:
        /// `已审核，审核后已修改`, `未报送`.
        public var summary: String
        /// Its report, an index into ``reports``.
        public var report: Int?
    }

    /// A change that wrote values.
    public struct ChangeRef: Hashable, Sendable, Codable {
        /// The change's hash, hex.
        public var hash: String
        /// The replica that made it, hex.
        public var author: String?
        /// When, milliseconds since 1970.
        public var wallTime: Int64?
        /// The name of the person who made it (or imported it), if recorded.
        public var person: String?
    }

    /// One value, as an array: `[report, id, label, raw, value, approximate, unit, line,
    /// sentence, change, conflictingValues]` (see ``CompactConsolidation/valueFields``):
    /// `report`, `sentence` and `change` are indices into ``reports``, ``sentences`` and
    /// ``changes``, `label` and `unit` into ``words``; `raw` is `null` when it reads as `value`
    /// does, `approximate` is 0 or 1, and `conflictingValues` is left out when there are none.
    public struct Value: Hashable, Sendable, Codable {
        public var report: Int
        public var id: String
        public var label: Int
        /// The value as written, when it differs from the number (`70余`, `*`).
        public var raw: String?
        public var value: Double?
        public var approximate: Bool
        public var unit: Int
        public var line: Int
        public var sentence: Int
        public var change: Int?
        public var conflictingValues: [String]?

        public init(from decoder: any Decoder) throws {
            var row = try decoder.unkeyedContainer()
            report = try row.decode(Int.self)
            id = try row.decode(String.self)
            label = try row.decode(Int.self)
            raw = try row.decodeIfPresent(String.self)
            value = try row.decodeIfPresent(Double.self)
            approximate = try row.decode(Int.self) != 0
            unit = try row.decode(Int.self)
            line = try row.decode(Int.self)
            sentence = try row.decode(Int.self)
            change = try row.decodeIfPresent(Int.self)
            conflictingValues = row.isAtEnd ? nil : try row.decodeIfPresent([String].self)
        }

        public func encode(to encoder: any Encoder) throws {
            var row = encoder.unkeyedContainer()
            try row.encode(report)
            try row.encode(id)
            try row.encode(label)
            try row.encode(raw)
            try row.encode(value)
            try row.encode(approximate ? 1 : 0)
            try row.encode(unit)
            try row.encode(line)
            try row.encode(sentence)
            try row.encode(change)
            if let conflictingValues { try row.encode(conflictingValues) }
        }

        init(report: Int, metric: MetricFact, label: Int, unit: Int, sentence: Int, change: Int?) {
            self.report = report
            id = metric.id
            self.label = label
            raw = metric.value.map(ConsolidatedReport.number) == metric.raw ? nil : metric.raw
            value = metric.value
            approximate = metric.approximate
            self.unit = unit
            line = metric.line
            self.sentence = sentence
            self.change = change
            conflictingValues = metric.conflictingValues
        }
    }

    /// An indicator's total and every value listed with it.
    public struct Total: Hashable, Sendable, Codable {
        public var indicator: Indicator
        /// The sum of the counted values; `nil` when nothing was counted and values are missing.
        public var total: Double?
        public var approximate: Bool
        /// `[unit, sum]` for each unit of the tree with counted values below it.
        public var subtotals: [IndicatorTotal.Subtotal]
        public var counted: [Value]
        public var missing: [Value]
        public var conflicted: [Value]
        public var unapproved: [Value]
        public var mismatched: [Value]
    }

    /// The names of a value's array positions.
    public static let valueFields = [
        "report", "id", "label", "raw", "value", "approximate", "unit", "line", "sentence", "change",
        "conflictingValues",
    ]

    public var format: String
    public var period: String
    public var kind: String
    public var hq: String
    public var valueFields: [String]
    /// The reports, `unit/period/kind`.
    public var reports: [String]
    /// The labels and measure words of the values.
    public var words: [String]
    public var sentences: [String]
    public var changes: [ChangeRef]
    public var statuses: [Status]
    public var totals: [Total]
    /// The approved reports, indices into ``reports``, in tree order.
    public var approved: [Int]

    /// The compact form of `consolidation`.
    public init(_ consolidation: Consolidation) {
        format = CompactConsolidation.formatName
        period = consolidation.period
        kind = consolidation.kind
        hq = consolidation.hq
        valueFields = CompactConsolidation.valueFields
        var reports: [String] = []
        var reportIndex: [String: Int] = [:]
        func report(_ name: String) -> Int {
            if let index = reportIndex[name] { return index }
            reportIndex[name] = reports.count
            reports.append(name)
            return reports.count - 1
        }
        var sentences: [String] = []
        var sentenceIndex: [String: Int] = [:]
        var words: [String] = []
        var wordIndex: [String: Int] = [:]
        func word(_ text: String) -> Int {
            if let index = wordIndex[text] { return index }
            wordIndex[text] = words.count
            words.append(text)
            return words.count - 1
        }
        var changes: [ChangeRef] = []
        var changeIndex: [ChangeHash: Int] = [:]
        func value(_ contribution: Contribution) -> Value {
            let metric = contribution.metric
            let sentence: Int
            if let known = sentenceIndex[metric.sentence] {
                sentence = known
            } else {
                sentence = sentences.count
                sentenceIndex[metric.sentence] = sentence
                sentences.append(metric.sentence)
            }
            var change: Int?
            if let hash = metric.change {
                if let known = changeIndex[hash] {
                    change = known
                } else {
                    change = changes.count
                    changeIndex[hash] = changes.count
                    changes.append(
                        ChangeRef(hash: hash.description, author: metric.author?.description, wallTime: metric.wallTime)
                    )
                }
            }
            return Value(
                report: report(contribution.report), metric: metric, label: word(metric.label), unit: word(metric.unit),
                sentence: sentence, change: change)
        }
        statuses = consolidation.statuses.map { status in
            Status(
                unit: status.unit, parent: status.parent, depth: status.depth, expected: status.expected,
                state: status.state, summary: Language.$current.withValue(.chinese) { status.summary },
                report: status.workflow == nil
                    ? nil : report("\(status.unit)/\(consolidation.period)/\(consolidation.kind)"))
        }
        totals = consolidation.totals.map { total in
            Total(
                indicator: total.indicator,
                total: total.counted.isEmpty && !total.missing.isEmpty ? nil : total.total,
                approximate: total.approximate, subtotals: total.subtotals, counted: total.counted.map(value),
                missing: total.missing.map(value), conflicted: total.conflicted.map(value),
                unapproved: total.unapproved.map(value), mismatched: total.mismatched.map(value))
        }
        approved = consolidation.approved.map { report($0.name) }
        self.reports = reports
        self.words = words
        self.sentences = sentences
        self.changes = changes
    }

    /// The JSON text, written directly (JSONEncoder takes ten times as long for the same
    /// bytes); `JSONDecoder` reads it back into this type.
    public func json() -> [UInt8] {
        let values = totals.reduce(0) {
            $0 + $1.counted.count + $1.missing.count + $1.conflicted.count + $1.unapproved.count + $1.mismatched.count
        }
        var out = JSONWriter(capacity: 64 * values + sentences.reduce(0) { $0 + $1.utf8.count + 3 } + 4096)
        out.raw("{\"format\":")
        out.string(format)
        for (key, text) in [("period", period), ("kind", kind), ("hq", hq)] {
            out.raw(",\"\(key)\":")
            out.string(text)
        }
        out.raw(",\"valueFields\":")
        out.array(valueFields) { $0.string($1) }
        out.raw(",\n\"reports\":")
        out.array(reports) { $0.string($1) }
        out.raw(",\n\"words\":")
        out.array(words) { $0.string($1) }
        out.raw(",\n\"sentences\":")
        out.array(sentences) { $0.string($1) }
        out.raw(",\n\"changes\":")
        out.array(changes) { out, change in
            out.raw("{\"hash\":")
            out.string(change.hash)
            if let author = change.author {
                out.raw(",\"author\":")
                out.string(author)
            }
            if let wallTime = change.wallTime { out.raw(",\"wallTime\":\(wallTime)") }
            if let person = change.person {
                out.raw(",\"person\":")
                out.string(person)
            }
            out.raw("}")
        }
        out.raw(",\n\"statuses\":")
        out.array(statuses) { out, status in
            out.raw("{\"unit\":")
            out.string(status.unit)
            if let parent = status.parent {
                out.raw(",\"parent\":")
                out.string(parent)
            }
            out.raw(",\"depth\":\(status.depth),\"expected\":\(status.expected),\"state\":")
            out.string(status.state)
            out.raw(",\"summary\":")
            out.string(status.summary)
            if let report = status.report { out.raw(",\"report\":\(report)") }
            out.raw("}")
        }
        out.raw(",\n\"totals\":")
        out.array(totals) { out, total in
            out.raw("{\"indicator\":{\"id\":")
            out.string(total.indicator.id)
            out.raw(",\"name\":")
            out.string(total.indicator.name)
            out.raw(",\"unit\":")
            out.string(total.indicator.unit)
            out.raw(",\"labels\":")
            out.array(total.indicator.labels) { $0.string($1) }
            if !total.indicator.exclusions.isEmpty {
                out.raw(",\"exclusions\":")
                out.array(total.indicator.exclusions) { $0.string($1) }
            }
            out.raw("},\"total\":")
            out.number(total.total)
            out.raw(",\"approximate\":\(total.approximate),\"subtotals\":")
            out.array(total.subtotals) { out, subtotal in
                out.raw("{\"unit\":")
                out.string(subtotal.unit)
                out.raw(",\"total\":")
                out.number(subtotal.total)
                out.raw("}")
            }
            for (key, values) in [
                ("counted", total.counted), ("missing", total.missing), ("conflicted", total.conflicted),
                ("unapproved", total.unapproved), ("mismatched", total.mismatched),
            ] {
                out.raw(",\n\"\(key)\":")
                out.array(values) { out, value in
                    out.raw("[")
                    out.int(value.report)
                    out.raw(",")
                    out.string(value.id)
                    out.raw(",")
                    out.int(value.label)
                    out.raw(",")
                    if let raw = value.raw { out.string(raw) } else { out.raw("null") }
                    out.raw(",")
                    out.number(value.value)
                    out.raw(value.approximate ? ",1," : ",0,")
                    for number in [value.unit, value.line, value.sentence] {
                        out.int(number)
                        out.raw(",")
                    }
                    if let change = value.change { out.int(change) } else { out.raw("null") }
                    if let values = value.conflictingValues {
                        out.raw(",")
                        out.array(values) { $0.string($1) }
                    }
                    out.raw("]")
                }
            }
            out.raw("}")
        }
        out.raw(",\n\"approved\":[\(approved.map(String.init).joined(separator: ","))]}\n")
        return out.bytes
    }
}
