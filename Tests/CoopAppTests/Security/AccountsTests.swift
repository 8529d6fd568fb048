import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct AccountsTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.10", requestID: "req-1")

    func audit(_ services: CoopServices) async throws -> [AuditEntry] {
        try await services.database.read { sql in try await AuditStore().recent(limit: 100, sql: sql) }
    }

    @Test func unknownEmailAndWrongPasswordGiveTheSameAnswerAndAreAudited() async throws {
        try await TestServices.with { services in
            try await TestServices.member(services, roles: [.client], email: "known@example.org", password: "quiet river stones")
            let accounts = Accounts(services: services)
            await #expect(throws: MemberError.invalidCredentials) { try await accounts.signIn(email: "nobody@example.org", password: "x", origin: origin) }
            await #expect(throws: MemberError.invalidCredentials) { try await accounts.signIn(email: "known@example.org", password: "x", origin: origin) }
            await #expect(throws: MemberError.invalidCredentials) { try await accounts.signIn(email: "not an email", password: "x", origin: origin) }
            let entries = try await audit(services).filter { $0.action == .signIn }
            #expect(entries.count == 3)
            #expect(entries.allSatisfy { $0.outcome == .failure && $0.sourceAddress == "192.0.2.10" && $0.requestID == "req-1" })
        }
    }

    @Test func throttlingCountsPerAddressToo() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let accounts = Accounts(services: services)
            // Spraying different accounts from one address is slowed down as well.
            for index in 0..<4 {
                await #expect(throws: MemberError.invalidCredentials) {
                    try await accounts.signIn(email: "spray\(index)@example.org", password: "x", origin: origin)
                }
            }
            await #expect(throws: MemberError.throttled(retryAfter: 1)) {
                try await accounts.signIn(email: "another@example.org", password: "x", origin: origin)
            }
            let elsewhere = RequestOrigin(sourceAddress: "198.51.100.7", requestID: nil)
            await #expect(throws: MemberError.invalidCredentials) { try await accounts.signIn(email: "another@example.org", password: "x", origin: elsewhere) }
        }
    }

    @Test func softLockLiftsByItself() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            try await TestServices.member(services, roles: [.client], email: "c@example.org", password: "quiet river stones")
            let accounts = Accounts(services: services)
            for attempt in 0..<10 {
                clock.advance(3600)
                let address = RequestOrigin(sourceAddress: "203.0.113.\(attempt)", requestID: nil)
                await #expect(throws: MemberError.invalidCredentials) { try await accounts.signIn(email: "c@example.org", password: "no", origin: address) }
            }
            await #expect(throws: MemberError.throttled(retryAfter: 900)) {
                try await accounts.signIn(email: "c@example.org", password: "quiet river stones", origin: origin)
            }
            clock.advance(901)
            let result = try await accounts.signIn(email: "c@example.org", password: "quiet river stones", origin: origin)
            guard case .signedIn = result else { Issue.record("expected a session"); return }
        }
    }

    @Test func secondFactorIsRequiredWhenEnrolledAndPendingSessionsGrantNothing() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let (member, secret) = try await TestServices.member(services, roles: [.treasurer], email: "t@example.org", password: "ledger lantern")
            let accounts = Accounts(services: services)
            guard case .needsSecondFactor(let pending) = try await accounts.signIn(email: "t@example.org", password: "ledger lantern", origin: origin) else {
                Issue.record("expected the second factor to be asked for")
                return
            }
            let session = try #require(try await accounts.resolveSession(token: pending))
            #expect(session.actor == .anonymous)
            await #expect(throws: MemberError.secondFactorInvalid) { try await accounts.verifySecondFactor(pendingToken: pending, code: "000000", origin: origin) }
            let code = TOTP(secret: try #require(secret)).code(at: clock.now)
            let token = try await accounts.verifySecondFactor(pendingToken: pending, code: code, origin: origin)
            #expect(try await accounts.resolveSession(token: pending) == nil)
            let full = try #require(try await accounts.resolveSession(token: token))
            #expect(full.actor == Actor(memberID: member.id, roles: [.treasurer], mfaSatisfied: true))
            // The pending step has its own, short, lifetime.
            guard case .needsSecondFactor(let late) = try await accounts.signIn(email: "t@example.org", password: "ledger lantern", origin: origin) else { return }
            clock.advance(6 * 60)
            await #expect(throws: MemberError.secondFactorNotStarted) {
                try await accounts.verifySecondFactor(pendingToken: late, code: TOTP(secret: secret!).code(at: clock.now), origin: origin)
            }
        }
    }

    @Test func mfaSecretIsSealedAtRest() async throws {
        try await TestServices.with { services in
            let (member, secret) = try await TestServices.member(services, roles: [.clinician])
            let stored = try await services.database.read { sql in try await MemberStore().find(id: member.id, sql: sql) }
            let sealed = try #require(stored?.sealedMFASecret)
            #expect(sealed.hasPrefix("cc1:"))
            #expect(!sealed.contains(Base32.encode(try #require(secret))))
        }
    }

    @Test func invitationsAreSingleUseAndMisuseIsAudited() async throws {
        try await TestServices.with { services in
            let accounts = Accounts(services: services)
            let issued = try await accounts.inviteFromTerminal(email: "p@example.org", displayName: "Pat", roles: ["peer-facilitator"])
            let token = String(issued.link.split(separator: "/").last!)
            let summary = try await accounts.invitation(token: token)
            #expect(summary.minimumPasswordLength == 15)
            #expect(summary.roles == [.peerFacilitator])
            _ = try await accounts.acceptInvitation(token: token, email: nil, displayName: nil, password: "a calm blue lake shore",
                                                    confirmation: "a calm blue lake shore", language: .spanish, origin: origin)
            await #expect(throws: MemberError.invitationUsed) {
                try await accounts.acceptInvitation(token: token, email: nil, displayName: nil, password: "a calm blue lake shore",
                                                    confirmation: "a calm blue lake shore", language: .english, origin: origin)
            }
            await #expect(throws: MemberError.emailTaken) {
                try await accounts.inviteFromTerminal(email: "P@example.org", displayName: "Pat again", roles: ["client"])
            }
            let entries = try await audit(services)
            #expect(entries.contains { $0.resourceType == "invitation" && $0.outcome == .denied })
            let outbox = try await services.database.read { sql in try await OutboxStore().recent(limit: 5, sql: sql) }
            #expect(outbox.first?.recipient == "p@example.org")
            #expect(outbox.first?.body.contains(issued.link) == true)
            let member = try await services.database.read { sql in try await MemberStore().find(email: try EmailAddress("p@example.org"), sql: sql) }
            #expect(member?.member.language == .spanish)
        }
    }

    @Test func everyUseCaseRefusesTheWrongRoleAndAuditsIt() async throws {
        try await TestServices.with { services in
            let client = Actor(memberID: .make(), roles: [.client], mfaSatisfied: true)
            await #expect(throws: AccessDenied(.missingRole)) {
                try await Accounts(services: services).invite(actor: client, email: "x@example.org", displayName: "X", roles: ["client"], origin: origin)
            }
            await #expect(throws: AccessDenied(.missingRole)) { try await MemberDirectory(services: services).list(actor: client, origin: origin) }
            await #expect(throws: AccessDenied(.missingRole)) { try await AuditLog(services: services).recent(actor: client, origin: origin) }
            await #expect(throws: AccessDenied(.notSignedIn)) { try await AuditLog(services: services).verify(actor: .anonymous, origin: origin) }
            let denials = try await audit(services).filter { $0.action == .accessDenied }
            #expect(denials.count == 4)
        }
    }

    @Test func demoCoopHasEveryRoleAndPrintsWorkingSignIns() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let demo = DemoCoop(services: services)
            #expect(try await demo.createIfEmpty())
            #expect(try await demo.createIfEmpty() == false)
            let signIns = try await demo.signIns()
            #expect(Set(signIns.map(\.role)) == Set(Role.allCases))
            let accounts = Accounts(services: services)
            for signIn in signIns {
                let result = try await accounts.signIn(email: signIn.email, password: signIn.password, origin: .system)
                switch result {
                case .signedIn:
                    #expect(signIn.totpSecret == nil)
                case .needsSecondFactor(let pending):
                    let secret = try #require(signIn.totpSecret.flatMap(Base32.decode))
                    clock.advance(30)
                    _ = try await accounts.verifySecondFactor(pendingToken: pending, code: TOTP(secret: secret).code(at: clock.now), origin: .system)
                }
            }
        }
    }
}
