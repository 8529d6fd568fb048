import CoopApp
import Foundation

/// How the web side is set up.
public struct WebConfiguration: Sendable {
    /// The address people reach the service at.
    public var publicURL: String
    /// True when the service is reached over HTTPS (directly or through a proxy): cookies get `Secure`, and HSTS is sent.
    public var behindTLS: Bool
    /// The co-op's time zone, used to show times until a member chooses their own.
    public var timeZone: TimeZone
    /// How the outbox is delivered (no relay: messages stay in the outbox).
    public var mail: MailSettings
    /// The time between two runs of the background jobs.
    public var schedulerInterval: Duration

    /// Creates a configuration.
    public init(
        publicURL: String, behindTLS: Bool? = nil, timeZone: TimeZone = TimeZone(identifier: "America/Los_Angeles")!,
        mail: MailSettings = .development, schedulerInterval: Duration = .seconds(30)
    ) {
        self.publicURL = publicURL
        self.behindTLS = behindTLS ?? publicURL.lowercased().hasPrefix("https://")
        self.timeZone = timeZone
        self.mail = mail
        self.schedulerInterval = schedulerInterval
    }
}
