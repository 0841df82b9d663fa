import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoServer
import HuibaoServerCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP routes")
struct RoutesTests {
    static func setUp() async throws -> (SyncService, token: String) {
        let service = SyncService(storage: InMemoryStorage())
        _ = try await service.registry.addUnit(name: "HQ", parent: nil, isHQ: true)
        let (_, token) = try await service.registry.addUnit(name: "A局", parent: "HQ", isHQ: false)
        return (service, token)
    }

    static func headers(_ token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        return headers
    }

    @Test("a sync round trip over HTTP stores the changes and returns what the client lacks")
    func syncRoundTrip() async throws {
        let (service, token) = try await Self.setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration())
        var draft = Document(replica: ReplicaID(1))
        try draft.insert("开展廉政约谈3次。", at: 0)
        draft.commit(wallTime: 1)
        let document = draft
        let key = ReportKey(unit: "A局", period: "2023H1", kind: "k")
        let upload = SyncRequest(entries: [
            .init(report: key, known: document.versionVector, changes: Array(document.changes))
        ]
        )
        let download = SyncRequest(entries: [.init(report: key, known: VersionVector(), changes: [Change]())])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/sync", method: .post, headers: Self.headers(token), body: ByteBuffer(bytes: upload.encoded)
            ) { response in
                #expect(response.status == .ok)
                let decoded = try SyncResponse(decoding: Array(response.body.readableBytesView))
                #expect(decoded.entries.first?.acknowledged == document.changes.map(\.hash))
            }
            try await client.execute(
                uri: "/v1/sync", method: .post, headers: Self.headers(token), body: ByteBuffer(bytes: download.encoded)
            ) { response in
                let decoded = try SyncResponse(decoding: Array(response.body.readableBytesView))
                var copy = Document(replica: ReplicaID(2))
                try copy.apply(decoded.entries.first?.changes ?? [])
                #expect(copy.text == document.text)
            }
        }
    }

    @Test("missing or unknown tokens get 401, malformed bodies 400, oversized bodies 413, all with a code")
    func errors() async throws {
        let (service, token) = try await Self.setUp()
        let app = buildApplication(service: service, configuration: ServerConfiguration(maxBodyBytes: 64))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/sync", method: .post, body: ByteBuffer(string: "x")) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("\"code\": \"unauthorized\""))
            }
            try await client.execute(
                uri: "/v1/sync", method: .post, headers: Self.headers("wrong"), body: ByteBuffer(string: "x")
            ) { response in
                #expect(response.status == .unauthorized)
            }
            // The message is in the language the client asks for; the code stays the same.
            for (accept, message) in [
                ("zh-CN,zh;q=0.9", "令牌无效或已吊销"), ("en-US,en;q=0.8", "the token is unknown or revoked"),
                ("fr, en;q=0.5", "the token is unknown or revoked"),
            ] {
                var headers = Self.headers("wrong")
                headers[.acceptLanguage] = accept
                try await client.execute(
                    uri: "/v1/sync", method: .post, headers: headers, body: ByteBuffer(string: "x")
                ) {
                    response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains(message), "\(accept)")
                    #expect(String(buffer: response.body).contains("\"code\": \"unauthorized\""))
                }
            }
            try await client.execute(
                uri: "/v1/sync", method: .post, headers: Self.headers(token),
                body: ByteBuffer(string: "HBSQ\u{1}garbage")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("bad-request"))
            }
            try await client.execute(
                uri: "/v1/sync", method: .post, headers: Self.headers(token),
                body: ByteBuffer(bytes: [UInt8](repeating: 0, count: 1000))
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(String(buffer: response.body) == "ok")
            }
        }
    }
}
