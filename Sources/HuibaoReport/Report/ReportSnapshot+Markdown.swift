import HuibaoModel

extension ReportSnapshot {
    /// The report as Markdown: the title as `#`, parts as `##`, sections as `###` (a section whose
    /// body follows its heading on the same line gets the heading, then the body as a paragraph),
    /// other lines as paragraphs. Markdown characters in the text are escaped, so `*` stays `*`.
    public var markdown: String {
        var out: [String] = []
        var headings: [Int: (level: Int, section: ReportStructure.Section?)] = [:]
        if let line = structure.titleLine { headings[line] = (1, nil) }
        for part in structure.parts {
            headings[part.marker.line] = (2, nil)
            for section in part.sections { headings[section.marker.line] = (3, section) }
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            guard let heading = headings[index + 1] else {
                out.append(ReportSnapshot.escape(trimmed))
                continue
            }
            if let section = heading.section, !section.headingOnly {
                out.append("### " + ReportSnapshot.escape(section.marker.marker + section.heading))
                let body = trimmed.unicodeScalars.drop { $0 != "。" }.dropFirst()
                out.append(ReportSnapshot.escape(String(scalars: body)))
            } else {
                out.append(String(repeating: "#", count: heading.level) + " " + ReportSnapshot.escape(trimmed))
            }
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    /// `text` with the characters Markdown would interpret backslash-escaped.
    public static func markdownEscaped(_ text: String) -> String { escape(text) }

    /// Backslash-escapes the characters Markdown would interpret.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if "\\`*_[]<>#|".unicodeScalars.contains(scalar) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }
}
