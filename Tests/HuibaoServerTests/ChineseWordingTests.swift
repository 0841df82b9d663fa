import Foundation
import HuibaoHQ
import HuibaoModel
import HuibaoReport
import HuibaoServer
import HuibaoServerCore
import Hummingbird
import HummingbirdTesting
import Testing

/// HQ's staff read the dashboard and file the consolidated report as an official document: every
/// page and every export format says its statuses in Chinese, whatever the server's language.
@Suite("Chinese wording of the dashboard and the consolidated report")
struct ChineseWordingTests {
    static let period = "2023H1"
    static let kind = "党风廉政"
    static let kindQuery = "%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF"
    /// HQ's replica for its reviews.
    static let hqReplica = ReplicaID(900)

    /// The English words that must not come back (whole words, any case).
    static let englishWords = [
        "approved", "submitted", "returned", "draft", "not started", "missing", "conflicted", "counted",
        "unapproved", "mismatched", "changed since", "replica", "by", "no conflicts", "only values",
    ]

    static let englishPattern: NSRegularExpression = {
        let words = englishWords.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        do {
            return try NSRegularExpression(pattern: "\\b(\(words))\\b", options: [.caseInsensitive])
        } catch {
            preconditionFailure("the pattern must compile: \(error)")
        }
    }()

    /// The English status words in `text`, each with a little context.
    static func englishStatusWords(in text: String) -> [String] {
        let range = NSRange(text.startIndex..., in: text)
        return englishPattern.matches(in: text, range: range).compactMap { match in
            guard let found = Range(match.range, in: text) else { return nil }
            let start = text.index(found.lowerBound, offsetBy: -20, limitedBy: text.startIndex) ?? text.startIndex
            let end = text.index(found.upperBound, offsetBy: 20, limitedBy: text.endIndex) ?? text.endIndex
            return "\(text[found]) in “\(text[start..<end])”"
        }
    }

    /// The text a person sees of an HTML page: without the style sheet, tags and their attributes
    /// (class names such as `state approved` are not shown).
    static func visibleText(ofHTML page: String) -> String {
        var text = page.replacingOccurrences(
            of: "<style>[\\s\\S]*?</style>", with: " ", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// A report's document as one replica of `unit` imports it.
    static func imported(_ text: String, replica: UInt64, person: String? = nil) throws -> ReportDocument {
        var report = try ReportDocument.importing(
            ReportText(text: text), metadata: ReportMetadata(), replica: ReplicaID(replica),
            wallTime: 1_795_000_000_000 + Int64(replica) * 60_000)
        if let person {
            report.recordPerson(person)
            report.commitPendingEdits(wallTime: 1_795_000_000_000 + Int64(replica) * 60_000)
        }
        return report
    }

    /// Sends `changes` of `report` (what the server lacks) with `token`.
    static func send(
        _ service: SyncService, unit: String, _ report: ReportDocument, _ changes: [Change], token: String
    ) async throws {
        let key = ReportKey(unit: unit, period: period, kind: kind)
        let answer = try await service.sync(
            SyncRequest(entries: [.init(report: key, known: report.document.versionVector, changes: changes)]),
            token: token)
        #expect(answer.entries.first?.refusal == nil, "\(unit): \(String(describing: answer.entries.first?.refusal))")
    }

    /// HQ reviews `report` (approve or return) from its own replica and sends the step.
    static func review(
        _ service: SyncService, unit: String, _ report: ReportDocument, _ kind: WorkflowStep.Kind, comment: String = "",
        hq: String
    ) async throws -> ReportDocument {
        var review = ReportDocument(document: report.document.forked(as: hqReplica))
        try review.review(kind, as: "HQ", comment: comment, wallTime: 1_795_100_000_000)
        try await send(service, unit: unit, review, [try #require(review.document.changes.last)], token: hq)
        return review
    }

    /// HQ and seven units, one per state: 甲局 approved (a counted value, the only value of 征求意见表
    /// a placeholder, a measure-word mismatch, its clerk named 张三), 乙局 approved then changed,
    /// 丙局 submitted, 丁局 returned, 戊局 a draft, 己局 not started, 庚局 approved with a value
    /// two clerks set concurrently (4 vs 5).
    static func setUp() async throws -> (SyncService, hq: String) {
        let service = SyncService(storage: InMemoryStorage())
        let (_, hq) = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        var tokens: [String: String] = [:]
        for unit in ["甲局", "乙局", "丙局", "丁局", "戊局", "己局", "庚局"] {
            tokens[unit] = try await service.registry.addUnit(name: unit, parent: "HQ", isHQ: false).1
        }
        func token(_ unit: String) -> String { tokens[unit] ?? "" }

        // 甲局: approved.
        var a = try imported("一、工作情况\n开展集体廉政约谈3次，发放征求意见表*份，诫勉谈话2次。\n", replica: 10, person: "张三")
        try a.submit(as: "甲局", wallTime: 1_795_050_000_000)
        try await send(service, unit: "甲局", a, Array(a.document.changes), token: token("甲局"))
        _ = try await review(service, unit: "甲局", a, .approve, hq: hq)

        // 乙局: approved, then a number changed.
        var b = try imported("一、工作情况\n开展集体廉政约谈4次，集体学习5次。\n", replica: 20)
        try b.submit(as: "乙局", wallTime: 1_795_050_000_000)
        try await send(service, unit: "乙局", b, Array(b.document.changes), token: token("乙局"))
        let approvedB = try await review(service, unit: "乙局", b, .approve, hq: hq)
        var changed = ReportDocument(document: approvedB.document.forked(as: ReplicaID(21)))
        let study = try #require(changed.snapshot().metrics.first { $0.raw == "5" }?.id)
        try changed.setMetric(study, to: "6", wallTime: 1_795_200_000_000)
        try await send(
            service, unit: "乙局", changed, [try #require(changed.document.changes.last)], token: token("乙局"))

        // 丙局: submitted.
        var c = try imported("一、工作情况\n开展集体廉政约谈2次。\n", replica: 30)
        try c.submit(as: "丙局", wallTime: 1_795_050_000_000)
        try await send(service, unit: "丙局", c, Array(c.document.changes), token: token("丙局"))

        // 丁局: returned with a comment.
        var d = try imported("一、工作情况\n开展集体廉政约谈1次。\n", replica: 40)
        try d.submit(as: "丁局", wallTime: 1_795_050_000_000)
        try await send(service, unit: "丁局", d, Array(d.document.changes), token: token("丁局"))
        _ = try await review(service, unit: "丁局", d, .return, comment: "请核实约谈次数", hq: hq)

        // 戊局: a draft.
        let e = try imported("一、工作情况\n开展集体廉政约谈7次。\n", replica: 50)
        try await send(service, unit: "戊局", e, Array(e.document.changes), token: token("戊局"))

        // 庚局: two clerks set the value concurrently; submitted and approved with the conflict.
        let g = try imported("一、工作情况\n开展集体廉政约谈3次。\n", replica: 70)
        let merged = try Self.setConcurrently(g, to: "4", and: "5")
        var submitted = ReportDocument(document: merged.forked(as: ReplicaID(73)))
        #expect(submitted.snapshot().conflicts.count == 1)
        try submitted.submit(as: "庚局", wallTime: 1_795_050_000_000)
        try await send(service, unit: "庚局", submitted, Array(submitted.document.changes), token: token("庚局"))
        _ = try await review(service, unit: "庚局", submitted, .approve, hq: hq)
        return (service, hq)
    }

    /// What a person reads of every dashboard page and every export, by name: HTML pages as their
    /// visible text, CSV without its header row, JSON only its human strings (the statuses'
    /// summaries).
    static func everythingShown() async throws -> [(name: String, text: String)] {
        let (service, hq) = try await setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        let pages = try await app.test(.router) { client -> [(String, TestResponse)] in
            var responses: [(String, TestResponse)] = []
            responses.append(("login page", try await client.execute(uri: "/dashboard", method: .get) { $0 }))
            let cookie = try await DashboardRoutesTests.login(client, token: hq)
            var pages = [
                ("status page", "/dashboard/status"),
                ("totals page", "/dashboard/totals?period=\(period)&kind=\(kindQuery)"),
                ("conflicts page", "/dashboard/conflicts"),
            ]
            for unit in ["甲局", "乙局", "丙局", "丁局", "戊局", "庚局"] {
                let query = "unit=\(DashboardPagesQuery.encode(unit))&period=\(period)&kind=\(kindQuery)"
                pages.append(("report page of \(unit)", "/dashboard/report?\(query)"))
            }
            for format in ["md", "txt", "csv", "json"] {
                pages.append(
                    (
                        "dashboard export \(format)",
                        "/dashboard/export?period=\(period)&kind=\(kindQuery)&format=\(format)"
                    ))
            }
            for (name, uri) in pages {
                responses.append((name, try await client.execute(uri: uri, method: .get, headers: cookie) { $0 }))
            }
            var bearer = HTTPFields()
            bearer[.authorization] = "Bearer \(hq)"
            for format in ["md", "txt", "csv", "json"] {
                let uri = "/v1/hq/consolidation?period=\(period)&kind=\(kindQuery)&format=\(format)"
                responses.append(
                    (
                        "HQ route export \(format)",
                        try await client.execute(uri: uri, method: .get, headers: bearer) { $0 }
                    ))
            }
            // A message page: HQ approves 丙局's report through the form.
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            let body = "unit=\(DashboardPagesQuery.encode("丙局"))&period=\(period)&kind=\(kindQuery)&step=approve"
            responses.append(
                (
                    "message page",
                    try await client.execute(
                        uri: "/dashboard/review", method: .post, headers: form, body: ByteBuffer(string: body)
                    ) { $0 }
                ))
            return responses
        }
        var shown: [(name: String, text: String)] = []
        for (name, response) in pages {
            #expect(response.status == .ok, "\(name): \(response.status)")
            let body = String(buffer: response.body)
            if name.hasSuffix("csv") {
                let rows = body.split(separator: "\r\n").dropFirst()
                #expect(!rows.isEmpty)
                shown.append((name, rows.joined(separator: "\n")))
            } else if name.hasSuffix("json") {
                let json = try JSONDecoder().decode(CompactConsolidation.self, from: Data(body.utf8))
                #expect(json.statuses.contains { $0.state == "not started" }, "the JSON keeps its stable keys")
                shown.append((name, json.statuses.map(\.summary).joined(separator: "\n")))
            } else if name.hasSuffix(" md") || name.hasSuffix(" txt") {
                shown.append((name, body))
            } else {
                shown.append((name, visibleText(ofHTML: body)))
            }
        }
        return shown
    }

    @Test("no dashboard page and no export format shows an English status word, whatever the server's language")
    func noEnglishStatusWords() async throws {
        for language in Language.allCases {
            let shown = try await Language.$current.withValue(language) { try await Self.everythingShown() }
            // The login page, 9 pages, 4 dashboard exports, 4 HQ route exports, a message page.
            #expect(shown.count == 19)
            for (name, text) in shown {
                let found = Self.englishStatusWords(in: text)
                #expect(found.isEmpty, "\(name) (server language \(language)): \(found)")
            }
            let all = shown.map(\.text).joined(separator: "\n")
            // Every state and every category is there, in Chinese.
            for word in ["草稿", "已报送", "已退回", "已审核", "审核后已修改", "未报送", "计入", "缺失", "冲突", "未审核", "计量不符", "需要处理"] {
                #expect(all.contains(word), "\(word) (server language \(language))")
            }
            let status = try #require(shown.first { $0.name == "status page" }?.text)
            for word in ["草稿", "已报送", "已退回", "已审核", "未报送", "审核后已修改"] {
                #expect(status.contains(word), "status page: \(word)")
            }
            let csv = try #require(shown.first { $0.name == "dashboard export csv" }?.text)
            for word in ["计入", "缺失", "冲突", "未审核", "计量不符"] { #expect(csv.contains(",\(word),"), "csv: \(word)") }
            let markdown = try #require(shown.first { $0.name == "dashboard export md" }?.text)
            #expect(markdown.contains("张三（副本 000000000000000a）填报于 2026-11-18"), "\(markdown)")
            #expect(markdown.contains("仅汇总已审核报告的数值"))
            let txt = try #require(shown.first { $0.name == "HQ route export txt" }?.text)
            #expect(txt.contains("\n需要处理\n"))
            #expect(txt.contains("庚局/2023H1/党风廉政 第2行：“开展集体廉政约谈【冲突：4 | 5】次。”"), "\(txt)")
            #expect(txt.contains("———— 庚局 ————\n一、工作情况\n开展集体廉政约谈【冲突：4 | 5】次。\n"))
            #expect(txt.contains("  - 乙局：已审核，审核后已修改（合计仍按审核通过时的数值）\n"))
            #expect(txt.contains("  - 己局：未报送\n"))
        }
    }

    @Test("the grep finds English status words where they are shown, not in class names or CSV headers")
    func grepFindsEnglish() {
        #expect(
            Self.englishStatusWords(in: Self.visibleText(ofHTML: "<span class=\"state approved\">已审核</span>")).isEmpty)
        #expect(Self.englishStatusWords(in: Self.visibleText(ofHTML: "<span class=\"x\">approved</span>")).count == 1)
        #expect(Self.englishStatusWords(in: "甲局：Not Started").count == 1)
        #expect(Self.englishStatusWords(in: "(change 1a2b by 张三, replica 3f)").count == 2)
        #expect(Self.englishStatusWords(in: "approvedly bystander").isEmpty)
    }

    @Test("a total whose values are all missing reads 缺失, not 0, in md, txt, csv, JSON and on the dashboard")
    func allMissingTotal() async throws {
        let (service, hq) = try await Self.setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        try await app.test(.router) { client in
            let cookie = try await DashboardRoutesTests.login(client, token: hq)
            try await client.execute(
                uri: "/dashboard/totals?period=\(Self.period)&kind=\(Self.kindQuery)", method: .get, headers: cookie
            ) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("data-indicator=\"questionnaires\">缺失</td>"), "\(page)")
                #expect(page.contains("<summary>征求意见表：缺失</summary>"))
                #expect(page.contains("data-indicator=\"talks\">7</td>"))
            }
            func export(_ format: String) async throws -> String {
                var text = ""
                try await client.execute(
                    uri: "/dashboard/export?period=\(Self.period)&kind=\(Self.kindQuery)&format=\(format)",
                    method: .get, headers: cookie
                ) { text = String(buffer: $0.body) }
                return text
            }
            #expect(try await export("md").contains("| 征求意见表 | 份 | 缺失 | 0 | 1 |"))
            let txt = try await export("txt")
            #expect(txt.contains("  征求意见表：缺失\n") && !txt.contains("征求意见表：0"))
            let rows = try await export("csv").split(separator: "\r\n").filter { $0.contains(",questionnaires,") }
            #expect(!rows.isEmpty && rows.allSatisfy { $0.contains(",征求意见表,份,缺失,缺失,甲局,") }, "\(rows)")
            let json = try JSONDecoder().decode(CompactConsolidation.self, from: Data(try await export("json").utf8))
            let questionnaires = try #require(json.totals.first { $0.indicator.id == "questionnaires" })
            #expect(questionnaires.total == nil && questionnaires.missing.count == 1)
        }
    }

    /// `report` after two clerks (replicas 71 and 72) set its first metric to two values at once.
    static func setConcurrently(_ report: ReportDocument, to first: String, and second: String) throws -> Document {
        let metric = try #require(report.snapshot().metrics.first?.id)
        var one = ReportDocument(document: report.document.forked(as: ReplicaID(71)))
        var two = ReportDocument(document: report.document.forked(as: ReplicaID(72)))
        try one.setMetric(metric, to: first, wallTime: 1_795_010_000_000)
        try two.setMetric(metric, to: second, wallTime: 1_795_010_000_000)
        var merged = report.document
        try merged.apply([one.document.changes.last, two.document.changes.last].compactMap { $0 })
        return merged
    }

    @Test("conflicts read in the current language: Chinese by default, today's English with --lang en")
    func conflictsText() throws {
        let g = try Self.imported("一、工作情况\n开展集体廉政约谈3次。\n", replica: 70, person: "李四")
        let merged = try Self.setConcurrently(g, to: "4", and: "5")
        let conflicts = ReportConflicts(report: ReportDocument(document: merged), name: "庚局/2023H1/党风廉政")
        let chinese = Language.$current.withValue(.chinese) { conflicts.text }
        #expect(chinese.contains("庚局/2023H1/党风廉政 第2行 开展集体廉政约谈：“开展集体廉政约谈"), "\(chinese)")
        #expect(chinese.contains("（副本 0000000000000047）填报于 2026-11-18"), "\(chinese)")
        #expect(Self.englishStatusWords(in: chinese).isEmpty, "\(chinese)")
        let english = Language.$current.withValue(.english) { conflicts.text }
        #expect(english.contains("庚局/2023H1/党风廉政 line 2 开展集体廉政约谈: “"), "\(english)")
        #expect(english.contains("  4  by replica 0000000000000047 at 2026-11-18"), "\(english)")
    }
}

/// Percent-encodes a query value as the dashboard's links do.
enum DashboardPagesQuery {
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
