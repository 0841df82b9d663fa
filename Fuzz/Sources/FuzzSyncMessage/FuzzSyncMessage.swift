import FuzzSupport
import HuibaoModel
import HuibaoReport

/// Sync requests, responses and bundles: any bytes either refuse with a typed error or decode
/// to a message that encodes back to a message equal to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = bytes(data, size)
    if let request = try? SyncRequest(decoding: bytes), (try? SyncRequest(decoding: request.encoded)) != request {
        fatalError("a decoded sync request does not round-trip")
    }
    if let response = try? SyncResponse(decoding: bytes), (try? SyncResponse(decoding: response.encoded)) != response {
        fatalError("a decoded sync response does not round-trip")
    }
    if let bundle = try? SyncBundle(decoding: bytes), (try? SyncBundle(decoding: bundle.encoded)) != bundle {
        fatalError("a decoded sync bundle does not round-trip")
    }
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("FuzzSyncMessage_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if Seeds.writeIfAsked(for: "FuzzSyncMessage") { return 0 }
    return runFuzzer(argc: argc, argv: argv, fuzz)
}
