import HuibaoModel
import HuibaoReport

/// Encodes text as GB18030, to make test inputs.
public enum GB18030 {
    /// The GB18030 bytes of `text`, or `nil` where iconv is unavailable.
    public static func encode(_ text: String) -> [UInt8]? {
        Iconv.convert(Array(text.utf8), from: "UTF-8", to: "GB18030")
    }
}
