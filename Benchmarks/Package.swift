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
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")
    ],
    targets: [
        // The project's own pure domain module (a link to ../Sources/CoopDomain), so the counts are timed in process.
        .target(name: "CoopDomain", swiftSettings: [.swiftLanguageMode(.v6)]),
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
