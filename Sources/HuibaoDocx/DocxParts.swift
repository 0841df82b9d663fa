/// The fixed parts of the package ``DocxWriter`` writes, and the XML snippets they share.
enum DocxParts {
    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let namespaces =
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    /// `w:rFonts` naming `font` for every script, so that digits and Latin letters take it too.
    static func fonts(_ font: String) -> String {
        "<w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\" w:cs=\"\(font)\" w:hint=\"eastAsia\"/>"
    }

    static let contentTypes =
        xmlDeclaration
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + override("/word/document.xml", "wordprocessingml.document.main+xml")
        + override("/word/styles.xml", "wordprocessingml.styles+xml")
        + override("/word/settings.xml", "wordprocessingml.settings+xml")
        + override("/word/fontTable.xml", "wordprocessingml.fontTable+xml")
        + override("/word/footer1.xml", "wordprocessingml.footer+xml")
        + override("/word/footer2.xml", "wordprocessingml.footer+xml")
        + "<Override PartName=\"/docProps/core.xml\" "
        + "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        + override("/docProps/app.xml", "extended-properties+xml")
        + "</Types>"

    static func override(_ part: String, _ type: String) -> String {
        "<Override PartName=\"\(part)\" ContentType=\"application/vnd.openxmlformats-officedocument.\(type)\"/>"
    }

    static func relationship(_ id: String, _ type: String, _ target: String) -> String {
        "<Relationship Id=\"\(id)\" Type=\"\(type)\" Target=\"\(target)\"/>"
    }

    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    static let packageRelationships =
        xmlDeclaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + relationship("rId1", officeRelationships + "officeDocument", "word/document.xml")
        + relationship(
            "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml")
        + relationship("rId3", officeRelationships + "extended-properties", "docProps/app.xml")
        + "</Relationships>"

    static let documentRelationships =
        xmlDeclaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + relationship("rId1", officeRelationships + "styles", "styles.xml")
        + relationship("rId2", officeRelationships + "settings", "settings.xml")
        + relationship("rId3", officeRelationships + "fontTable", "fontTable.xml")
        + relationship("rId4", officeRelationships + "footer", "footer1.xml")
        + relationship("rId5", officeRelationships + "footer", "footer2.xml")
        + "</Relationships>"

    static func coreProperties(title: String) -> String {
        var escaped = ""
        for scalar in title.unicodeScalars { appendEscaped(scalar, to: &escaped) }
        return xmlDeclaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>\(escaped)</dc:title>"
            + "<dc:creator>Huibao</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"
    }

    static let appProperties =
        xmlDeclaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Application>Huibao</Application></Properties>"

    static let settings =
        xmlDeclaration
        + "<w:settings \(namespaces)>"
        + "<w:zoom w:percent=\"100\"/><w:evenAndOddHeaders/>"
        + "<w:defaultTabStop w:val=\"640\"/>"
        + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
        + "w:val=\"15\"/></w:compat>"
        + "<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
        + "</w:settings>"

    /// The standard's fonts with the names of common substitutes (`w:altName`), for machines
    /// that have 仿宋 but not 仿宋_GB2312.
    static let fontTable =
        xmlDeclaration
        + "<w:fonts \(namespaces)>"
        + font(OfficialLayout.titleFont, alternative: "宋体")
        + font(OfficialLayout.bodyFont, alternative: "仿宋")
        + font(OfficialLayout.heading1Font, alternative: "SimHei")
        + font(OfficialLayout.heading2Font, alternative: "楷体")
        + font(OfficialLayout.pageNumberFont, alternative: "SimSun")
        + "</w:fonts>"

    static func font(_ name: String, alternative: String) -> String {
        "<w:font w:name=\"\(name)\"><w:altName w:val=\"\(alternative)\"/><w:charset w:val=\"86\"/>"
            + "<w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>"
    }

    /// A paragraph style.
    static func paragraphStyle(
        id: String, name: String, basedOn: String? = "Normal", isDefault: Bool = false, paragraph: String,
        run: String
    ) -> String {
        "<w:style w:type=\"paragraph\"" + (isDefault ? " w:default=\"1\"" : "") + " w:styleId=\"\(id)\">"
            + "<w:name w:val=\"\(name)\"/>" + (basedOn.map { "<w:basedOn w:val=\"\($0)\"/>" } ?? "")
            + (id == "Normal" ? "" : "<w:next w:val=\"Normal\"/>") + "<w:qFormat/>"
            + "<w:pPr>\(paragraph)</w:pPr><w:rPr>\(run)</w:rPr></w:style>"
    }

    static let noIndent = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"

    static let styles: String = {
        let layout = OfficialLayout.self
        let size = { (halfPoints: Int) in "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>" }
        var out = xmlDeclaration + "<w:styles \(namespaces)>"
        out += "<w:docDefaults><w:rPrDefault><w:rPr>" + fonts(layout.bodyFont) + "<w:kern w:val=\"2\"/>"
        out += size(layout.bodySize) + "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>"
        out += "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/>"
        out += "<w:spacing w:line=\"\(layout.linePitch)\" w:lineRule=\"exact\"/><w:jc w:val=\"both\"/>"
        out += "</w:pPr></w:pPrDefault></w:docDefaults>"
        // The body's font and size again in Normal: LibreOffice takes the grid's measures from it.
        out += paragraphStyle(
            id: "Normal", name: "Normal", basedOn: nil, isDefault: true,
            paragraph: "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
            run: fonts(layout.bodyFont) + "<w:spacing w:val=\"\(layout.characterSpacing)\"/>" + size(layout.bodySize))
        out += paragraphStyle(
            id: "Title", name: "Title",
            paragraph:
                "<w:spacing w:after=\"\(layout.linePitch)\" w:line=\"\(layout.linePitch)\" w:lineRule=\"exact\"/>"
                + noIndent + "<w:jc w:val=\"center\"/>",
            run: fonts(layout.titleFont) + size(layout.titleSize))
        out += paragraphStyle(
            id: "Heading1", name: "heading 1", paragraph: "<w:keepNext/><w:outlineLvl w:val=\"0\"/>",
            run: fonts(layout.heading1Font))
        out += paragraphStyle(
            id: "Heading2", name: "heading 2", paragraph: "<w:keepNext/><w:outlineLvl w:val=\"1\"/>",
            run: fonts(layout.heading2Font))
        out += paragraphStyle(
            id: "Note", name: "Note",
            paragraph: "<w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"400\" w:lineRule=\"exact\"/>"
                + noIndent, run: size(layout.smallSize))
        out += paragraphStyle(
            id: "TableText", name: "Table Text",
            paragraph: "<w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"40\" w:after=\"40\" w:line=\"360\" "
                + "w:lineRule=\"exact\"/>" + noIndent, run: size(layout.smallSize))
        out += paragraphStyle(
            id: "Footer", name: "footer",
            paragraph: "<w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"240\" "
                + "w:lineRule=\"auto\"/>" + noIndent,
            run: fonts(layout.pageNumberFont) + size(layout.smallSize))
        out += "<w:style w:type=\"table\" w:styleId=\"HuibaoTable\"><w:name w:val=\"Huibao Table\"/><w:tblPr>"
        out += "<w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        out += "</w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/>"
        out += "</w:tblCellMar></w:tblPr></w:style>"
        out += "</w:styles>"
        return out
    }()

    /// A page-number footer, `— 1 —` in 4号 宋体 (a PAGE field): odd pages on the right and even
    /// pages on the left, one character (14 pt = 280 twips) in.
    static func footer(odd: Bool) -> String {
        let placement =
            odd ? "<w:jc w:val=\"right\"/><w:ind w:right=\"280\"/>" : "<w:jc w:val=\"left\"/><w:ind w:left=\"280\"/>"
        return xmlDeclaration + "<w:ftr \(namespaces)><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>\(placement)</w:pPr>"
            + "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            + "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            + "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    }

    /// Appends `scalar` to XML character data: `&`, `<`, `>` and `"` escaped, and the characters
    /// XML 1.0 cannot hold (control characters other than tab and line breaks, which the caller
    /// handles, and U+FFFE, U+FFFF) left out.
    static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { return }
            out.unicodeScalars.append(scalar)
        }
    }
}
