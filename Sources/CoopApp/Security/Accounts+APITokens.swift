import CoopData
import CoopDomain
import Foundation

extension Accounts {
    /// Makes a personal API token; the raw token is returned once and only its hash is kept.
    public func createAPIToken(actor: Actor, name: String, origin: RequestOrigin) async throws -> String {
        try await authorizer.require(actor, .manageOwnAccount, origin: origin)
        guard let id = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(trimmed.count) else { throw MemberError.invalidTokenName }
        let now = services.now()
        return try await services.database.transaction { sql in
            let (tokenID, token) = try await credentials.createAPIToken(for: id, name: trimmed, now: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: id.rawValue, action: .create, resourceType: "api-token", resourceID: tokenID, outcome: .success),
                origin: origin, at: now, sql: sql
            )
            return token
        }
    }

    /// Revokes one of the member's API tokens.
    public func revokeAPIToken(actor: Actor, tokenID: String, origin: RequestOrigin) async throws {
        try await authorizer.require(actor, .manageOwnAccount, origin: origin)
        guard let id = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        try await services.database.transaction { sql in
            guard try await credentials.revokeAPIToken(id: tokenID, for: id, now: now, sql: sql) else { throw MemberError.tokenNotFound }
            try await audit.append(
                AuditEvent(actor: id.rawValue, action: .delete, resourceType: "api-token", resourceID: tokenID, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// The actor an API bearer token stands for, or nil if it is unknown or revoked.
    public func resolveAPIToken(_ token: String) async throws -> (Actor, Member)? {
        guard token.hasPrefix("cc_"), token.count < 200 else { return nil }
        let found = try await services.database.read { sql -> MemberRecord? in
            guard let (_, memberID) = try await credentials.memberForAPIToken(token, sql: sql) else { return nil }
            return try await members.find(id: memberID, sql: sql)
        }
        guard let found, found.member.status == .active else { return nil }
        // A token can only be made from a session that passed the second factor, so it carries that assurance.
        return (Actor(memberID: found.member.id, roles: found.member.roles, mfaSatisfied: true), found.member)
    }

    /// The terminal's `token create`: an API token for a member, issued by the machine's operator.
    public func createAPITokenFromTerminal(email: String, name: String) async throws -> String {
        let address = try EmailAddress(email)
        let record = try await services.database.read { sql in try await members.find(email: address, sql: sql) }
        guard let record else { throw MemberError.memberNotFound }
        let actor = Actor(memberID: record.member.id, roles: record.member.roles, mfaSatisfied: true)
        return try await createAPIToken(actor: actor, name: name, origin: .system)
    }
}
