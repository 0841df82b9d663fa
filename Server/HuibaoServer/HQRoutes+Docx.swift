import HuibaoDocx
import HuibaoHQ
import HuibaoServerCore
import Hummingbird

extension HQRoutes {
    /// The content type of a .docx.
    static let docxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// The consolidated report of a period and kind as a Word document in the official-document
    /// layout (``OfficialDocument/init(consolidation:)``), rendered on each request.
    static func docx(_ service: HQService, for hq: UnitRecord, period: String, kind: String) async throws -> Response {
        let consolidation = try await service.consolidation(for: hq, period: period, kind: kind)
        let bytes = try DocxWriter.write(OfficialDocument(consolidation: consolidation))
        return Response(
            status: .ok, headers: [.contentType: docxContentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
