import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP reply: a code and its lines (`250-…` lines continue, `250 …` ends it).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    /// The text of each line, after the code and its separator.
    var lines: [String]
    /// The lines joined with spaces.
    var text: String { lines.joined(separator: " ") }
}

/// One connection to the relay on SwiftNIO's shared event loops: send a line, wait for a reply, switch to TLS.
/// Every wait for a reply is bounded by `timeout`, and the whole conversation by a few times it, after which the
/// connection is closed.
final class SMTPConnection: Sendable {
    private let channel: any Channel
    private let timeout: TimeAmount
    private let watchdog: Scheduled<Void>
    private let problem: SMTPProblemBox

    private init(channel: any Channel, timeout: TimeAmount, problem: SMTPProblemBox) {
        self.channel = channel
        self.timeout = timeout
        self.problem = problem
        // Nothing one message needs takes this long: a relay that trickles bytes is cut off.
        watchdog = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds * 8)) { channel.close(promise: nil) }
    }

    /// Connects; with `implicitTLS` the TLS handshake starts at once (the context and the name to check, nil for an address).
    static func open(host: String, port: Int, timeout: TimeInterval, implicitTLS: (NIOSSLContext, String?)?) async throws -> SMTPConnection {
        let limit = TimeAmount.milliseconds(Int64(max(timeout, 0.01) * 1000))
        let problem = SMTPProblemBox()
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(limit)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS.0, serverHostname: implicitTLS.1))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyReader(timeout: limit, problem: problem))
                }
            }
        let channel = try await bootstrap.connect(host: host, port: port).get()
        return SMTPConnection(channel: channel, timeout: limit, problem: problem)
    }

    /// The next reply.
    func read() async throws -> SMTPReply {
        let channel = channel
        let problem = problem
        return try await channel.eventLoop.flatSubmit {
            do {
                return try channel.pipeline.syncOperations.handler(type: SMTPReplyReader.self).next(on: channel.eventLoop)
            } catch {
                // The pipeline is gone: the connection closed, perhaps after a failed handshake.
                return channel.eventLoop.makeFailedFuture(problem.value ?? SMTPError.connection("closed by the relay"))
            }
        }.get()
    }

    /// Sends `text` as it is.
    func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        } catch {
            // A write waiting for a handshake fails when the handshake does: say why.
            throw problem.value ?? Self.describe(error)
        }
    }

    /// Sends a command line and reads its reply.
    func command(_ line: String) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await read()
    }

    /// Puts TLS under the conversation after the relay said 220 to STARTTLS. Anything the relay sent after that
    /// reply, before the handshake, would have been injected by someone in the middle: it is refused (RFC 3207 §6).
    func startTLS(context: NIOSSLContext, serverName: String?) async throws {
        let channel = channel
        try await channel.eventLoop.flatSubmit {
            do {
                let reader = try channel.pipeline.syncOperations.handler(type: SMTPReplyReader.self)
                guard !reader.hasUnreadInput else { throw SMTPError.tls("the relay sent data before the TLS handshake") }
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }

    /// Closes the connection (without waiting for the relay).
    func close() async {
        watchdog.cancel()
        try? await channel.close().get()
    }

    /// An SMTPError for anything NIO or NIOSSL threw.
    static func describe(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if let error = error as? ChannelError, case .connectTimeout = error { return .timeout }
        if error is NIOConnectionError { return .connection("refused or unreachable") }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            let text = String(describing: error)
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return .tls("the relay's certificate is not trusted") }
            if text.contains("failedToValidateHostname") { return .tls("the certificate does not name the relay") }
            return .tls("handshake failed")
        }
        if let error = error as? IOError { return .connection("error \(error.errnoCode)") }
        if let error = error as? ChannelError {
            switch error {
            case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .eof: return .connection("closed by the relay")
            default: return .connection("channel error")
            }
        }
        return .connection(String(describing: type(of: error)))
    }
}

/// Reads the relay's bytes into replies and hands them, one at a time, to whoever waits; on the event loop only.
final class SMTPReplyReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let timeout: TimeAmount
    private let problem: SMTPProblemBox
    private var partial: [UInt8] = []
    private var lines: [String] = []
    private var replies: [SMTPReply] = []
    private var failure: SMTPError?
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>)?

    init(timeout: TimeAmount, problem: SMTPProblemBox) {
        self.timeout = timeout
        self.problem = problem
    }

    /// Whether bytes arrived that nobody has read yet.
    var hasUnreadInput: Bool { !partial.isEmpty || !lines.isEmpty || !replies.isEmpty }

    /// The next reply, failing after the time limit.
    func next(on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        guard waiter == nil else { return loop.makeFailedFuture(SMTPError.connection("two readers")) }
        let promise = loop.makePromise(of: SMTPReply.self)
        let bound = NIOLoopBound(self, eventLoop: loop)
        let timer = loop.scheduleTask(in: timeout) { bound.value.fail(.timeout) }
        waiter = (promise, timer)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        partial += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let end = partial.firstIndex(of: 10) {
            var line = Array(partial[..<end])
            partial.removeSubrange(...end)
            if line.last == 13 { line.removeLast() }
            take(String(decoding: line, as: UTF8.self))
        }
        if partial.count > 65_536 { fail(.malformedReply) }
        deliver()
    }

    private func take(_ line: String) {
        guard line.count >= 3, let code = Int(line.prefix(3)), (200...599).contains(code) else { return fail(.malformedReply) }
        lines.append(String(line.dropFirst(4)))
        if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
            replies.append(SMTPReply(code: code, lines: lines))
            lines = []
        } else if lines.count >= 100 {
            fail(.malformedReply)
        }
    }

    private func deliver() {
        guard let waiter, !replies.isEmpty else { return }
        self.waiter = nil
        waiter.timer.cancel()
        waiter.promise.succeed(replies.removeFirst())
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPConnection.describe(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connection("closed by the relay"))
        context.fireChannelInactive()
    }

    /// Records the first problem and fails the waiting reader with it.
    func fail(_ problem: SMTPError) {
        if failure == nil {
            failure = problem
            self.problem.value = problem
        }
        guard let waiter else { return }
        self.waiter = nil
        waiter.timer.cancel()
        waiter.promise.fail(failure ?? problem)
    }
}

/// The first problem a connection met, readable after its pipeline is gone.
final class SMTPProblemBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: SMTPError?

    var value: SMTPError? {
        get { lock.withLock { stored } }
        set { lock.withLock { if stored == nil { stored = newValue } } }
    }
}
