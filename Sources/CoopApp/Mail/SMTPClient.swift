import CoopDomain
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Something that hands a message to the mail system.
public protocol MailTransport: Sendable {
    /// Sends `message`; throws ``SMTPError`` (or another error, treated as temporary) when it was not accepted.
    func send(_ message: MailMessage) async throws
}

/// Why a message was not accepted.
public enum SMTPError: Error, Sendable, Equatable {
    /// The relay could not be reached or the connection broke.
    case connection(String)
    /// The relay did not answer in time.
    case timeout
    /// The relay answered with an unexpected reply: 4xx is temporary, 5xx permanent (RFC 5321 §4.2.1).
    case reply(code: Int, text: String)
    /// The relay's answer was not SMTP.
    case malformedReply

    /// Whether trying again cannot help.
    public var isPermanent: Bool {
        if case .reply(let code, _) = self { return code >= 500 }
        return false
    }

    /// A short description for the outbox's "last error" (no addresses or secrets of ours; the relay's own words, trimmed).
    public var summary: String {
        switch self {
        case .connection(let what): "connection: \(what)"
        case .timeout: "timeout"
        case .reply(let code, let text): "\(code) \(MailEncoding.headerValue(text).prefix(120))"
        case .malformedReply: "malformed reply"
        }
    }
}

/// A minimal SMTP client (RFC 5321): EHLO (HELO if refused), MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT,
/// over a plain TCP connection with a timeout on every step. It is meant for a relay on the same host or network
/// (Postfix, OpenSMTPD, a provider's smarthost reached through one) that takes care of TLS and authentication onward;
/// it does not speak STARTTLS or AUTH. The socket work runs on a Dispatch thread, not on Swift's cooperative pool.
public struct SMTPClient: MailTransport {
    /// The relay's host name or address.
    public var host: String
    /// The relay's port.
    public var port: Int
    /// The name this host gives in EHLO.
    public var heloName: String
    /// The longest wait for any one step (connecting, a reply, sending).
    public var timeout: TimeInterval

    /// Creates a client.
    public init(host: String, port: Int = 25, heloName: String = "localhost", timeout: TimeInterval = 30) {
        self.host = host
        self.port = port
        self.heloName = heloName
        self.timeout = timeout
    }

    public func send(_ message: MailMessage) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global(qos: .utility).async {
                do {
                    try sendBlocking(message)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    func sendBlocking(_ message: MailMessage) throws {
        let connection = try SMTPConnection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        try connection.expect([220])
        do {
            try connection.command("EHLO \(heloName)", expect: [250])
        } catch SMTPError.reply(let code, _) where code == 500 || code == 502 {
            try connection.command("HELO \(heloName)", expect: [250])
        }
        try connection.command("MAIL FROM:<\(Self.address(message.from))>", expect: [250])
        try connection.command("RCPT TO:<\(Self.address(message.to))>", expect: [250, 251])
        try connection.command("DATA", expect: [354])
        // The rendered message ends with CRLF, so "." on its own line ends DATA.
        try connection.write(MailEncoding.dotStuffed(message.rendered) + ".\r\n")
        try connection.expect([250])
        // The message is accepted; a relay that hangs up without answering QUIT changes nothing.
        try? connection.command("QUIT", expect: [221])
    }

    /// An address safe to put in an SMTP command: no angle brackets, spaces or line breaks.
    static func address(_ text: String) -> String {
        String(text.unicodeScalars.filter { !"<> \r\n\t".unicodeScalars.contains($0) }.map(Character.init))
    }
}

/// One TCP connection to the relay, non-blocking with `poll` for the time limits.
final class SMTPConnection {
    private let socket: Int32
    private let timeout: TimeInterval
    private var buffer: [UInt8] = []

    init(host: String, port: Int, timeout: TimeInterval) throws {
        self.timeout = timeout
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw SMTPError.connection("unknown host") }
        defer { freeaddrinfo(list) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var lastProblem = SMTPError.connection("refused")
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = Glibc_socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                if Self.wait(fd, events: Int16(POLLOUT), milliseconds: Int32(timeout * 1000)) {
                    var problem: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &problem, &length)
                    if problem == 0 {
                        socket = fd
                        return
                    }
                    lastProblem = .connection("refused")
                } else {
                    lastProblem = .timeout
                }
            }
            _ = Glibc_close(fd)
        }
        throw lastProblem
    }

    func close() { _ = Glibc_close(socket) }

    /// Sends a command and reads its reply.
    func command(_ line: String, expect codes: Set<Int>) throws {
        try write(line + "\r\n")
        try expect(codes)
    }

    /// Reads one reply (all its lines) and checks its code.
    func expect(_ codes: Set<Int>) throws {
        let (code, text) = try readReply()
        guard codes.contains(code) else { throw SMTPError.reply(code: code, text: text) }
    }

    func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        let deadline = Date().addingTimeInterval(timeout)
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { raw in Glibc_send(socket, raw.baseAddress, raw.count) }
            if sent > 0 {
                bytes = bytes.dropFirst(sent)
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard Self.wait(socket, events: Int16(POLLOUT), milliseconds: Self.remaining(deadline)) else { throw SMTPError.timeout }
            } else {
                throw SMTPError.connection("closed while sending")
            }
        }
    }

    /// A reply: lines `250-…` continue, `250 …` ends it.
    private func readReply() throws -> (Int, String) {
        var texts: [String] = []
        while true {
            let line = try readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPError.malformedReply }
            texts.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, texts.joined(separator: " ")) }
            guard texts.count < 100 else { throw SMTPError.malformedReply }
        }
    }

    private func readLine() throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 65_536 else { throw SMTPError.malformedReply }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { raw in recv(socket, raw.baseAddress, raw.count, 0) }
            if count > 0 {
                buffer += chunk[..<count]
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard Self.wait(socket, events: Int16(POLLIN), milliseconds: Self.remaining(deadline)) else { throw SMTPError.timeout }
            } else {
                throw SMTPError.connection("closed by the relay")
            }
        }
    }

    private static func remaining(_ deadline: Date) -> Int32 { Int32(max(0, deadline.timeIntervalSinceNow * 1000)) }

    /// Waits until `fd` is ready for `events`; false on timeout.
    private static func wait(_ fd: Int32, events: Int16, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }
}

// The C calls, named apart from the methods above.
private func Glibc_socket(_ domain: Int32, _ type: Int32, _ proto: Int32) -> Int32 { socket(domain, type, proto) }
private func Glibc_close(_ fd: Int32) -> Int32 { close(fd) }
private func Glibc_send(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    send(fd, pointer, count, 0)
    #else
    send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #endif
}
