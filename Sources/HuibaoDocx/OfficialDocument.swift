/// A document as ``DocxWriter`` lays it out in the official-document format: a title, then
/// paragraphs and tables, each paragraph with a role that picks its font.
///
/// Build one from a report (``init(snapshot:appendix:)``) or from HQ's consolidated report
/// (``init(consolidation:)``), or assemble one directly.
///
/// ## Topics
/// ### Building
/// - ``init(title:blocks:)``
/// - ``init(snapshot:appendix:)``
/// - ``init(consolidation:)``
public struct OfficialDocument: Hashable, Sendable {
    /// What a paragraph is, which decides its font (GB/T 9704-2012).
    public enum Role: Hashable, Sendable {
        /// The title: 2号 方正小标宋简体, centred.
        case title
        /// Body text: 3号 仿宋_GB2312, first line indented two characters.
        case body
        /// A first-level heading (`一、`): 3号 黑体.
        case heading1
        /// A second-level heading (`（一）`): 3号 楷体_GB2312.
        case heading2
        /// A note in smaller type (4号 仿宋_GB2312, no indent): provenance, lists after the text.
        case note
    }

    /// How a run of text is marked for the reader.
    public enum Mark: Hashable, Sendable {
        /// Plain text.
        case plain
        /// In the font of a second-level heading (the heading sentence of a `（一）` line that
        /// goes on with body text).
        case heading2
        /// Values two people wrote concurrently: red on yellow, bold.
        case conflict
        /// A value not filled in yet (`*`): red on yellow.
        case missing
        /// Bold.
        case strong
    }

    /// A stretch of text with one mark. Tabs stay tabs; text holds no line breaks.
    public struct Run: Hashable, Sendable {
        /// The text.
        public var text: String
        /// Its mark.
        public var mark: Mark

        /// Creates a run.
        public init(_ text: String, _ mark: Mark = .plain) {
            self.text = text
            self.mark = mark
        }
    }

    /// A paragraph: one line of the report.
    public struct Paragraph: Hashable, Sendable {
        /// Its role.
        public var role: Role
        /// Its runs.
        public var runs: [Run]

        /// Creates a paragraph.
        public init(_ role: Role, _ runs: [Run]) {
            self.role = role
            self.runs = runs
        }

        /// The paragraph's text.
        public var text: String { runs.map(\.text).joined() }
    }

    /// A table with a header row; cells are runs, numbers right-aligned.
    public struct Table: Hashable, Sendable {
        /// One cell.
        public struct Cell: Hashable, Sendable {
            /// The cell's runs.
            public var runs: [Run]
            /// Whether the cell holds a number (right-aligned).
            public var numeric: Bool

            /// Creates a cell.
            public init(_ runs: [Run], numeric: Bool = false) {
                self.runs = runs
                self.numeric = numeric
            }

            /// A cell of plain text.
            public init(_ text: String, numeric: Bool = false, mark: Mark = .plain) {
                self.init([Run(text, mark)], numeric: numeric)
            }
        }

        /// The header row (bold, repeated on each page).
        public var header: [String]
        /// The rows.
        public var rows: [[Cell]]
        /// The relative widths of the columns (any scale); equal when empty.
        public var widths: [Int]

        /// Creates a table.
        public init(header: [String], rows: [[Cell]], widths: [Int] = []) {
            self.header = header
            self.rows = rows
            self.widths = widths
        }
    }

    /// A paragraph or a table.
    public enum Block: Hashable, Sendable {
        /// A paragraph.
        case paragraph(Paragraph)
        /// A table.
        case table(Table)
    }

    /// The blocks, in order (a title is a paragraph with role ``Role/title``).
    public var blocks: [Block]

    /// A document of `blocks`, with `title` first when given.
    public init(title: String? = nil, blocks: [Block]) {
        self.blocks = (title.map { [.paragraph(Paragraph(.title, [Run($0)]))] } ?? []) + blocks
    }
}
