import Dispatch
import HuibaoModel
import HuibaoReport
import HuibaoServerCore
import HuibaoSync

/// Sync rounds answered by a ``SyncService`` in the same process, through the wire format (the
/// request is decoded and the answer encoded as over HTTP), with the errors the HTTP layer would
/// give. Tests of the client's sync logic run here in milliseconds, without processes or ports.
final class InProcessSyncTransport: SyncTransport, @unchecked Sendable {
    let service: SyncService
    let token: String
    /// Rounds exchanged so far.
    private(set) var rounds = 0

    init(service: SyncService, token: String) {
        self.service = service
        self.token = token
    }

    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        rounds += 1
        let result = Self.wait { [service, token] () async -> Result<[UInt8], SyncError> in
            do {
                let decoded = try SyncRequest(decoding: request)
                return .success(try await service.sync(decoded, token: token).encoded)
            } catch let error as ServerError {
                return .failure(Self.httpError(error))
            } catch {
                return .failure(.httpError(status: 400, code: "bad-request", message: "\(error)"))
            }
        }
        return try result.get()
    }

    /// The error the HTTP layer would answer for a server error.
    static func httpError(_ error: ServerError) -> SyncError {
        switch error {
        case .unauthorized: .unauthorized(url: "in-process")
        case .reportMoved, .unavailable: .httpError(status: 503, code: "busy", message: error.description)
        case .forbidden: .httpError(status: 403, code: "forbidden", message: error.description)
        case .badRequest: .httpError(status: 400, code: "bad-request", message: error.description)
        default: .httpError(status: 500, code: "storage", message: error.description)
        }
    }

    /// Runs `body` on the cooperative pool and waits for it (the session is synchronous; it must
    /// run on a thread of its own, not on the pool).
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}

/// A transport that fails some rounds on purpose: before the server sees the request (no
/// connection) or after it processed it (the answer is lost).
final class FlakyTransport<Inner: SyncTransport>: SyncTransport, @unchecked Sendable {
    enum Failure { case beforeServer, answerLost }
    let inner: Inner
    var plan: [Failure?]
    private(set) var failures = 0

    init(_ inner: Inner, plan: [Failure?]) {
        self.inner = inner
        self.plan = plan
    }

    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        let failure = plan.isEmpty ? nil : plan.removeFirst()
        switch failure {
        case .beforeServer?:
            failures += 1
            throw .unreachable(url: "flaky", reason: "connection refused")
        case .answerLost?:
            _ = try inner.exchange(request)
            failures += 1
            throw .unreachable(url: "flaky", reason: "connection reset by peer")
        case nil:
            return try inner.exchange(request)
        }
    }
}
