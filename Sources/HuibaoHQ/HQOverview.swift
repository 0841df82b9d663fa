/// HQ's overview: every period and kind it has reports or expectations for, and each unit's
/// state in each.
public struct HQOverview: Hashable, Sendable, Codable {
    /// One column of the status matrix.
    public struct Column: Hashable, Sendable, Codable {
        /// The period.
        public var period: String
        /// The kind.
        public var kind: String

        /// Creates a column.
        public init(period: String, kind: String) {
            self.period = period
            self.kind = kind
        }
    }

    /// One unit's row.
    public struct Row: Hashable, Sendable, Codable {
        /// The unit.
        public var unit: String
        /// Its depth below HQ (1 for HQ's direct children).
        public var depth: Int
        /// Its status per column, `nil` when it is not expected and has no report.
        public var cells: [UnitStatus?]

        /// Creates a row.
        public init(unit: String, depth: Int, cells: [UnitStatus?]) {
            self.unit = unit
            self.depth = depth
            self.cells = cells
        }
    }

    /// The HQ unit.
    public var hq: String
    /// The columns, by period then kind.
    public var columns: [Column]
    /// The units below HQ, in tree order.
    public var rows: [Row]

    /// Creates an overview.
    public init(hq: String, columns: [Column], rows: [Row]) {
        self.hq = hq
        self.columns = columns
        self.rows = rows
    }
}
