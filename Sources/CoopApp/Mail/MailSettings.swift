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

    /// The settings from `COOPCARE_SMTP_URL` (`smtp://host[:port]`, port 25 by default) and `COOPCARE_MAIL_FROM`
    /// (default `coopcare@` the public address's host).
    public static func from(environment: [String: String], publicURL: String) throws -> MailSettings {
        let publicHost = URLComponents(string: publicURL)?.host ?? "localhost"
        let from = environment["COOPCARE_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "coopcare@\(publicHost)"
        guard (try? EmailAddress(from)) != nil else { throw MailSettingsError.invalidFrom }
        guard let text = environment["COOPCARE_SMTP_URL"], !text.isEmpty else { return MailSettings(transport: nil, from: from) }
        guard let url = URLComponents(string: text), url.scheme?.lowercased() == "smtp", let host = url.host, !host.isEmpty,
            url.user == nil, url.password == nil
        else { throw MailSettingsError.invalidRelay }
        let port = url.port ?? 25
        guard (1...65535).contains(port) else { throw MailSettingsError.invalidRelay }
        return MailSettings(
            transport: SMTPClient(host: host, port: port, heloName: publicHost), relayDescription: "smtp://\(host):\(port)", from: from
        )
    }
}

/// A mail setting that cannot be used.
public enum MailSettingsError: Error, Equatable, CustomStringConvertible {
    /// `COOPCARE_SMTP_URL` is not `smtp://host[:port]` (credentials and other schemes are not supported).
    case invalidRelay
    /// `COOPCARE_MAIL_FROM` is not an email address.
    case invalidFrom

    public var description: String {
        switch self {
        case .invalidRelay: "COOPCARE_SMTP_URL must look like smtp://host:port (plain SMTP to a relay; no user or password)"
        case .invalidFrom: "COOPCARE_MAIL_FROM must be an email address"
        }
    }
}
