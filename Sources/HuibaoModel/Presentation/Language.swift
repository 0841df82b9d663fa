/// The language of what people read: messages, statuses, notes.
///
/// Clerks and HQ staff read Chinese; English is there for developers and for anyone who asks for
/// it (`huibao --lang en`, `LANG=en_US.UTF-8`). The language is a task-local value, so the
/// executables choose it once at their entry point and tests can choose it per test:
///
/// ```swift
/// Language.$current.withValue(.english) { print(error) }
/// ```
///
/// Stable machine keys (JSON keys, CSV headers, wire codes) are never translated.
public enum Language: String, Hashable, Sendable, CaseIterable {
    /// 简体中文, the default.
    case chinese = "zh"
    /// English.
    case english = "en"

    /// The language of the current task.
    @TaskLocal public static var current: Language = .chinese

    /// The text in the current language: `Language.text("已报送", "submitted")`.
    @inlinable
    public static func text(_ chinese: @autoclosure () -> String, _ english: @autoclosure () -> String) -> String {
        current == .chinese ? chinese() : english()
    }

    /// The language a locale setting names: `en`, `en_US.UTF-8` → English; `zh`, `zh_CN.UTF-8` →
    /// Chinese; `C`, `POSIX`, empty or unknown → `nil` (the caller keeps its default).
    public init?(localeSetting: String) {
        let lowered = localeSetting.lowercased()
        if lowered.hasPrefix("zh") {
            self = .chinese
        } else if lowered.hasPrefix("en") {
            self = .english
        } else {
            return nil
        }
    }

    /// The language chosen by the environment: `HUIBAO_LANG`, then `LC_ALL`, `LC_MESSAGES`,
    /// `LANG`; Chinese when none names a language we speak.
    ///
    /// - Parameter environment: The process environment (the model does no I/O itself).
    public init(environment: [String: String]) {
        for key in ["HUIBAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], let language = Language(localeSetting: value) {
                self = language
                return
            }
        }
        self = .chinese
    }
}
