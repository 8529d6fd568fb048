import CoopData
import CoopDomain
import Foundation

extension Accounts {
    /// Starts setting up TOTP: a new secret, sealed at rest, not yet active until a code confirms it.
    public func beginMFAEnrolment(session: SignedInSession, origin: RequestOrigin) async throws -> MFAEnrolment {
        try await authorizer.require(session.actor, .manageOwnAccount, origin: origin)
        let member = session.member
        guard !member.mfaEnabled else { throw MemberError.secondFactorAlreadyEnabled }
        let secret = TOTP.generateSecret()
        let sealed = try services.envelope.seal(secret, context: SealedColumn.mfaSecret.context(id: member.id.rawValue))
        try await services.database.transaction { sql in
            try await members.setMFA(sealedSecret: sealed, enabled: false, lastStep: 0, for: member.id, sql: sql)
        }
        return MFAEnrolment(
            secretBase32: Base32.encode(secret),
            provisioningURI: TOTP(secret: secret).provisioningURI(issuer: "CoopCare", account: member.email.value)
        )
    }

    /// The secret being set up, to show again on the enrolment page.
    public func pendingMFAEnrolment(session: SignedInSession, origin: RequestOrigin) async throws -> MFAEnrolment? {
        try await authorizer.require(session.actor, .manageOwnAccount, origin: origin)
        let record = try await services.database.read { sql in try await members.find(id: session.member.id, sql: sql) }
        guard let record, !record.member.mfaEnabled, let sealed = record.sealedMFASecret else { return nil }
        let secret = try await services.envelope.openReloading(
            sealed, context: SealedColumn.mfaSecret.context(id: record.member.id.rawValue), database: services.database
        )
        return MFAEnrolment(
            secretBase32: Base32.encode(secret),
            provisioningURI: TOTP(secret: secret).provisioningURI(issuer: "CoopCare", account: record.member.email.value)
        )
    }

    /// Confirms the secret with a code from the authenticator; turns MFA on and returns one-time recovery codes.
    /// Other sessions of the member are ended (ASVS 7.4: credential change).
    public func confirmMFAEnrolment(session: SignedInSession, code: String, origin: RequestOrigin) async throws -> [String] {
        try await authorizer.require(session.actor, .manageOwnAccount, origin: origin)
        let now = services.now()
        let record = try await services.database.read { sql in try await members.find(id: session.member.id, sql: sql) }
        guard let record, let sealed = record.sealedMFASecret else { throw MemberError.secondFactorNotStarted }
        guard !record.member.mfaEnabled else { throw MemberError.secondFactorAlreadyEnabled }
        let secret = try await services.envelope.openReloading(
            sealed, context: SealedColumn.mfaSecret.context(id: record.member.id.rawValue), database: services.database
        )
        guard code.count <= 64, let step = TOTP(secret: secret).matchingStep(for: code, at: now) else {
            try await services.database.transaction { sql in
                try await audit.append(
                    AuditEvent(actor: record.member.id.rawValue, action: .secondFactor, resourceType: "mfa-enrolment", outcome: .failure,
                               detail: "wrong-code"),
                    origin: origin, at: now, sql: sql
                )
            }
            throw MemberError.secondFactorInvalid
        }
        let codes = RecoveryCodes.generate()
        try await services.database.transaction { sql in
            try await members.setMFA(sealedSecret: sealed, enabled: true, lastStep: step, for: record.member.id, sql: sql)
            try await credentials.replaceRecoveryCodes(codes.map(RecoveryCodes.hash), for: record.member.id, sql: sql)
            try await sessions.deleteAll(memberID: record.member.id, except: session.record.tokenHash, sql: sql)
            services.sessionCache.remove(member: record.member.id)
            try await audit.append(
                AuditEvent(actor: record.member.id.rawValue, action: .update, resourceType: "mfa-enrolment", resourceID: record.member.id.rawValue,
                           outcome: .success, detail: "totp-enabled"),
                origin: origin, at: now, sql: sql
            )
        }
        return codes
    }

    /// What the account page shows: the member's API tokens and how many recovery codes are left, in one read.
    public func overview(session: SignedInSession, origin: RequestOrigin) async throws -> AccountOverview {
        try await authorizer.require(session.actor, .manageOwnAccount, origin: origin)
        let id = session.member.id
        return try await services.database.read { sql in
            AccountOverview(
                apiTokens: try await credentials.apiTokens(for: id, sql: sql),
                recoveryCodesLeft: try await credentials.remainingRecoveryCodes(for: id, sql: sql)
            )
        }
    }
}
