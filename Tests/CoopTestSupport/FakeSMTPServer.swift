import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A tiny SMTP server on 127.0.0.1 for tests: it answers like a relay (or as scripted), and records every command
/// line and every message's DATA exactly as it arrived (still dot-stuffed). It can offer STARTTLS or speak TLS from
/// the first byte with a test certificate, and ask for AUTH PLAIN and/or LOGIN.
public final class FakeSMTPServer: @unchecked Sendable {
    /// One message as received.
    public struct Received: Sendable, Equatable {
        public var mailFrom: String
        public var recipients: [String]
        /// The DATA lines as sent, without the final "." line, joined with CRLF.
        public var rawData: String
        /// Whether it came over TLS.
        public var overTLS = false
        /// The DATA with dot-stuffing undone.
        public var data: String {
            rawData.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }.joined(separator: "\r\n")
        }
        /// The value of header `name`, unfolded.
        public func header(_ name: String) -> String? {
            let head = data.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
            return head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        /// The body (after the blank line).
        public var body: String { data.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }
    }

    /// How the server protects its connections.
    public enum Security: Sendable, Equatable {
        /// Plain SMTP; STARTTLS is not offered.
        case none
        /// Plain at first, STARTTLS offered (and required before MAIL).
        case startTLS
        /// TLS from the first byte.
        case implicitTLS
    }

    /// What it asks for before MAIL: the AUTH mechanisms it offers and the user and password it accepts.
    public struct Auth: Sendable, Equatable {
        public var mechanisms: [String]
        public var user: String
        public var password: String
        public init(mechanisms: [String] = ["PLAIN", "LOGIN"], user: String, password: String) {
            self.mechanisms = mechanisms
            self.user = user
            self.password = password
        }
    }

    /// One line a client sent, and whether it came over TLS.
    public struct Line: Sendable, Equatable {
        public var text: String
        public var overTLS: Bool
    }

    /// The port it listens on.
    public let port: Int
    let security: Security
    let auth: Auth?
    private let tls: NIOSSLContext?
    private let listener: any Channel
    private let lock = NSLock()
    private var replies: [String: String]
    private let greets: Bool
    private var lines: [Line] = []
    private var received: [Received] = []
    private var connections: [any Channel] = []

    /// Starts listening. `replies` overrides the answer to a verb (`"RCPT": "451 4.3.0 try later"`, `"DATA-END"` for the
    /// answer after the message); with `greets` false it accepts connections and never says anything. `security` other
    /// than `.none` needs `certificates` (the server presents their leaf certificate); `auth` makes it require AUTH.
    public init(
        replies: [String: String] = [:], greets: Bool = true, security: Security = .none, certificates: TestCertificates? = nil,
        auth: Auth? = nil
    ) throws {
        self.replies = replies
        self.greets = greets
        self.security = security
        self.auth = auth
        if security == .none {
            tls = nil
        } else {
            guard let certificates else { throw POSIXError(.EINVAL) }
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificates.certificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.privateKeyPEM.utf8), format: .pem))
            )
            tls = try NIOSSLContext(configuration: configuration)
        }
        let box = WeakBox()
        let implicit = security == .implicitTLS ? tls : nil
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let server = box.server else { throw ChannelError.ioOnClosedChannel }
                    server.lock.withLock { server.connections.append(channel) }
                    if let implicit { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: implicit)) }
                    try channel.pipeline.syncOperations.addHandler(FakeSMTPSession(server: server, secure: implicit != nil))
                }
            }
        listener = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        port = listener.localAddress?.port ?? 0
        box.server = self
    }

    /// Every command line the clients sent, in order (DATA content excluded; AUTH exchanges included).
    public var commands: [String] { lock.withLock { lines.map(\.text) } }
    /// Every command line with whether it came over TLS.
    public var transcript: [Line] { lock.withLock { lines } }
    /// Every message received, in order.
    public var messages: [Received] { lock.withLock { received } }

    /// Changes the answer to a verb from now on (nil: the normal answer).
    public func reply(to verb: String, with line: String?) { lock.withLock { replies[verb] = line } }

    /// Stops listening and closes every connection.
    public func stop() {
        let open = lock.withLock { connections }
        for connection in open { try? connection.close().wait() }
        try? listener.close().wait()
    }

    // For the sessions.
    fileprivate var greetsClients: Bool { greets }
    fileprivate var tlsContext: NIOSSLContext? { tls }
    fileprivate func scripted(_ verb: String) -> String? { lock.withLock { replies[verb] } }
    fileprivate func record(_ line: String, overTLS: Bool) { lock.withLock { lines.append(Line(text: line, overTLS: overTLS)) } }
    fileprivate func record(_ message: Received) { lock.withLock { received.append(message) } }
}

private final class WeakBox: @unchecked Sendable {
    weak var server: FakeSMTPServer?
}

/// One client's conversation with the fake server; on its channel's event loop only.
private final class FakeSMTPSession: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Mode {
        case command
        case data([String])
        case authPlain
        case authLoginUser
        case authLoginPassword(String)
    }

    let server: FakeSMTPServer
    var secure: Bool
    var mode = Mode.command
    var buffer: [UInt8] = []
    var mailFrom = ""
    var recipients: [String] = []
    var authenticated = false

    init(server: FakeSMTPServer, secure: Bool) {
        self.server = server
        self.secure = secure
    }

    func channelActive(context: ChannelHandlerContext) {
        if server.greetsClients { send("220 fake.test ESMTP ready", context) }
        context.fireChannelActive()
    }

    func send(_ line: String, _ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: line + "\r\n")), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard server.greetsClients else { return }
        buffer += bytes.readBytes(length: bytes.readableBytes) ?? []
        while let end = buffer.firstIndex(of: 10) {
            var line = Array(buffer[..<end])
            buffer.removeSubrange(...end)
            if line.last == 13 { line.removeLast() }
            if !handle(String(decoding: line, as: UTF8.self), context) { break }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Handles one line; false when the rest of what arrived must be dropped (after STARTTLS or QUIT).
    func handle(_ line: String, _ context: ChannelHandlerContext) -> Bool {
        switch mode {
        case .data(var lines):
            guard line != "." else {
                mode = .command
                let message = FakeSMTPServer.Received(mailFrom: mailFrom, recipients: recipients, rawData: lines.joined(separator: "\r\n"), overTLS: secure)
                let end = server.scripted("DATA-END") ?? "250 2.0.0 queued"
                if end.hasPrefix("250") { server.record(message) }
                send(end, context)
                return true
            }
            lines.append(line)
            mode = .data(lines)
            return true
        case .authPlain:
            server.record(line, overTLS: secure)
            mode = .command
            checkPlain(line, context)
            return true
        case .authLoginUser:
            server.record(line, overTLS: secure)
            mode = .authLoginPassword(Self.decode(line))
            send("334 UGFzc3dvcmQ6", context)
            return true
        case .authLoginPassword(let user):
            server.record(line, overTLS: secure)
            mode = .command
            finishAuth(user: user, password: Self.decode(line), given: line, context)
            return true
        case .command:
            break
        }
        server.record(line, overTLS: secure)
        let words = line.split(separator: " ").map(String.init)
        let verb = words.first?.uppercased() ?? ""
        let argument = line.firstIndex(of: "<").map { String(line[$0...]).trimmingCharacters(in: CharacterSet(charactersIn: "<>")) } ?? ""
        func answer(_ normal: String) { send(server.scripted(verb) ?? normal, context) }
        switch verb {
        case "EHLO":
            if let scripted = server.scripted("EHLO") {
                send(scripted, context)
            } else {
                var offered = ["fake.test", "8BITMIME"]
                if server.security == .startTLS && !secure { offered.append("STARTTLS") }
                if let auth = server.auth, secure || server.security == .none { offered.append("AUTH " + auth.mechanisms.joined(separator: " ")) }
                offered.append("SIZE 10000000")
                send(offered.enumerated().map { "250\($0.offset == offered.count - 1 ? " " : "-")\($0.element)" }.joined(separator: "\r\n"), context)
            }
        case "HELO": answer("250 fake.test")
        case "STARTTLS":
            if let scripted = server.scripted("STARTTLS") {
                // A scripted answer (for example a man in the middle's extra line) and no TLS.
                send(scripted, context)
                return true
            }
            guard server.security == .startTLS, !secure, let tls = server.tlsContext else {
                send("502 5.5.1 not offered", context)
                return true
            }
            send("220 2.0.0 ready to start TLS", context)
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
            } catch {
                context.close(promise: nil)
            }
            secure = true
            mailFrom = ""
            recipients = []
            buffer = []
            return false
        case "AUTH":
            let mechanism = words.count > 1 ? words[1].uppercased() : ""
            guard let auth = server.auth, auth.mechanisms.contains(mechanism), secure || server.security == .none else {
                send("504 5.5.4 mechanism not offered", context)
                return true
            }
            if mechanism == "PLAIN" {
                if words.count > 2 {
                    checkPlain(words[2], context)
                } else {
                    mode = .authPlain
                    send("334 ", context)
                }
            } else {
                mode = .authLoginUser
                send("334 VXNlcm5hbWU6", context)
            }
        case "MAIL":
            if server.security == .startTLS && !secure {
                send("530 5.7.0 Must issue a STARTTLS command first", context)
            } else if server.auth != nil && !authenticated {
                send("530 5.7.0 Authentication required", context)
            } else {
                mailFrom = argument
                recipients = []
                answer("250 2.1.0 ok")
            }
        case "RCPT":
            recipients.append(argument)
            answer("250 2.1.5 ok")
        case "DATA":
            let reply = server.scripted("DATA") ?? "354 go ahead"
            send(reply, context)
            if reply.hasPrefix("354") { mode = .data([]) }
        case "QUIT":
            send("221 bye", context)
            context.close(promise: nil)
            return false
        case "RSET", "NOOP": send("250 ok", context)
        default: send("500 unknown command", context)
        }
        return true
    }

    func checkPlain(_ given: String, _ context: ChannelHandlerContext) {
        let parts = Self.decode(given).split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return send("501 5.5.2 cannot decode", context) }
        finishAuth(user: parts[1], password: parts[2], given: given, context)
    }

    /// Like a careless relay, the refusal repeats what it was given (so tests can check the client hides it).
    func finishAuth(user: String, password: String, given: String, _ context: ChannelHandlerContext) {
        if let auth = server.auth, user == auth.user, password == auth.password {
            authenticated = true
            send("235 2.7.0 authenticated", context)
        } else {
            send("535 5.7.8 authentication failed for \(given)", context)
        }
    }

    static func decode(_ base64: String) -> String {
        Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
