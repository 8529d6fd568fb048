import CoopData
import CoopDomain
import Foundation

/// Use cases for reading and checking the audit log.
public struct AuditLog: Sendable {
    let services: CoopServices

    /// Creates the use cases.
    public init(services: CoopServices) {
        self.services = services
    }

    /// The newest entries, for coordinators.
    public func recent(actor: Actor, limit: Int = 100, origin: RequestOrigin) async throws -> [AuditEntry] {
        try await Authorizer(services: services).require(actor, .viewAuditLog, origin: origin)
        return try await services.database.read { sql in try await AuditStore().recent(limit: limit, sql: sql) }
    }

    /// Recomputes the chain, for coordinators.
    public func verify(actor: Actor, origin: RequestOrigin) async throws -> AuditVerification {
        try await Authorizer(services: services).require(actor, .verifyAuditLog, origin: origin)
        return try await verifyFromTerminal()
    }

    /// Recomputes the chain (the terminal's `audit verify`).
    public func verifyFromTerminal() async throws -> AuditVerification {
        try await services.database.read { sql in try await AuditStore().verify(sql: sql) }
    }
}
