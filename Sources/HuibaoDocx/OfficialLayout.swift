/// The page and type of GB/T 9704-2012 (党政机关公文格式), in Word's units.
///
/// Word measures in twentieths of a point (twips; 1 mm = 56.7 twips) and font sizes in half
/// points. The standard's numbers:
/// - A4 paper, 210 × 297 mm; margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, which
///   leave the type area of 156 × 225 mm;
/// - 22 lines a page, 28 characters a line: the line pitch is 225 mm / 22 = 28.95 pt
///   (579 twips, exact line spacing on a line grid), the character pitch 156 mm / 28 = 15.79 pt,
///   a little less than the 3号 (16 pt) body type: the body is condensed by 0.5 pt a character
///   (28 × 15.5 pt = 434 pt fit the 442.2 pt line, 29 do not; justification spreads the rest;
///   at 0.25 pt LibreOffice drops a comma that hangs at a line's end). A character grid
///   (`w:docGrid w:type="linesAndChars"` with a negative `w:charSpace`) would say the same to
///   Word, but LibreOffice gives every character wider than a grid cell two cells (14 a line);
///   condensed spacing reads the same in Word, WPS and LibreOffice;
/// - title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312 with a two-character
///   first-line indent; first-level headings (一、) 黑体, second-level headings (（一）)
///   楷体_GB2312; page numbers 4号 (14 pt) 宋体 as `— 1 —`, odd pages on the right and even
///   pages on the left, one character in from the edge of the type area, 7 mm below it.
public enum OfficialLayout {
    /// A4 width and height, twips.
    public static let pageWidth = 11906
    /// A4 height, twips.
    public static let pageHeight = 16838
    /// Margins, twips: 37 mm.
    public static let marginTop = 2098
    /// 35 mm.
    public static let marginBottom = 1984
    /// 28 mm.
    public static let marginLeft = 1587
    /// 26 mm.
    public static let marginRight = 1474
    /// From the bottom edge of the page to the page number's baseline area: 35 mm − 7 mm − the
    /// 4号 line (≈ 5 mm) ≈ 23 mm.
    public static let footerDistance = 1304
    /// The line pitch, twips: 28.95 pt (22 lines in 225 mm).
    public static let linePitch = 579
    /// The body's character spacing, twentieths of a point: −0.5 pt, so that 28 characters of
    /// 3号 fill a line.
    public static let characterSpacing = -10
    /// The width of the type area, twips.
    public static var typeAreaWidth: Int { pageWidth - marginLeft - marginRight }

    /// Font sizes in half points: 2号 22 pt, 3号 16 pt, 4号 14 pt.
    public static let titleSize = 44
    /// 3号.
    public static let bodySize = 32
    /// 4号.
    public static let smallSize = 28

    /// The fonts the standard names.
    public static let titleFont = "方正小标宋简体"
    /// 仿宋_GB2312.
    public static let bodyFont = "仿宋_GB2312"
    /// 黑体.
    public static let heading1Font = "黑体"
    /// 楷体_GB2312.
    public static let heading2Font = "楷体_GB2312"
    /// 宋体.
    public static let pageNumberFont = "宋体"
}
