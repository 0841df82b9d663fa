import Foundation
import HuibaoModel
import HuibaoReport
import Hummingbird

/// Answers each request in the language its client asked for (`Accept-Language: zh-CN` or
/// `en`), else in the server's own (``Language/current`` at start: `HUIBAO_LANG`/`LANG`).
///
/// Messages a clerk reads come from the server too (why a change was refused, why a token was
/// not accepted), so they follow the clerk's `--lang`. Errors are turned into responses inside
/// the language's scope, so their messages are in it too. The dashboard and the consolidated
/// report are Chinese whatever is asked.
struct RequestLanguageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let language = request.headers[.acceptLanguage].flatMap(Self.language(acceptLanguage:)) ?? Language.current
        return try await Language.$current.withValue(language) {
            do {
                return try await next(request, context)
            } catch let error as any HTTPResponseError {
                return try error.response(from: request, context: context)
            }
        }
    }

    /// The first language of an `Accept-Language` header we speak (`zh-CN,zh;q=0.9,en;q=0.8` →
    /// Chinese), ignoring weights as browsers list languages in order of preference.
    static func language(acceptLanguage: String) -> Language? {
        acceptLanguage.split(separator: ",").lazy.compactMap {
            Language(localeSetting: String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces))
        }.first
    }
}
