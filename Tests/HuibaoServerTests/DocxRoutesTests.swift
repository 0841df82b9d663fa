import Foundation
import HuibaoDocx
import HuibaoModel
import HuibaoReport
import HuibaoServer
import HuibaoServerCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The consolidated report as a Word document")
struct DocxRoutesTests {
    static let query = "period=2023H1&kind=%E5%85%9A%E9%A3%8E%E5%BB%89%E6%94%BF"

    /// The lines of a .docx response (tables row by row, cells separated by a tab).
    static func lines(_ response: TestResponse) throws -> [String] {
        let bytes = [UInt8](response.body.readableBytesView)
        return try DocxReader.read(bytes: bytes, source: "response.docx").text.split(separator: "\n").map(String.init)
    }

    @Test("format=docx gives a Word document with the totals as a table and the approved text")
    func consolidationAsDocx() async throws {
        try await HQRoutesTests.get("/v1/hq/consolidation?\(Self.query)&format=docx", token: "hq") { response in
            #expect(response.status == .ok)
            #expect(
                response.headers[.contentType]
                    == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            let lines = try Self.lines(response)
            #expect(lines.first == "2023年上半年党风廉政工作汇总报告")
            #expect(lines.contains("廉政约谈\t次\t3\t1\t0\t0\t0\t0"))
            #expect(lines.contains("征求意见表\t份\t缺失\t0\t1\t0\t0\t0"))
            #expect(lines.contains("B局\t未报送"))
            #expect(lines.contains("开展集体廉政约谈3次，征求意见表*份。"))
        }
    }

    @Test("the dashboard's totals page links to the Word download, which is an attachment named .docx")
    func dashboardDownload() async throws {
        let (service, hq, _) = try await HQRoutesTests.setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        try await app.test(.router) { client in
            let cookie = try await DashboardRoutesTests.login(client, token: hq)
            try await client.execute(uri: "/dashboard/totals?\(Self.query)", method: .get, headers: cookie) {
                response in
                let page = String(buffer: response.body)
                #expect(page.contains("format=docx\">下载 Word</a>"))
            }
            try await client.execute(uri: "/dashboard/export?\(Self.query)&format=docx", method: .get, headers: cookie)
            {
                response in
                #expect(response.status == .ok)
                #expect(
                    response.headers[.contentType]
                        == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                #expect(response.headers[.contentDisposition]?.hasSuffix(".docx") == true)
                let lines = try Self.lines(response)
                #expect(lines.contains("廉政约谈\t次\t3\t1\t0\t0\t0\t0"))
            }
        }
    }
}
