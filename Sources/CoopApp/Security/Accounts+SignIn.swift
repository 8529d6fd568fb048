import CoopData
import CoopDomain
import Foundation
import SQLKit

extension Accounts {
    /// Checks an email and password. Throttled progressively per account and per address; every outcome is audited.
    public func signIn(email: String, password: String, origin: RequestOrigin) async throws -> SignInResult {
        let now = services.now()
        let address = try? EmailAddress(email)
        let accountKey = "account:\(address?.value ?? "invalid")"
        let addressKey = "address:\(origin.sourceAddress ?? "unknown")"
        try await ensureNotThrottled(keys: [accountKey, addressKey], now: now)
        // Refuse absurd lengths before hashing; the bound is loose because decomposed accents shrink under NFC.
        guard password.unicodeScalars.count <= 4 * PasswordPolicy.maximumLength else {
            try await recordFailedSignIn(memberID: nil, keys: [accountKey, addressKey], reason: "too-long", origin: origin, now: now)
            throw MemberError.invalidCredentials
        }
        let record = try await services.database.read { sql in
            try await address.asyncMap { try await members.find(email: $0, sql: sql) } ?? nil
        }
        guard let record, record.member.status == .active, let hash = record.passwordHash else {
            // Spend the same time as a real check so that response times do not reveal which emails exist.
            _ = try? services.passwordHasher.hash(password)
            try await recordFailedSignIn(memberID: nil, keys: [accountKey, addressKey], reason: "unknown-account", origin: origin, now: now)
            throw MemberError.invalidCredentials
        }
        guard services.passwordHasher.verify(password, against: hash) else {
            try await recordFailedSignIn(memberID: record.member.id, keys: [accountKey, addressKey], reason: "wrong-password", origin: origin, now: now)
            throw MemberError.invalidCredentials
        }
        let rehash = services.passwordHasher.needsRehash(hash) ? try services.passwordHasher.hash(password) : nil
        let pending = record.member.mfaEnabled
        return try await services.database.transaction { sql in
            try await credentials.clearFailures(key: addressKey, sql: sql)
            if !pending { try await credentials.clearFailures(key: accountKey, sql: sql) }
            if let rehash { try await members.setPassword(rehash, status: .active, for: record.member.id, sql: sql) }
            let (token, _) = try await sessions.create(
                memberID: record.member.id, mfaPending: pending, sourceAddress: origin.sourceAddress, now: now, sql: sql
            )
            try await audit.append(
                AuditEvent(actor: record.member.id.rawValue, action: .signIn, resourceType: "session", outcome: .success,
                           detail: pending ? "password-ok-second-factor-next" : "signed-in"),
                origin: origin, at: now, sql: sql
            )
            return pending ? .needsSecondFactor(token: token) : .signedIn(token: token)
        }
    }

    /// Completes sign-in with a TOTP code or an unused recovery code. The pending session is replaced by a new one.
    public func verifySecondFactor(pendingToken: String, code: String, origin: RequestOrigin) async throws -> String {
        let now = services.now()
        let found = try await services.database.read { sql -> (SessionRecord, MemberRecord)? in
            guard let session = try await sessions.find(token: pendingToken, sql: sql), session.mfaPending,
                let record = try await members.find(id: session.memberID, sql: sql)
            else { return nil }
            return (session, record)
        }
        guard let (session, record) = found,
            services.sessionPolicy.isValid(created: session.createdAt, lastSeen: session.lastSeenAt, roles: record.member.roles, mfaPending: true, now: now)
        else { throw MemberError.secondFactorNotStarted }
        let accountKey = "account:\(record.member.email.value)"
        try await ensureNotThrottled(keys: [accountKey], now: now)
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 64 else { throw MemberError.secondFactorInvalid }
        var matched: Int64?
        if let sealed = record.sealedMFASecret {
            let secret = try await services.envelope.openReloading(
                sealed, context: SealedColumn.mfaSecret.context(id: record.member.id.rawValue), database: services.database
            )
            matched = TOTP(secret: secret).matchingStep(for: trimmed, at: now)
        }
        let step = matched
        enum Outcome: Sendable { case signedIn(String), replayed, invalid }
        let outcome = try await services.database.transaction { sql -> Outcome in
            var method = "totp"
            if let step {
                guard try await members.advanceMFAStep(to: step, for: record.member.id, sql: sql) else { return .replayed }
            } else {
                method = "recovery-code"
                let used = try await credentials.useRecoveryCode(hash: RecoveryCodes.hash(trimmed), for: record.member.id, now: now, sql: sql)
                guard used else { return .invalid }
            }
            try await credentials.clearFailures(key: accountKey, sql: sql)
            try await sessions.delete(tokenHash: session.tokenHash, sql: sql)
            let (token, _) = try await sessions.create(
                memberID: record.member.id, mfaPending: false, sourceAddress: origin.sourceAddress, now: now, sql: sql
            )
            try await auditSecondFactor(record.member.id, outcome: .success, detail: method, origin: origin, now: now, sql: sql)
            return .signedIn(token)
        }
        if case .signedIn(let token) = outcome { return token }
        // A failure is recorded in its own transaction, so that it stays recorded when the error is thrown.
        let replayed = if case .replayed = outcome { true } else { false }
        try await services.database.transaction { sql in
            try await credentials.recordFailure(key: accountKey, now: now, sql: sql)
            try await auditSecondFactor(
                record.member.id, outcome: .failure, detail: replayed ? "replayed-code" : "wrong-code", origin: origin, now: now, sql: sql
            )
        }
        throw replayed ? MemberError.secondFactorReplayed : MemberError.secondFactorInvalid
    }

    /// Resolves a session cookie to the signed-in member, ending it if it has timed out.
    public func resolveSession(token: String) async throws -> SignedInSession? {
        let now = services.now()
        let tokenHash = SecretToken.hash(token)
        if let cached = services.sessionCache.get(tokenHash, now: now), isUsable(cached.record, cached.member, now: now) {
            return cached
        }
        let found = try await services.database.read { sql -> (SessionRecord, MemberRecord)? in
            guard let session = try await sessions.find(token: token, sql: sql),
                let record = try await members.find(id: session.memberID, sql: sql)
            else { return nil }
            return (session, record)
        }
        guard let (session, record) = found else { return nil }
        guard isUsable(session, record.member, now: now) else {
            try await services.database.transaction { sql in try await sessions.delete(tokenHash: session.tokenHash, sql: sql) }
            services.sessionCache.remove(session.tokenHash)
            return nil
        }
        var current = session
        // Write the idle clock at most once a minute, so reading a page does not always cost a write.
        if !session.mfaPending, now.timeIntervalSince(session.lastSeenAt) > 60 {
            try await services.database.transaction { sql in try await sessions.touch(tokenHash: session.tokenHash, now: now, sql: sql) }
            current.lastSeenAt = now
        }
        let satisfied = !session.mfaPending && (record.member.mfaEnabled || !record.member.mustUseMFA)
        // A session still waiting for its second factor grants nothing: its holder is anonymous until the code is given.
        let actor = session.mfaPending ? Actor.anonymous : Actor(memberID: record.member.id, roles: record.member.roles, mfaSatisfied: satisfied)
        let resolved = SignedInSession(member: record.member, actor: actor, record: current)
        if !session.mfaPending { services.sessionCache.put(resolved, now: now) }
        return resolved
    }

    private func isUsable(_ session: SessionRecord, _ member: Member, now: Date) -> Bool {
        member.status == .active
            && services.sessionPolicy.isValid(
                created: session.createdAt, lastSeen: session.lastSeenAt, roles: member.roles, mfaPending: session.mfaPending, now: now
            )
    }

    /// Ends one session.
    public func signOut(session: SignedInSession, origin: RequestOrigin) async throws {
        let now = services.now()
        services.sessionCache.remove(session.record.tokenHash)
        try await services.database.transaction { sql in
            try await sessions.delete(tokenHash: session.record.tokenHash, sql: sql)
            try await audit.append(
                AuditEvent(actor: session.member.id.rawValue, action: .signOut, resourceType: "session", outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// Ends every session of the member, this one included; returns how many were ended.
    public func signOutEverywhere(actor: Actor, origin: RequestOrigin) async throws -> Int {
        try await authorizer.require(actor, .manageOwnAccount, origin: origin)
        guard let id = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        services.sessionCache.remove(member: id)
        return try await services.database.transaction { sql in
            let ended = try await sessions.deleteAll(memberID: id, sql: sql)
            try await audit.append(
                AuditEvent(actor: id.rawValue, action: .signOut, resourceType: "session", outcome: .success, detail: "everywhere=\(ended)"),
                origin: origin, at: now, sql: sql
            )
            return ended
        }
    }

    /// Saves the member's preferred language.
    public func setLanguage(actor: Actor, language: Language, origin: RequestOrigin) async throws {
        try await authorizer.require(actor, .manageOwnAccount, origin: origin)
        guard let id = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await services.database.transaction { sql in try await members.setLanguage(language, for: id, sql: sql) }
        services.sessionCache.remove(member: id)
    }

    /// Saves the time zone the member reads times in; nil returns to the co-op's zone.
    public func setTimeZone(actor: Actor, zone: IANATimeZone?, origin: RequestOrigin) async throws {
        try await authorizer.require(actor, .manageOwnAccount, origin: origin)
        guard let id = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await services.database.transaction { sql in try await members.setTimeZone(zone, for: id, sql: sql) }
        services.sessionCache.remove(member: id)
    }

    private func ensureNotThrottled(keys: [String], now: Date) async throws {
        let states = try await services.database.read { sql in
            var states: [(Int, Date?)] = []
            for key in keys { states.append(try await credentials.failures(key: key, sql: sql)) }
            return states
        }
        for (count, last) in states where !services.throttle.isAllowed(consecutiveFailures: count, lastFailure: last, now: now) {
            let next = services.throttle.nextAllowed(consecutiveFailures: count, lastFailure: last) ?? now
            // Stored times keep milliseconds, so allow a hair of slack before rounding up to whole seconds.
            throw MemberError.throttled(retryAfter: max(1, (next.timeIntervalSince(now) - 0.01).rounded(.up)))
        }
    }

    private func recordFailedSignIn(memberID: MemberID?, keys: [String], reason: String, origin: RequestOrigin, now: Date) async throws {
        try await services.database.transaction { sql in
            for key in keys { try await credentials.recordFailure(key: key, now: now, sql: sql) }
            try await audit.append(
                AuditEvent(actor: memberID?.rawValue, action: .signIn, resourceType: "session", outcome: .failure, detail: reason),
                origin: origin, at: now, sql: sql
            )
        }
    }

    private func auditSecondFactor(_ id: MemberID, outcome: AuditOutcome, detail: String, origin: RequestOrigin, now: Date, sql: any SQLDatabase) async throws {
        try await audit.append(
            AuditEvent(actor: id.rawValue, action: .secondFactor, resourceType: "session", outcome: outcome, detail: detail),
            origin: origin, at: now, sql: sql
        )
    }
}

extension Optional {
    /// Maps the wrapped value with an async function.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
