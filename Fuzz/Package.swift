// swift-tools-version: 6.0
// libFuzzer targets for Huibao's decoders and report import. Not part of the main build: run
// them with `scripts/fuzz.sh TARGET SECONDS` (builds with -sanitize=fuzzer,address).
import Foundation
import PackageDescription

/// The main package is the folder above; SwiftPM names a path dependency after its folder.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let huibao = root.lastPathComponent

let package = Package(
    name: "HuibaoFuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .target(
            name: "FuzzSupport", dependencies: [.product(name: "HuibaoModel", package: huibao)],
            path: "Sources/FuzzSupport")
    ]
        + ["FuzzChange", "FuzzDocument", "FuzzSyncMessage", "FuzzReportImport"].map { name in
            .executableTarget(
                name: name,
                dependencies: [
                    "FuzzSupport", .product(name: "HuibaoModel", package: huibao),
                    .product(name: "HuibaoReport", package: huibao),
                ],
                path: "Sources/\(name)")
        },
    swiftLanguageModes: [.v6]
)
