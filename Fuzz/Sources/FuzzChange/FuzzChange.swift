import FuzzSupport
import HuibaoModel

/// Change decoding: any bytes either refuse with a typed error or decode to a change whose
/// canonical encoding decodes to the same change.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = bytes(data, size)
    guard let change = try? Change(decoding: bytes) else { return 0 }
    guard let again = try? Change(decoding: change.encoded), again.hash == change.hash,
        again.operations == change.operations
    else { fatalError("a decoded change does not round-trip: \(change)") }
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("FuzzChange_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if Seeds.writeIfAsked(for: "FuzzChange") { return 0 }
    return runFuzzer(argc: argc, argv: argv, fuzz)
}
