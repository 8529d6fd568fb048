import CoopData
import CoopDomain
import Foundation
import Logging

/// What one delivery run did.
public struct DeliveryReport: Sendable, Equatable {
    /// Accepted by the relay.
    public var sent = 0
    /// Failed this time, to be tried again.
    public var retrying = 0
    /// Given up.
    public var failed = 0

    /// Creates a report.
    public init(sent: Int = 0, retrying: Int = 0, failed: Int = 0) {
        self.sent = sent
        self.retrying = retrying
        self.failed = failed
    }
}

/// Drains the outbox through the configured relay: claims due messages under a lease, sends each, and records the
/// outcome (sent; queued again after a backoff; or failed, logged). Without a relay it does nothing.
public struct MailDelivery: Sendable {
    let services: CoopServices
    let settings: MailSettings
    /// Who holds the leases this deliverer takes (one per instance).
    let claimer: String

    /// Creates a deliverer.
    public init(services: CoopServices, settings: MailSettings, claimer: String = UUID().uuidString) {
        self.services = services
        self.settings = settings
        self.claimer = claimer
    }

    /// Sends what is due now.
    @discardableResult
    public func deliverDue() async throws -> DeliveryReport {
        guard let transport = settings.transport else { return DeliveryReport() }
        var report = DeliveryReport()
        let now = services.now()
        let claimed = try await services.database.transaction { sql in
            try await OutboxStore().claimDue(
                now: now, until: now.addingTimeInterval(settings.lease), limit: settings.batchSize, claimer: claimer, sql: sql
            )
        }
        // Set when the relay cannot be used as configured (TLS, credentials): the rest of this run's messages get the
        // same outcome without another connection, so a wrong password is not tried fifty times a minute.
        var relayProblem: SMTPError?
        for message in claimed {
            let mail = MailMessage(
                from: settings.from, to: message.recipient, subject: message.subject, body: message.body, date: message.createdAt,
                messageID: "\(message.id)@\(settings.from.split(separator: "@").last.map(String.init) ?? "localhost")",
                attachment: message.attachment
            )
            do {
                if let relayProblem { throw relayProblem }
                try await transport.send(mail)
                try await services.database.transaction { sql in
                    try await OutboxStore().markSent(message.id, claimer: claimer, now: services.now(), sql: sql)
                }
                report.sent += 1
            } catch {
                let problem = (error as? SMTPError) ?? .connection(String(describing: type(of: error)))
                let attempt = message.attempts + 1
                let failedAt = services.now()
                let retryAt = settings.retry.nextAttempt(afterAttempt: attempt, permanent: problem.isPermanent, at: failedAt)
                try await services.database.transaction { sql in
                    try await OutboxStore().markFailed(message.id, claimer: claimer, error: problem.summary, retryAt: retryAt, now: failedAt, sql: sql)
                }
                if problem.isConfigurationProblem && relayProblem == nil {
                    relayProblem = problem
                    services.logger.error(
                        "mail relay cannot be used as configured; messages stay queued and are tried again with backoff",
                        metadata: ["relay": "\(settings.relayDescription ?? "-")", "error": "\(problem.summary)"]
                    )
                }
                if retryAt == nil {
                    report.failed += 1
                    services.logger.error("mail given up", metadata: ["message": "\(message.id)", "attempts": "\(attempt)", "error": "\(problem.summary)"])
                } else {
                    report.retrying += 1
                    services.logger.warning("mail not sent, will retry", metadata: ["message": "\(message.id)", "attempt": "\(attempt)", "error": "\(problem.summary)"])
                }
            }
        }
        return report
    }
}
