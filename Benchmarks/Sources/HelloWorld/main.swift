import Hummingbird

/// The baseline for CoopCare's HTTP benchmark: a bare Hummingbird 2 application with one route,
/// `GET /hello` answering `Hello, world!` as text, bound to 127.0.0.1 on the port given as the
/// first argument (default 8081). No middleware, default logger (nothing logged per request).
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8081

let router = Router()
router.get("/hello") { _, _ -> String in
    "Hello, world!"
}

let app = Application(
    router: router,
    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "HelloWorld"),
    onServerRunning: { channel in
        print("HelloWorld is serving at http://127.0.0.1:\(channel.localAddress?.port ?? port)/hello")
    }
)
try await app.runService()
