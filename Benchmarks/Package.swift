// swift-tools-version:6.1
// CoopCare's HTTP benchmarks: a package of its own, so that `swift test` at the root never builds it.
// Run everything with `bash Benchmarks/run-http.sh` from the repository root (see README.md).
import PackageDescription

let package = Package(
    name: "CoopCareBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "HelloWorld", targets: ["HelloWorld"]),
        .executable(name: "FixedRate", targets: ["FixedRate"]),
        .executable(name: "CountBench", targets: ["CountBench"]),
        .executable(name: "CareBench", targets: ["CareBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.3.0"),
    ],
    targets: [
        // The project's own pure domain module (a link to ../Sources/CoopDomain), so the counts are timed in process.
        .target(name: "CoopDomain", swiftSettings: [.swiftLanguageMode(.v6)]),
        // The project's storage and use cases and its test helpers (links to ../Sources and ../Tests), for CareBench.
        .target(
            name: "CoopData",
            dependencies: [
                "CoopDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "CoopApp",
            dependencies: [
                "CoopDomain", "CoopData",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "CoopTestSupport",
            dependencies: [
                "CoopData", "CoopApp", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Times the care-access search and bookings in process (issue 4's speed goals).
        .executableTarget(name: "CareBench", dependencies: ["CoopApp", "CoopData", "CoopDomain", "CoopTestSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // Times CoopCare's counts of BLT files (run-count.py compares them with pyrankvote).
        .executableTarget(name: "CountBench", dependencies: ["CoopDomain"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // The baseline: a bare Hummingbird 2 app, GET /hello -> "Hello, world!".
        .executableTarget(
            name: "HelloWorld",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // A constant-rate HTTP/1.1 load generator (C, epoll, keep-alive), for latency at a fixed rate
        // with the schedule-based (coordinated-omission-corrected) measure, since Debian has no wrk2.
        .executableTarget(
            name: "FixedRate",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
    ]
)
