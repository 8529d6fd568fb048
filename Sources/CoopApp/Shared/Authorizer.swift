import CoopData
import CoopDomain
import Foundation

/// The one authorisation path: asks `AccessPolicy`, and records every denial in the audit log.
struct Authorizer: Sendable {
    let services: CoopServices

    /// Throws `AccessDenied` (after auditing it) unless the policy allows the action.
    func require(_ actor: Actor, _ action: Action, origin: RequestOrigin) async throws {
        let decision = AccessPolicy.decide(actor, action)
        guard case .deny(let reason) = decision else { return }
        try await services.database.transaction { sql in
            try await AuditStore().append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .accessDenied, resourceType: "action", resourceID: String(describing: action),
                    outcome: .denied, detail: reason.rawValue
                ),
                origin: origin, at: services.now(), sql: sql
            )
        }
        throw AccessDenied(reason)
    }
}

extension Authorizer {
    /// Records a refusal in the audit log (in its own transaction) and throws `AccessDenied`: the second half of every
    /// policy check, whichever policy (access, care, groups) made the decision.
    static func deny(
        _ reason: DenialReason, actor: Actor, resourceType: String, action: String, services: CoopServices, origin: RequestOrigin
    ) async throws -> Never {
        let now = services.now()
        try await services.database.transaction { sql in
            try await AuditStore().append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .accessDenied, resourceType: resourceType, resourceID: String(action.prefix(120)),
                    outcome: .denied, detail: reason.rawValue
                ),
                origin: origin, at: now, sql: sql
            )
        }
        throw AccessDenied(reason)
    }
}
