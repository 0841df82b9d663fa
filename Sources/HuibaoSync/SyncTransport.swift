/// How a ``SyncSession`` reaches a server: one round is one encoded `SyncRequest` exchanged for
/// one encoded `SyncResponse`.
///
/// ``HTTPSyncTransport`` posts to `/v1/sync` over libcurl; tests use one that calls the server
/// core in the same process, or one that fails on purpose. A transport throws ``SyncError``:
/// the session retries the transient ones (``SyncError/isTransient``) with backoff and gives up
/// on the rest.
public protocol SyncTransport {
    /// Sends one round's request and returns the server's answer (both encoded).
    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8]
}
