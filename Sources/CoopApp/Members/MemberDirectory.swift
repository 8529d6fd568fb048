import CoopData
import CoopDomain
import Foundation

/// Use cases for the member register.
public struct MemberDirectory: Sendable {
    let services: CoopServices

    /// Creates the use cases.
    public init(services: CoopServices) {
        self.services = services
    }

    /// Everyone with an account, for coordinators and treasurers.
    public func list(actor: Actor, origin: RequestOrigin) async throws -> [Member] {
        try await Authorizer(services: services).require(actor, .listMembers, origin: origin)
        return try await services.database.read { sql in try await MemberStore().all(sql: sql) }
    }

    /// Invitations not yet accepted and not expired.
    public func pendingInvitations(actor: Actor, origin: RequestOrigin) async throws -> [InvitationRecord] {
        try await Authorizer(services: services).require(actor, .inviteMembers, origin: origin)
        let now = services.now()
        return try await services.database.read { sql in try await InvitationStore().pending(now: now, sql: sql) }
    }
}

extension MemberDirectory {
    /// The actor's own account record.
    public func ownRecord(actor: Actor, origin: RequestOrigin) async throws -> Member {
        try await Authorizer(services: services).require(actor, .viewOwnAccount, origin: origin)
        guard let id = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let record = try await services.database.read { sql in try await MemberStore().find(id: id, sql: sql) }
        guard let record else { throw MemberError.memberNotFound }
        return record.member
    }
}
