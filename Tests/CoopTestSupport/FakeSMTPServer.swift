import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny SMTP server on 127.0.0.1 for tests: it answers like a relay (or as scripted), and records every command
/// line and every message's DATA exactly as it arrived (still dot-stuffed).
public final class FakeSMTPServer: @unchecked Sendable {
    /// One message as received.
    public struct Received: Sendable, Equatable {
        public var mailFrom: String
        public var recipients: [String]
        /// The DATA lines as sent, without the final "." line, joined with CRLF.
        public var rawData: String
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

    /// The port it listens on.
    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var replies: [String: String]
    private var greets: Bool
    private var stopped = false
    private var commandLines: [String] = []
    private var received: [Received] = []
    private var done: DispatchSemaphore

    /// Starts listening. `replies` overrides the answer to a verb (`"RCPT": "451 4.3.0 try later"`, `"DATA-END"` for the
    /// answer after the message); with `greets` false it accepts connections and never says anything.
    public init(replies: [String: String] = [:], greets: Bool = true) throws {
        self.replies = replies
        self.greets = greets
        done = DispatchSemaphore(value: 0)
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Every command line the clients sent, in order (DATA content excluded).
    public var commands: [String] { lock.withLock { commandLines } }
    /// Every message received, in order.
    public var messages: [Received] { lock.withLock { received } }

    /// Changes the answer to a verb from now on (nil: the normal answer).
    public func reply(to verb: String, with line: String?) { lock.withLock { replies[verb] = line } }

    /// Stops listening and waits for the server thread to end.
    public func stop() {
        lock.withLock { stopped = true }
        done.wait()
        close(listener)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func serve() {
        defer { done.signal() }
        while !isStopped {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let (greets, _) = lock.withLock { (self.greets, 0) }
        guard greets else {
            // Say nothing until the client gives up (or the test ends).
            var byte: UInt8 = 0
            while !isStopped, recv(client, &byte, 1, 0) != 0 {}
            return
        }
        var buffer: [UInt8] = []
        func send(_ line: String) {
            let bytes = Array((line + "\r\n").utf8)
            _ = bytes.withUnsafeBytes { raw in write(client, raw.baseAddress, raw.count) }
        }
        func readLine() -> String? {
            while true {
                if let end = buffer.firstIndex(of: 10) {
                    var line = Array(buffer[..<end])
                    buffer.removeSubrange(...end)
                    if line.last == 13 { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { raw in recv(client, raw.baseAddress, raw.count, 0) }
                guard count > 0 else { return nil }
                buffer += chunk[..<count]
            }
        }
        func answer(_ verb: String, _ normal: String) { send(lock.withLock { replies[verb] } ?? normal) }
        send("220 fake.test ESMTP ready")
        var mailFrom = ""
        var recipients: [String] = []
        while let line = readLine() {
            lock.withLock { commandLines.append(line) }
            let verb = line.split(separator: " ").first.map { String($0).uppercased() } ?? ""
            let argument = line.firstIndex(of: "<").map { String(line[$0...]).trimmingCharacters(in: CharacterSet(charactersIn: "<>")) } ?? ""
            switch verb {
            case "EHLO":
                if let scripted = lock.withLock({ replies["EHLO"] }) { send(scripted) } else { send("250-fake.test\r\n250 8BITMIME") }
            case "HELO": answer("HELO", "250 fake.test")
            case "MAIL":
                mailFrom = argument
                answer("MAIL", "250 2.1.0 ok")
            case "RCPT":
                recipients.append(argument)
                answer("RCPT", "250 2.1.5 ok")
            case "DATA":
                let reply = lock.withLock { replies["DATA"] } ?? "354 go ahead"
                send(reply)
                guard reply.hasPrefix("354") else { continue }
                var lines: [String] = []
                while let dataLine = readLine(), dataLine != "." { lines.append(dataLine) }
                let message = Received(mailFrom: mailFrom, recipients: recipients, rawData: lines.joined(separator: "\r\n"))
                let end = lock.withLock { replies["DATA-END"] } ?? "250 2.0.0 queued"
                if end.hasPrefix("250") { lock.withLock { received.append(message) } }
                send(end)
            case "QUIT":
                send("221 bye")
                return
            case "RSET", "NOOP": send("250 ok")
            default: send("500 unknown command")
            }
        }
    }
}
