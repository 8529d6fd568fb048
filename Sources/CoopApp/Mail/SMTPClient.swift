import CoopDomain
import Foundation
import NIOSSL

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
    /// TLS could not be set up: STARTTLS not offered when required, an untrusted certificate, a failed handshake.
    case tls(String)
    /// The relay refused the user and password (a 5xx answer to AUTH, usually 535).
    case authentication(code: Int, text: String)
    /// The relay cannot be used as configured: no AUTH mechanism we speak, or credentials that would go in clear.
    case configuration(String)

    /// Whether trying this message again cannot help. Only a 5xx reply about the message itself is; TLS,
    /// authentication and configuration problems are the relay's, not the message's, so the message waits for them
    /// to be fixed with the outbox's usual backoff.
    public var isPermanent: Bool {
        if case .reply(let code, _) = self { return code >= 500 }
        return false
    }

    /// Whether the relay cannot be used as configured (TLS, credentials, mechanisms): a person has to fix the
    /// settings or the relay; every message would fail the same way until then.
    public var isConfigurationProblem: Bool {
        switch self {
        case .tls, .authentication, .configuration: true
        case .connection, .timeout, .reply, .malformedReply: false
        }
    }

    /// A short description for the outbox's "last error" (no addresses or secrets of ours; the relay's own words, trimmed).
    public var summary: String {
        switch self {
        case .connection(let what): "connection: \(what)"
        case .timeout: "timeout"
        case .reply(let code, let text): "\(code) \(MailEncoding.headerValue(text).prefix(120))"
        case .malformedReply: "malformed reply"
        case .tls(let what): "tls: \(what)"
        case .authentication(let code, let text): "authentication refused: \(code) \(MailEncoding.headerValue(text).prefix(100))"
        case .configuration(let what): "configuration: \(what)"
        }
    }

    /// The same error with every occurrence of `secrets` replaced, so a relay that repeats what it was sent cannot put
    /// a password into the outbox or the log.
    func hiding(_ secrets: [String]) -> SMTPError {
        let secrets = secrets.filter { $0.count >= 2 }
        guard !secrets.isEmpty else { return self }
        func clean(_ text: String) -> String { secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "<hidden>") } }
        switch self {
        case .connection(let what): return .connection(clean(what))
        case .reply(let code, let text): return .reply(code: code, text: clean(text))
        case .tls(let what): return .tls(clean(what))
        case .authentication(let code, let text): return .authentication(code: code, text: clean(text))
        case .configuration(let what): return .configuration(clean(what))
        case .timeout, .malformedReply: return self
        }
    }
}

/// How the connection to the relay is protected.
public enum SMTPSecurity: String, Sendable, Equatable, CaseIterable {
    /// Plain SMTP, never STARTTLS: for a relay on loopback.
    case plain
    /// STARTTLS when the relay offers it (the certificate is still verified), plain SMTP when it does not.
    case opportunistic
    /// STARTTLS required: nothing is sent when the relay does not offer it (`smtp+starttls://`, port 587).
    case startTLS
    /// TLS from the first byte (`smtps://`, port 465).
    case implicitTLS
}

/// A user and password for SMTP AUTH. Its descriptions never show the password.
public struct SMTPCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The user name.
    public var user: String
    /// The password.
    public var password: String

    /// Creates credentials.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "\(user):<hidden>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["user": user, "password": "<hidden>"]) }

    /// The strings that must never be logged or stored: the password and the encodings it travels in.
    var secrets: [String] {
        [
            password, Data(password.utf8).base64EncodedString(), Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString(),
        ]
    }
}

/// A configuration for ``SMTPClient`` that cannot be used.
public enum SMTPClientError: Error, Equatable {
    /// The extra CA file holds no readable PEM certificate.
    case invalidCertificates
    /// TLS could not be set up (the system's trust store could not be read).
    case tlsUnavailable(String)
}

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO (HELO if refused), STARTTLS (RFC 3207) or implicit TLS (RFC 8314),
/// AUTH PLAIN or LOGIN (RFC 4954), MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT, with a time limit on every step.
/// Certificates are verified against the system's trust store plus any extra CA given. Credentials are only sent
/// over TLS, or in clear to a relay on loopback.
public struct SMTPClient: MailTransport, CustomStringConvertible {
    /// The relay's host name or address.
    public var host: String
    /// The relay's port.
    public var port: Int
    /// The name this host gives in EHLO.
    public var heloName: String
    /// The longest wait for any one step (connecting, a reply, sending).
    public var timeout: TimeInterval
    /// How the connection is protected.
    public let security: SMTPSecurity
    /// The user and password for AUTH, if the relay wants them.
    public let credentials: SMTPCredentials?
    /// The TLS settings (nil for ``SMTPSecurity/plain``).
    let tls: NIOSSLContext?

    /// Creates a plain-SMTP client (no TLS, no AUTH), for a relay on loopback.
    public init(host: String, port: Int = 25, heloName: String = "localhost", timeout: TimeInterval = 30) {
        self.host = host
        self.port = port
        self.heloName = heloName
        self.timeout = timeout
        security = .plain
        credentials = nil
        tls = nil
    }

    /// Creates a client. `extraTrustedCertificatesPEM` adds certificates (a private CA) to the system's trust store.
    public init(
        host: String, port: Int, heloName: String = "localhost", timeout: TimeInterval = 30, security: SMTPSecurity,
        credentials: SMTPCredentials? = nil, extraTrustedCertificatesPEM: [UInt8]? = nil
    ) throws {
        self.host = host
        self.port = port
        self.heloName = heloName
        self.timeout = timeout
        self.security = security
        self.credentials = credentials
        if security == .plain {
            tls = nil
        } else {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            configuration.minimumTLSVersion = .tlsv12
            var extra: [NIOSSLCertificate] = []
            if let pem = extraTrustedCertificatesPEM {
                extra = (try? NIOSSLCertificate.fromPEMBytes(pem)) ?? []
                guard !extra.isEmpty else { throw SMTPClientError.invalidCertificates }
                configuration.additionalTrustRoots = [.certificates(extra)]
            }
            if let context = try? NIOSSLContext(configuration: configuration) {
                tls = context
            } else {
                // No system trust store on this machine (no CA bundle installed): trust only the extra certificates,
                // so with none every certificate is refused, loudly, at send time.
                configuration.trustRoots = .certificates(extra)
                configuration.additionalTrustRoots = []
                do {
                    tls = try NIOSSLContext(configuration: configuration)
                } catch {
                    throw SMTPClientError.tlsUnavailable(String(describing: error))
                }
            }
        }
    }

    public var description: String { "SMTPClient(\(host):\(port), \(security.rawValue), user: \(credentials?.user ?? "none"))" }

    /// Whether `host` is this machine (`localhost`, 127.0.0.0/8, ::1): only there may credentials go in clear.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host name to check the certificate against (nil for an address: NIOSSL then checks the address itself).
    var certificateName: String? {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        let isAddress = bare.contains(":") || (parts.count == 4 && parts.allSatisfy { UInt8($0) != nil })
        return isAddress ? nil : bare
    }

    public func send(_ message: MailMessage) async throws {
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.open(
                host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port, timeout: timeout,
                implicitTLS: security == .implicitTLS ? tls.map { ($0, certificateName) } : nil
            )
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPConnection.describe(error)
        }
        do {
            try await converse(connection, message)
            await connection.close()
        } catch {
            await connection.close()
            let problem = (error as? SMTPError) ?? SMTPConnection.describe(error)
            throw problem.hiding(credentials?.secrets ?? [])
        }
    }

    private func converse(_ connection: SMTPConnection, _ message: MailMessage) async throws {
        try Self.check(try await connection.read(), [220])
        var capabilities = try await hello(connection, allowHELO: true)
        var secure = security == .implicitTLS
        if security == .startTLS || security == .opportunistic, let tls {
            if capabilities.contains(where: { $0.keyword == "STARTTLS" }) {
                try Self.check(try await connection.command("STARTTLS"), [220])
                try await connection.startTLS(context: tls, serverName: certificateName)
                secure = true
                // RFC 3207 §4.2: forget what was said before TLS and ask again.
                capabilities = try await hello(connection, allowHELO: false)
            } else if security == .startTLS {
                throw SMTPError.tls("the relay does not offer STARTTLS, which this setting requires")
            }
        }
        if let credentials {
            guard secure || Self.isLoopback(host) else {
                throw SMTPError.configuration("credentials are only sent over TLS (the relay did not offer STARTTLS)")
            }
            try await authenticate(connection, credentials, capabilities)
        }
        try Self.check(try await connection.command("MAIL FROM:<\(Self.address(message.from))>"), [250])
        try Self.check(try await connection.command("RCPT TO:<\(Self.address(message.to))>"), [250, 251])
        try Self.check(try await connection.command("DATA"), [354])
        // The rendered message ends with CRLF, so "." on its own line ends DATA.
        try await connection.write(MailEncoding.dotStuffed(message.rendered) + ".\r\n")
        try Self.check(try await connection.read(), [250])
        // The message is accepted; a relay that hangs up without answering QUIT changes nothing.
        _ = try? await connection.command("QUIT")
    }

    /// EHLO, or HELO when EHLO is refused; the extensions the relay offers (none after HELO).
    private func hello(_ connection: SMTPConnection, allowHELO: Bool) async throws -> [SMTPCapability] {
        let reply = try await connection.command("EHLO \(heloName)")
        if reply.code == 250 { return reply.lines.dropFirst().map(SMTPCapability.init) }
        guard allowHELO, reply.code == 500 || reply.code == 502 else { throw SMTPError.reply(code: reply.code, text: reply.text) }
        try Self.check(try await connection.command("HELO \(heloName)"), [250])
        return []
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN.
    private func authenticate(_ connection: SMTPConnection, _ credentials: SMTPCredentials, _ capabilities: [SMTPCapability]) async throws {
        let mechanisms = Set(capabilities.filter { $0.keyword == "AUTH" }.flatMap(\.parameters))
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            reply = try await connection.command("AUTH PLAIN " + base64("\u{0}\(credentials.user)\u{0}\(credentials.password)"))
        } else if mechanisms.contains("LOGIN") {
            try Self.checkAuth(try await connection.command("AUTH LOGIN"), 334)
            try Self.checkAuth(try await connection.command(base64(credentials.user)), 334)
            reply = try await connection.command(base64(credentials.password))
        } else {
            throw SMTPError.configuration(
                mechanisms.isEmpty ? "the relay offers no AUTH, but a user and password are set" : "the relay offers neither AUTH PLAIN nor LOGIN"
            )
        }
        try Self.checkAuth(reply, 235)
    }

    private static func checkAuth(_ reply: SMTPReply, _ expected: Int) throws {
        guard reply.code != expected else { return }
        if reply.code >= 500 { throw SMTPError.authentication(code: reply.code, text: reply.text) }
        throw SMTPError.reply(code: reply.code, text: reply.text)
    }

    private static func check(_ reply: SMTPReply, _ codes: Set<Int>) throws {
        guard codes.contains(reply.code) else { throw SMTPError.reply(code: reply.code, text: reply.text) }
    }

    /// An address safe to put in an SMTP command: no angle brackets, spaces or line breaks.
    static func address(_ text: String) -> String {
        String(text.unicodeScalars.filter { !"<> \r\n\t".unicodeScalars.contains($0) }.map(Character.init))
    }
}

/// One line of an EHLO reply: `AUTH PLAIN LOGIN` (or the old `AUTH=PLAIN LOGIN`), `STARTTLS`, `SIZE 1000000`.
struct SMTPCapability: Sendable, Equatable {
    var keyword: String
    var parameters: [String]

    init(_ line: String) {
        let words = line.uppercased().replacingOccurrences(of: "=", with: " ").split(separator: " ").map(String.init)
        keyword = words.first ?? ""
        parameters = Array(words.dropFirst())
    }
}
