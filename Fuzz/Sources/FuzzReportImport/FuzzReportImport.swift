import FuzzSupport
import HuibaoModel
import HuibaoReport

/// Report import: any bytes either refuse with a typed error or import to a report whose
/// rendered text imports again to the same text, metrics and no further change.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = bytes(data, size)
    guard let text = try? ReportText(bytes: bytes, source: "fuzz") else { return 0 }
    let metadata = ReportMetadata(unit: "某局", period: "2023H1", kind: "党风廉政")
    guard var report = try? ReportDocument.importing(text, metadata: metadata, replica: ReplicaID(7), wallTime: 1)
    else { return 0 }
    let snapshot = report.snapshot()
    let change: Change?
    do {
        change = try report.reimport(ReportText(text: snapshot.text), wallTime: 2)
    } catch {
        fatalError("re-importing a report's own text failed: \(error)")
    }
    if change != nil || report.snapshot().text != snapshot.text {
        fatalError("re-importing a report's own text changed it")
    }
    return 0
}

/// The program's entry (see `runFuzzer`).
@_cdecl("FuzzReportImport_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if Seeds.writeIfAsked(for: "FuzzReportImport") { return 0 }
    return runFuzzer(argc: argc, argv: argv, fuzz)
}
