import HuibaoSync
import Testing

@Suite("Which sync failures are retried")
struct SyncErrorTests {
    @Test("no connection, a cut answer and 502/503/504 are retried; 4xx, 500 and refusals are not")
    func transientFailures() {
        let retried: [SyncError] = [
            .unreachable(url: "u", reason: "Connection reset by peer"),
            .badResponse("input truncated while reading magic at byte 0"),
            .httpError(status: 502, code: "http", message: "Bad Gateway"),
            .httpError(status: 503, code: "busy", message: "try again"),
            .httpError(status: 504, code: "http", message: "Gateway Timeout"),
        ]
        let final: [SyncError] = [
            .httpError(status: 400, code: "bad-request", message: ""),
            .httpError(status: 413, code: "too-large", message: ""),
            .httpError(status: 500, code: "storage", message: "database or disk is full"),
            .unauthorized(url: "u"), .tlsFailed(url: "u", reason: "certificate"), .notLoggedIn, .noToken(server: "u"),
            .store("damaged"),
        ]
        for error in retried { #expect(error.isTransient, "\(error)") }
        for error in final { #expect(!error.isTransient, "\(error)") }
    }
}
