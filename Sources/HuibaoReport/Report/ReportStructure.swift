import HuibaoModel

/// The structure of a report derived from its text: title, preamble, parts (一、), sections
/// (（一）) and points (一是, 1., （1）, 首先), with warnings for numbering mistakes.
///
/// The structure never changes the text: a report that says 三是 twice keeps both, and the
/// structure check lists the repetition with its line.
public struct ReportStructure: Hashable, Sendable, Codable {
    /// A numbered heading or point marker.
    public struct Marker: Hashable, Sendable, Codable {
        /// The marker as written (`一、`, `（二）`, `三是`, `1.`).
        public var marker: String
        /// The number it stands for (1-based).
        public var number: Int
        /// The line, 1-based.
        public var line: Int
    }

    /// A section: `（一）` and its heading.
    public struct Section: Hashable, Sendable, Codable {
        /// The numbering.
        public var marker: Marker
        /// The heading text (the line up to its first `。`, without the marker).
        public var heading: String
        /// Whether the heading stands alone on its line (the body starts on the next line).
        public var headingOnly: Bool
        /// The lines the section covers, 1-based and inclusive.
        public var lines: ClosedRange<Int>
        /// The points inside the section.
        public var points: [Marker]
    }

    /// A part: `一、` and its heading.
    public struct Part: Hashable, Sendable, Codable {
        /// The numbering.
        public var marker: Marker
        /// The heading text, without the marker.
        public var heading: String
        /// The lines the part covers, 1-based and inclusive.
        public var lines: ClosedRange<Int>
        /// The sections of the part.
        public var sections: [Section]
        /// The points of the part outside any section.
        public var points: [Marker]
    }

    /// The title line, if the report starts with one.
    public var title: String?
    /// The line of the title.
    public var titleLine: Int?
    /// The preamble's lines (between the title and the first part), if any.
    public var preamble: ClosedRange<Int>?
    /// The parts in order.
    public var parts: [Part]
    /// Numbering mistakes, with lines.
    public var warnings: [ImportNote]

    /// The part and section indices holding `line`.
    public func location(ofLine line: Int) -> (part: Int?, section: Int?) {
        guard let part = parts.lastIndex(where: { $0.lines.contains(line) }) else { return (nil, nil) }
        let section = parts[part].sections.lastIndex { $0.lines.contains(line) }
        return (part, section)
    }
}
