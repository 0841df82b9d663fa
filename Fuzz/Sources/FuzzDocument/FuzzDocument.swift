import FuzzSupport
import HuibaoModel

/// Document decoding: any bytes either refuse with a typed error or decode to a document whose
/// encoding decodes to the same text, history and registers. Inputs starting with an odd byte
/// are wrapped as a document body behind a valid checksum, to reach the body decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let raw = bytes(data, size)
    let input = raw.first.map { $0 & 1 == 1 } == true ? DocumentEnvelope.wrap(body: Array(raw.dropFirst())) : raw
    guard let document = try? Document(decoding: input, replica: ReplicaID(1)) else { return 0 }
    let text = document.text
    guard let again = try? Document(decoding: document.encoded(), replica: ReplicaID(1)), again.text == text,
        again.heads == document.heads, again.registers == document.registers
    else { fatalError("a decoded document does not round-trip") }
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("FuzzDocument_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if Seeds.writeIfAsked(for: "FuzzDocument") { return 0 }
    return runFuzzer(argc: argc, argv: argv, fuzz)
}
