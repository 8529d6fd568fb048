import CoopData
import CoopDomain
import Foundation
import SQLKit

/// Use cases for accounts: invitations, first-run setup, sign-in with a second factor, sessions, language.
public struct Accounts: Sendable {
    let services: CoopServices
    let members = MemberStore()
    let sessions = SessionStore()
    let invitations = InvitationStore()
    let credentials = CredentialStore()
    let audit = AuditStore()

    /// Creates the use cases over the shared services.
    public init(services: CoopServices) {
        self.services = services
    }

    var authorizer: Authorizer { Authorizer(services: services) }

    // MARK: Invitations and first run

    /// With no account yet, makes a one-time link to create the first coordinator; nil once anyone exists.
    public func setupLinkIfNeeded() async throws -> String? {
        let now = services.now()
        return try await services.database.transaction { sql -> String? in
            guard try await members.isEmpty(sql: sql) else { return nil }
            let (token, _) = try await invitations.create(
                email: nil, displayName: nil, roles: [.coordinator], invitedBy: nil, now: now, lifetime: 24 * 3600, sql: sql
            )
            try await audit.append(
                AuditEvent(actor: nil, action: .create, resourceType: "setup-link", outcome: .success), origin: .system, at: now, sql: sql
            )
            return link(for: token)
        }
    }

    /// A coordinator invites someone by email with the roles they will hold.
    public func invite(
        actor: Actor, email: String, displayName: String, roles: [String], origin: RequestOrigin
    ) async throws -> IssuedInvitation {
        try await authorizer.require(actor, .inviteMembers, origin: origin)
        return try await issueInvitation(by: actor.memberID, email: email, displayName: displayName, roles: roles, origin: origin)
    }

    /// The terminal's `member create`: an invitation issued by the operator of the machine.
    public func inviteFromTerminal(email: String, displayName: String, roles: [String]) async throws -> IssuedInvitation {
        try await issueInvitation(by: nil, email: email, displayName: displayName, roles: roles, origin: .system)
    }

    private func issueInvitation(
        by inviter: MemberID?, email: String, displayName: String, roles: [String], origin: RequestOrigin
    ) async throws -> IssuedInvitation {
        let address = try EmailAddress(email)
        let name = try DisplayName(displayName)
        let parsedRoles = try Set(roles.map { text throws(MemberError) -> Role in
            guard let role = Role(rawValue: text) else { throw MemberError.invalidRole(String(text.prefix(40))) }
            return role
        })
        guard !parsedRoles.isEmpty else { throw MemberError.noRoles }
        let now = services.now()
        return try await services.database.transaction { sql in
            if try await members.find(email: address, sql: sql) != nil { throw MemberError.emailTaken }
            let (token, record) = try await invitations.create(
                email: address, displayName: name, roles: parsedRoles, invitedBy: inviter, now: now,
                lifetime: services.invitationLifetime, sql: sql
            )
            let url = link(for: token)
            try await OutboxStore().enqueue(
                recipient: address.value, subject: "Invitation to join the co-op on CoopCare",
                body: "\(name.value), you have been invited to join. Set your password here (valid until \(record.expiresAt)): \(url)",
                now: now, sql: sql
            )
            try await audit.append(
                AuditEvent(
                    actor: inviter?.rawValue, action: .create, resourceType: "invitation", resourceID: String(record.tokenHash.prefix(12)),
                    outcome: .success, detail: "roles=\(parsedRoles.sorted().map(\.rawValue).joined(separator: ","))"
                ),
                origin: origin, at: now, sql: sql
            )
            return IssuedInvitation(link: url, expiresAt: record.expiresAt)
        }
    }

    /// What an invitation offers; throws if it is unknown, used or expired.
    public func invitation(token: String) async throws -> InvitationSummary {
        let record = try await services.database.read { sql in try await invitations.find(token: token, sql: sql) }
        let open = try check(record)
        return InvitationSummary(
            email: open.email, displayName: open.displayName, roles: open.roles, isSetup: open.invitedBy == nil && open.email == nil,
            minimumPasswordLength: services.passwordPolicy.minimumLength(mfaEnabled: open.roles.requireMFA)
        )
    }

    /// Accepts an invitation: creates the account with its password and signs the new member in.
    /// For the setup link, `email` and `displayName` come from the form.
    public func acceptInvitation(
        token: String, email: String?, displayName: String?, password: String, confirmation: String, language: Language, origin: RequestOrigin
    ) async throws -> String {
        let found = try await services.database.read { sql in try await invitations.find(token: token, sql: sql) }
        let record: InvitationRecord
        do {
            record = try check(found)
        } catch {
            // Someone tried to use a link that is unknown, used or expired: worth a line in the security log.
            let now = services.now()
            try await services.database.transaction { sql in
                try await audit.append(
                    AuditEvent(actor: nil, action: .create, resourceType: "invitation", resourceID: found.map { String($0.tokenHash.prefix(12)) },
                               outcome: .denied, detail: "\(error)"),
                    origin: origin, at: now, sql: sql
                )
            }
            throw error
        }
        let address = try record.email ?? EmailAddress(email ?? "")
        let name = try record.displayName ?? DisplayName(displayName ?? "")
        guard password == confirmation else { throw MemberError.passwordsDoNotMatch }
        let problems = services.passwordPolicy.problems(
            for: password, mfaEnabled: record.roles.requireMFA, contextWords: [address.localPart, name.value, "coopcare"]
        )
        guard problems.isEmpty else { throw MemberError.passwordRejected(problems) }
        let hash = try services.passwordHasher.hash(password)
        let now = services.now()
        let member = Member(
            id: .make(), email: address, displayName: name, roles: record.roles, status: .active, language: language, mfaEnabled: false,
            createdAt: now
        )
        return try await services.database.transaction { sql in
            if record.email == nil, !(try await members.isEmpty(sql: sql)) { throw MemberError.setupAlreadyDone }
            if try await members.find(email: address, sql: sql) != nil { throw MemberError.emailTaken }
            try await members.insert(member, passwordHash: hash, sql: sql)
            guard try await invitations.markAccepted(tokenHash: record.tokenHash, memberID: member.id, now: now, sql: sql) else {
                throw MemberError.invitationUsed
            }
            let (sessionToken, _) = try await sessions.create(
                memberID: member.id, mfaPending: false, sourceAddress: origin.sourceAddress, now: now, sql: sql
            )
            try await audit.append(
                AuditEvent(actor: member.id.rawValue, action: .create, resourceType: "member", resourceID: member.id.rawValue, outcome: .success,
                           detail: "invitation accepted"),
                origin: origin, at: now, sql: sql
            )
            return sessionToken
        }
    }

    private func check(_ record: InvitationRecord?) throws(MemberError) -> InvitationRecord {
        guard let record else { throw .invitationNotFound }
        guard record.acceptedAt == nil else { throw record.email == nil ? .setupAlreadyDone : .invitationUsed }
        guard record.expiresAt > services.now() else { throw .invitationExpired }
        return record
    }

    func link(for token: String) -> String {
        "\(services.publicURL)/invitations/\(token)"
    }
}
