import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import Hummingbird
import Logging

/// HQ's dashboard: server-rendered HTML under `/dashboard`, usable without JavaScript.
///
/// HQ logs in with its token (a form) or a one-time link (`huibao hq dashboard`,
/// `huibao-server dashboard-link`); the session id (never the token) is kept in an HttpOnly,
/// SameSite=Strict cookie limited to `/dashboard`, so forms posted from other sites carry no
/// credentials.
/// - `GET /dashboard/status`: the status matrix, units × periods.
/// - `GET /dashboard/report?unit&period&kind`: a report with its metrics highlighted, its
///   workflow, the changes since approval and its history.
/// - `GET /dashboard/totals?period&kind`: the totals with drill-down to each value's sentence.
/// - `GET /dashboard/export?period&kind&format`: the consolidated report as a download.
/// - `GET /dashboard/conflicts`, `POST /dashboard/resolve` (a number) and `POST /dashboard/accept`
///   (a merged text): the conflicts with their buttons.
enum DashboardRoutes {
    static let cookieName = "huibao_token"

    static func add(to router: Router<BasicRequestContext>, service: HQService) {
        router.get("/dashboard") { request, _ -> Response in
            await hq(request, service) == nil
                ? html(DashboardPages.login(error: nil)) : .redirect(to: "/dashboard/status")
        }
        router.post("/dashboard/login") { request, context -> Response in
            let form = try await form(request, context)
            guard let session = try? await service.registry.openSession(token: form["token"] ?? "") else {
                return html(DashboardPages.login(error: "该 token 无效或不是 HQ 单位的 token"), status: .unauthorized)
            }
            return signedIn(session)
        }
        router.get("/dashboard/login") { request, _ -> Response in
            let code = request.uri.queryParameters["code"].map(String.init) ?? ""
            guard let session = try? await service.registry.openSession(code: code) else {
                return html(DashboardPages.login(error: "登录链接无效、已使用或已过期"), status: .unauthorized)
            }
            // Only a dashboard path: never an open redirect to another site.
            let next = request.uri.queryParameters["next"].map(String.init) ?? ""
            return signedIn(session, next: next.hasPrefix("/dashboard/") ? next : "/dashboard/status")
        }
        router.post("/dashboard/logout") { request, _ -> Response in
            if let session = request.cookies[cookieName]?.value { try? await service.registry.closeSession(session) }
            var response = Response.redirect(to: "/dashboard")
            response.setCookie(
                Cookie(name: cookieName, value: "", maxAge: 0, path: "/dashboard", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/dashboard/status") { request, _ -> Response in
            await page(request, service) { unit in DashboardPages.status(try await service.overview(for: unit)) }
        }
        router.get("/dashboard/report") { request, _ -> Response in
            await page(request, service) { unit in
                let key = try reportKey(request)
                return try DashboardPages.report(try await service.report(key, for: unit), key: key, hq: unit.name)
            }
        }
        router.get("/dashboard/totals") { request, _ -> Response in
            await page(request, service) { unit in
                let (period, kind) = try HQRoutes.periodAndKind(request)
                return DashboardPages.totals(try await service.consolidation(for: unit, period: period, kind: kind))
            }
        }
        router.get("/dashboard/export") { request, _ -> Response in
            guard let unit = await hq(request, service) else { return .redirect(to: "/dashboard") }
            return await HQRoutes.respond {
                let (period, kind) = try HQRoutes.periodAndKind(request)
                let name = request.uri.queryParameters["format"].map(String.init) ?? "md"
                var response: Response
                if name == "docx" {
                    response = try await HQRoutes.docx(service, for: unit, period: period, kind: kind)
                } else {
                    guard let format = ConsolidatedReport.Format(rawValue: name) else {
                        throw ServerError.badRequest(
                            Language.text(
                                "格式只能是 md、txt、csv、json 或 docx", "format must be one of md, txt, csv, json, docx"))
                    }
                    response = HQRoutes.rendered(
                        try await service.export(for: unit, period: period, kind: kind, format: format), as: format)
                }
                let file = DashboardPages.query("\(period)-\(kind).\(name)")
                response.headers[.contentDisposition] = "attachment; filename*=UTF-8''\(file)"
                return response
            }
        }
        router.get("/dashboard/conflicts") { request, _ -> Response in
            await page(request, service) { unit in
                DashboardPages.conflicts(try await service.conflicts(for: unit), hq: unit.name)
            }
        }
        reportAction(router, service, "/dashboard/resolve", requiring: "metric") { unit, key, form in
            let value = (form["value"].flatMap { $0.isEmpty ? nil : $0 } ?? form["other"] ?? "")
                .trimmingCharacters(in: .whitespaces)
            try await service.resolve(metric: form["metric"] ?? "", of: key, to: value, as: unit)
            return ("已解决", "已保留 \(value)", "/dashboard/conflicts")
        }
        reportAction(router, service, "/dashboard/accept", requiring: "id") { unit, key, form in
            try await service.acceptTextConflict(form["id"] ?? "", of: key, as: unit)
            return ("已确认", "合并后的文字已确认", "/dashboard/conflicts")
        }
        reportAction(router, service, "/dashboard/keep", requiring: "version") { unit, key, form in
            try await service.keepFirstVersion(form["version"] ?? "", of: key, as: unit)
            return ("已保留", "已保留所选的初始版本，其他版本的文字已删除", "/dashboard/conflicts")
        }
        reportAction(router, service, "/dashboard/review", requiring: "step") { unit, key, form in
            guard let step = form["step"].flatMap(WorkflowStep.Kind.init(rawValue:)) else {
                throw ServerError.badRequest(Language.text("步骤只能是 approve 或 return", "step must be approve or return"))
            }
            try await service.review(step, key, comment: form["comment"] ?? "", as: unit)
            let back = DashboardPages.reportLink(unit: key.unit, period: key.period, kind: key.kind)
            return (step == .approve ? "已审核通过" : "已退回", "", back)
        }
    }

    /// A form posted about one report (fields `unit`, `period`, `kind` and `field`): runs
    /// `action` for the logged-in HQ and shows its heading, text and back link.
    static func reportAction(
        _ router: Router<BasicRequestContext>, _ service: HQService, _ path: String, requiring field: String,
        _ action: @escaping @Sendable (UnitRecord, ReportKey, [String: String]) async throws -> (String, String, String)
    ) {
        router.post(RouterPath(path)) { request, context -> Response in
            let form = try await form(request, context)
            return await page(request, service) { unit in
                guard let reportUnit = form["unit"], let period = form["period"], let kind = form["kind"],
                    form[field] != nil
                else {
                    throw ServerError.badRequest(
                        Language.text(
                            "表单缺少 unit、period、kind 或 \(field)", "the form lacks unit, period, kind or \(field)"))
                }
                let key = ReportKey(unit: reportUnit, period: period, kind: kind)
                let (heading, text, back) = try await action(unit, key, form)
                return DashboardPages.message(
                    hq: unit.name, heading: heading, text: "\(reportUnit)/\(period)/\(kind)：\(text)", back: back)
            }
        }
    }

    /// The HQ unit of the request's session cookie, if it is valid.
    static func hq(_ request: Request, _ service: HQService) async -> UnitRecord? {
        guard let session = request.cookies[cookieName]?.value else { return nil }
        return try? await service.registry.sessionUnit(session)
    }

    /// The redirect to the status page that sets the session cookie.
    static func signedIn(_ session: String, next: String = "/dashboard/status") -> Response {
        var response = Response.redirect(to: next)
        response.setCookie(
            Cookie(
                name: cookieName, value: session, maxAge: 12 * 3600, path: "/dashboard", httpOnly: true,
                sameSite: .strict))
        return response
    }

    /// A page for a logged-in HQ: the login page otherwise, an error page on failure. The page,
    /// its messages included, is Chinese whatever the server's language is.
    static func page(_ request: Request, _ service: HQService, _ body: (UnitRecord) async throws -> String) async
        -> Response
    {
        guard let unit = await hq(request, service) else { return .redirect(to: "/dashboard") }
        return await Language.$current.withValue(.chinese) { await page(request, unit, body) }
    }

    static func page(_ request: Request, _ unit: UnitRecord, _ body: (UnitRecord) async throws -> String) async
        -> Response
    {
        do {
            return html(try await body(unit))
        } catch let error as ServerError {
            let status = error.status
            if status.code >= 500 { serverLog.error("500 dashboard \(request.uri.path): \(error)") }
            return html(
                DashboardPages.message(
                    hq: unit.name, heading: "出错了", text: error.description, back: "/dashboard/status"),
                status: status)
        } catch {
            serverLog.error("500 dashboard \(request.uri.path): \(error)")
            return html(
                DashboardPages.message(hq: unit.name, heading: "出错了", text: "\(error)", back: "/dashboard/status"),
                status: .internalServerError)
        }
    }

    static func reportKey(_ request: Request) throws(ServerError) -> ReportKey {
        let query = request.uri.queryParameters
        guard let unit = query["unit"].map(String.init), let period = query["period"].map(String.init),
            let kind = query["kind"].map(String.init)
        else { throw .badRequest(Language.text("请给出 unit、period 和 kind", "give unit, period and kind")) }
        return ReportKey(unit: unit, period: period, kind: kind)
    }

    /// The fields of a urlencoded form body (at most 64 kB), by Hummingbird's decoder.
    ///
    /// - Throws: ``ServerError/badRequest(_:)`` for a body that is not a form.
    static func form(_ request: Request, _ context: BasicRequestContext) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 65_536)
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))
        } catch {
            throw ServerError.badRequest(Language.text("无法读取表单：\(error)", "the form cannot be read: \(error)"))
        }
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
