import CoopDomain
import Foundation

/// How the outbox is delivered: through an SMTP relay (`COOPCARE_SMTP_URL`), or not at all (development and demo),
/// in which case messages stay in the outbox for coordinators to read.
public struct MailSettings: Sendable {
    /// Where messages go; nil keeps them in the outbox.
    public var transport: (any MailTransport)?
    /// The relay as configured (`smtp://host:port`), for the outbox page; nil without one.
    public var relayDescription: String?
    /// The sender's address (`COOPCARE_MAIL_FROM`).
    public var from: String
    /// When failed messages are tried again.
    public var retry: MailRetryPolicy
    /// How long a claimed message stays reserved for its deliverer (longer than a send can take).
    public var lease: TimeInterval
    /// The most messages one delivery run claims.
    public var batchSize: Int

    /// Creates settings.
    public init(
        transport: (any MailTransport)?, relayDescription: String? = nil, from: String = "coopcare@localhost", retry: MailRetryPolicy = .standard,
        lease: TimeInterval = 300, batchSize: Int = 50
    ) {
        self.transport = transport
        self.relayDescription = relayDescription
        self.from = from
        self.retry = retry
        self.lease = lease
        self.batchSize = batchSize
    }

    /// No relay: nothing leaves the outbox.
    public static let development = MailSettings(transport: nil)

    /// Whether messages only wait in the outbox.
    public var isDevelopment: Bool { transport == nil }

    /// The settings from the environment:
    ///
    /// - `COOPCARE_SMTP_URL`, one of
    ///   - `smtp://host[:25]`: plain SMTP to a relay on loopback (`localhost`, 127.0.0.0/8, ::1); to any other host
    ///     STARTTLS is required, so health-adjacent mail never crosses a network in clear by accident. The query
    ///     `?starttls=required|opportunistic|off` changes that: `opportunistic` uses STARTTLS when offered and plain SMTP
    ///     otherwise, `off` never uses it (both only for a relay on a private network the operator trusts);
    ///   - `smtp+starttls://[user[:password]@]host[:587]`: STARTTLS required; nothing is sent without it;
    ///   - `smtps://[user[:password]@]host[:465]`: TLS from the first byte.
    ///   The user and password are percent-decoded.
    /// - `COOPCARE_SMTP_PASSWORD_FILE`: a file holding the password (one trailing line break is dropped), so the
    ///   secret is neither in the environment nor in the process list; the user still comes from the URL. Giving a
    ///   password in both places is refused.
    /// - `COOPCARE_SMTP_CA_FILE`: PEM certificates (a private CA) trusted in addition to the system's trust store.
    ///   Certificates are always verified; there is no option to skip that.
    /// - `COOPCARE_MAIL_FROM` (default `coopcare@` the public address's host).
    ///
    /// Credentials go only over TLS, or in clear to a loopback relay.
    public static func from(environment: [String: String], publicURL: String) throws -> MailSettings {
        let publicHost = URLComponents(string: publicURL)?.host ?? "localhost"
        let from = environment["COOPCARE_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "coopcare@\(publicHost)"
        guard (try? EmailAddress(from)) != nil else { throw MailSettingsError.invalidFrom }
        guard let text = environment["COOPCARE_SMTP_URL"], !text.isEmpty else { return MailSettings(transport: nil, from: from) }
        let relay = try SMTPRelayURL(text, passwordFile: environment["COOPCARE_SMTP_PASSWORD_FILE"].flatMap { $0.isEmpty ? nil : $0 })
        var extraCA: [UInt8]?
        if let path = environment["COOPCARE_SMTP_CA_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else { throw MailSettingsError.unreadableFile("COOPCARE_SMTP_CA_FILE") }
            extraCA = Array(data)
        }
        let client: SMTPClient
        do {
            client = try SMTPClient(
                host: relay.host, port: relay.port, heloName: publicHost, security: relay.security, credentials: relay.credentials,
                extraTrustedCertificatesPEM: extraCA
            )
        } catch SMTPClientError.invalidCertificates {
            throw MailSettingsError.invalidCAFile
        } catch {
            throw MailSettingsError.tlsUnavailable
        }
        return MailSettings(transport: client, relayDescription: relay.description, from: from)
    }
}

/// `COOPCARE_SMTP_URL` taken apart (see ``MailSettings/from(environment:publicURL:)``).
public struct SMTPRelayURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    public var credentials: SMTPCredentials?

    /// Reads `text`; `passwordFile` is the path in `COOPCARE_SMTP_PASSWORD_FILE`, if any.
    public init(_ text: String, passwordFile: String? = nil) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let rawHost = url.host, !rawHost.isEmpty,
            url.path.isEmpty || url.path == "/"
        else { throw MailSettingsError.invalidRelay }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let loopback = SMTPClient.isLoopback(host)
        let choice = url.queryItems?.first { $0.name == "starttls" }?.value?.lowercased()
        guard (url.queryItems ?? []).allSatisfy({ $0.name == "starttls" }) else { throw MailSettingsError.invalidRelay }
        switch scheme {
        case "smtp":
            switch choice {
            case nil: security = loopback ? .plain : .startTLS
            case "required": security = .startTLS
            case "opportunistic": security = .opportunistic
            case "off": security = .plain
            default: throw MailSettingsError.invalidRelay
            }
            port = url.port ?? 25
        case "smtp+starttls":
            guard choice == nil || choice == "required" else { throw MailSettingsError.invalidRelay }
            security = .startTLS
            port = url.port ?? 587
        case "smtps":
            guard choice == nil else { throw MailSettingsError.invalidRelay }
            security = .implicitTLS
            port = url.port ?? 465
        default:
            throw MailSettingsError.invalidRelay
        }
        guard (1...65535).contains(port) else { throw MailSettingsError.invalidRelay }
        self.host = host
        let user = url.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        var password = url.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        if let passwordFile {
            guard password == nil else { throw MailSettingsError.passwordTwice }
            guard let data = FileManager.default.contents(atPath: passwordFile), var text = String(data: data, encoding: .utf8) else {
                throw MailSettingsError.unreadableFile("COOPCARE_SMTP_PASSWORD_FILE")
            }
            if text.hasSuffix("\n") { text.removeLast() }
            if text.hasSuffix("\r") { text.removeLast() }
            password = text
        }
        if let user, !user.isEmpty {
            guard let password, !password.isEmpty else { throw MailSettingsError.missingPassword }
            credentials = SMTPCredentials(user: user, password: password)
        } else {
            guard password == nil else { throw MailSettingsError.missingUser }
            credentials = nil
        }
        // Credentials never cross a network in clear.
        if credentials != nil, !loopback, security == .plain || security == .opportunistic { throw MailSettingsError.credentialsInClear }
    }

    /// The relay for the outbox page and the logs, without the password.
    public var description: String {
        let scheme = switch security {
        case .implicitTLS: "smtps"
        case .startTLS: "smtp+starttls"
        case .opportunistic, .plain: "smtp"
        }
        let query = switch security {
        case .opportunistic: "?starttls=opportunistic"
        case .plain where !SMTPClient.isLoopback(host): "?starttls=off"
        default: ""
        }
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(credentials.map { "\($0.user)@" } ?? "")\(name):\(port)\(query)"
    }
}

/// A mail setting that cannot be used.
public enum MailSettingsError: Error, Equatable, CustomStringConvertible {
    /// `COOPCARE_SMTP_URL` is not one of the forms above.
    case invalidRelay
    /// `COOPCARE_MAIL_FROM` is not an email address.
    case invalidFrom
    /// A user without a password.
    case missingPassword
    /// A password without a user.
    case missingUser
    /// A password both in the URL and in `COOPCARE_SMTP_PASSWORD_FILE`.
    case passwordTwice
    /// Credentials for a relay off this machine without required TLS.
    case credentialsInClear
    /// A file named in the setting could not be read.
    case unreadableFile(String)
    /// `COOPCARE_SMTP_CA_FILE` holds no PEM certificate.
    case invalidCAFile
    /// TLS could not be set up.
    case tlsUnavailable

    public var description: String {
        switch self {
        case .invalidRelay:
            "COOPCARE_SMTP_URL must look like smtp://host[:25][?starttls=required|opportunistic|off], "
                + "smtp+starttls://user:password@host[:587] or smtps://user:password@host[:465]"
        case .invalidFrom: "COOPCARE_MAIL_FROM must be an email address"
        case .missingPassword: "COOPCARE_SMTP_URL names a user but no password (put it in the URL or in COOPCARE_SMTP_PASSWORD_FILE)"
        case .missingUser: "a relay password needs a user in COOPCARE_SMTP_URL (smtp+starttls://user@host:587)"
        case .passwordTwice: "give the relay password either in COOPCARE_SMTP_URL or in COOPCARE_SMTP_PASSWORD_FILE, not both"
        case .credentialsInClear:
            "credentials are only sent over TLS to a relay off this machine: use smtp+starttls:// or smtps:// (or smtp:// without ?starttls=)"
        case .unreadableFile(let name): "the file named in \(name) cannot be read"
        case .invalidCAFile: "COOPCARE_SMTP_CA_FILE must hold PEM certificates"
        case .tlsUnavailable: "TLS for the mail relay could not be set up (is the system trust store readable?)"
        }
    }
}
