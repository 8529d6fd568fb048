import CoopData
import CoopDomain
import Foundation

/// The outbox for coordinators: what was sent, what waits, what failed, and each message's text.
public struct Outbox: Sendable {
    let services: CoopServices

    /// Creates the use cases.
    public init(services: CoopServices) {
        self.services = services
    }

    /// The newest messages and how many are in each status.
    public func recent(actor: Actor, limit: Int = 100, origin: RequestOrigin) async throws -> (messages: [OutboxMessage], counts: [OutboxStatus: Int]) {
        try await Authorizer(services: services).require(actor, .viewOutbox, origin: origin)
        return try await services.database.read { sql in
            (try await OutboxStore().recent(limit: limit, sql: sql), try await OutboxStore().counts(sql: sql))
        }
    }

    /// One message with its body; reading a body (which may hold an invitation link) is recorded in the audit log.
    public func message(actor: Actor, id: String, origin: RequestOrigin) async throws -> OutboxMessage? {
        try await Authorizer(services: services).require(actor, .viewOutbox, origin: origin)
        return try await services.database.transaction { sql in
            guard let message = try await OutboxStore().find(id, sql: sql) else { return nil }
            try await AuditStore().append(
                AuditEvent(actor: actor.memberID?.rawValue, action: .read, resourceType: "outbox-message", resourceID: id, outcome: .success),
                origin: origin, at: services.now(), sql: sql
            )
            return message
        }
    }
}
