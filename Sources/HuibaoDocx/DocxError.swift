import HuibaoModel
import HuibaoReport

/// Why a Word document could not be read or written. Nothing is imported when one is thrown.
///
/// Every case names the file (`source`), and its ``description`` is one line in the current
/// ``Language`` that says what to do.
public enum DocxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is not a zip archive (a Word 2007+ document is one), or its zip structure is damaged.
    case notZip(source: String)
    /// The file is an OLE compound file holding an encrypted package: a document with an opening
    /// password.
    case encrypted(source: String)
    /// The file is an OLE compound file that is not encrypted: a Word 97–2003 document (.doc)
    /// renamed, and LibreOffice is not installed to convert it.
    case legacyFormat(source: String)
    /// A part the document needs is missing (`word/document.xml`).
    case missingPart(source: String, part: String)
    /// A part could not be unpacked (a checksum or compression error) or is larger than
    /// ``DocxReader/maximumPartSize``.
    case damagedPart(source: String, part: String, reason: String)
    /// A part is not well-formed XML.
    case malformedXML(source: String, part: String, line: Int, reason: String)
    /// The document holds no text.
    case empty(source: String)
    /// A `.doc` or `.wps` file and no `soffice` on the PATH to convert it.
    case converterMissing(source: String)
    /// `soffice --convert-to docx` failed.
    case conversionFailed(source: String, reason: String)
    /// The file's extension is not one of a Word document's.
    case unsupportedExtension(source: String, extension: String)
    /// Writing the package failed (the zip library refused an entry).
    case cannotWrite(part: String, reason: String)

    public var description: String {
        switch self {
        case .notZip(let source):
            Language.text(
                "\(source)：不是有效的 Word 文档（.docx 应为 zip 格式，文件可能已损坏或并非 Word 文档）；请用 Word 或 WPS 重新另存为 .docx",
                "\(source): not a valid Word document (a .docx is a zip archive; the file is damaged or not a Word "
                    + "document); save it again as .docx in Word or WPS")
        case .encrypted(let source):
            Language.text(
                "\(source)：文档已加密（设有打开密码），无法读取；请在 Word 或 WPS 中取消密码后另存为 .docx",
                "\(source): the document is encrypted (it has an opening password); remove the password in Word "
                    + "or WPS and save it again as .docx")
        case .legacyFormat(let source):
            Language.text(
                "\(source)：这是 Word 97-2003 格式（.doc）的文件；请安装 LibreOffice（soffice）以自动转换，或在 Word 或 WPS 中另存为 .docx",
                "\(source): this is a Word 97-2003 (.doc) file; install LibreOffice (soffice) to convert it "
                    + "automatically, or save it as .docx in Word or WPS")
        case .missingPart(let source, let part):
            Language.text(
                "\(source)：Word 文档缺少 \(part)，文件可能已损坏；请用 Word 或 WPS 重新另存为 .docx",
                "\(source): the Word document has no \(part); the file may be damaged; save it again as .docx")
        case .damagedPart(let source, let part, let reason):
            Language.text(
                "\(source)：无法解压 \(part)（\(reason)），文件可能已损坏；请用 Word 或 WPS 重新另存为 .docx",
                "\(source): cannot unpack \(part) (\(reason)); the file may be damaged; save it again as .docx")
        case .malformedXML(let source, let part, let line, let reason):
            Language.text(
                "\(source)：\(part) 第\(line)行不是有效的 XML（\(reason)），文件可能已损坏；请用 Word 或 WPS 重新另存为 .docx",
                "\(source): \(part) is not well-formed XML at line \(line) (\(reason)); the file may be damaged; "
                    + "save it again as .docx")
        case .empty(let source):
            Language.text("\(source)：Word 文档中没有文字", "\(source): the Word document holds no text")
        case .converterMissing(let source):
            Language.text(
                "\(source)：读取 .doc 或 .wps 文件需要 LibreOffice（soffice）；请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui），或在 Word 或 WPS 中另存为 .docx",
                "\(source): reading a .doc or .wps file needs LibreOffice (soffice); install it (e.g. apt-get "
                    + "install libreoffice-writer-nogui), or save the file as .docx in Word or WPS")
        case .conversionFailed(let source, let reason):
            Language.text(
                "\(source)：LibreOffice 无法将文件转换为 .docx（\(reason)）；请在 Word 或 WPS 中另存为 .docx",
                "\(source): LibreOffice could not convert the file to .docx (\(reason)); save it as .docx in "
                    + "Word or WPS")
        case .unsupportedExtension(let source, let fileExtension):
            Language.text(
                "\(source)：不支持 .\(fileExtension) 文件；Word 文档应为 .docx、.doc 或 .wps",
                "\(source): .\(fileExtension) files are not supported; a Word document is .docx, .doc or .wps")
        case .cannotWrite(let part, let reason):
            Language.text(
                "无法生成 Word 文档：写入 \(part) 失败（\(reason)）",
                "cannot make the Word document: writing \(part) failed (\(reason))")
        }
    }
}
