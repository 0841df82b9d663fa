// swift-tools-version: 6.0
import PackageDescription

/// Settings shared by every Swift target (see STYLE.md).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Huibao",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HuibaoModel", targets: ["HuibaoModel"]),
        .library(name: "HuibaoReport", targets: ["HuibaoReport"]),
        .library(name: "HuibaoStore", targets: ["HuibaoStore"]),
        .library(name: "HuibaoHQ", targets: ["HuibaoHQ"]),
        .library(name: "HuibaoDocx", targets: ["HuibaoDocx"]),
        .library(name: "HuibaoServerCore", targets: ["HuibaoServerCore"]),
        .executable(name: "huibao", targets: ["huibao"]),
        .executable(name: "huibao-server", targets: ["huibao-server"]),
        .executable(name: "huibao-bench", targets: ["HuibaoBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C shims.
        .systemLibrary(name: "CHuibaoZlib", path: "Sources/CHuibaoZlib"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // libcurl, loaded on first use (see Sources/CCurl/include/huibao_curl.h).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),

        // Libraries.
        .target(
            name: "HuibaoModel",
            dependencies: [
                "CHuibaoZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoReport",
            dependencies: ["HuibaoModel"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoSQLite",
            dependencies: ["CSQLite"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoStore",
            dependencies: ["HuibaoModel", "HuibaoReport", "HuibaoSQLite"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoSync",
            dependencies: ["HuibaoModel", "HuibaoReport", "HuibaoStore", "CCurl"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoHQ",
            dependencies: ["HuibaoModel", "HuibaoReport"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoDocx",
            dependencies: [
                "HuibaoModel",
                "HuibaoReport",
                "HuibaoHQ",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoServerCore",
            dependencies: ["HuibaoModel", "HuibaoReport", "HuibaoHQ", "HuibaoSQLite"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoPostgres",
            dependencies: [
                "HuibaoServerCore",
                "HuibaoModel", "HuibaoReport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoServer",
            dependencies: [
                "HuibaoServerCore",
                "HuibaoPostgres",
                "HuibaoHQ",
                "HuibaoDocx",
                "HuibaoModel", "HuibaoReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Server/HuibaoServer",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HuibaoCLI",
            dependencies: [
                "HuibaoModel", "HuibaoReport",
                "HuibaoStore",
                "HuibaoSync",
                "HuibaoHQ",
                "HuibaoDocx",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Client/HuibaoCLI",
            swiftSettings: swiftSettings
        ),

        // Executables: thin shells over the libraries.
        .executableTarget(
            name: "huibao",
            dependencies: [
                "HuibaoCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Client/huibao",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "huibao-server",
            dependencies: [
                "HuibaoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Server/huibao-server",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "HuibaoBenchmarks",
            dependencies: [
                "HuibaoModel", "HuibaoReport", "HuibaoStore", "HuibaoServerCore", "HuibaoPostgres", "HuibaoHQ",
                "HuibaoSync", "CHuibaoZlib",
                "HuibaoTestSupport", "HuibaoDocx",
            ],
            path: "Benchmarks/HuibaoBenchmarks",
            swiftSettings: swiftSettings
        ),

        // Tests.
        .target(
            name: "HuibaoTestSupport",
            dependencies: [
                "HuibaoModel", "HuibaoReport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/HuibaoTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoModelTests",
            dependencies: ["HuibaoModel", "HuibaoTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoReportTests",
            dependencies: ["HuibaoReport", "HuibaoModel", "HuibaoTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoStoreTests",
            dependencies: ["HuibaoStore", "HuibaoSQLite", "HuibaoModel", "HuibaoReport", "HuibaoTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoHQTests",
            dependencies: ["HuibaoHQ", "HuibaoModel", "HuibaoReport", "HuibaoTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoDocxTests",
            dependencies: [
                "HuibaoDocx", "HuibaoHQ", "HuibaoModel", "HuibaoReport", "HuibaoTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoServerCoreTests",
            dependencies: ["HuibaoServerCore", "HuibaoPostgres", "HuibaoModel", "HuibaoReport", "HuibaoTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoServerTests",
            dependencies: [
                "HuibaoServer",
                "HuibaoDocx",
                "HuibaoTestSupport",
                "HuibaoServerCore",
                "HuibaoHQ",
                "HuibaoModel", "HuibaoReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoSyncTests",
            dependencies: [
                "HuibaoSync", "HuibaoStore", "HuibaoServerCore", "HuibaoModel", "HuibaoReport", "HuibaoTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HuibaoCLITests",
            dependencies: [
                "HuibaoCLI",
                "HuibaoDocx",
                "HuibaoPostgres",
                "HuibaoSync",
                "HuibaoTestSupport",
                "HuibaoModel", "HuibaoReport",
                "HuibaoStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
