import CoopDomain
import Foundation
import Testing

@Suite struct AccessPolicyTests {
    static let me = MemberID.make()
    static let someoneElse = MemberID.make()

    static func actor(_ roles: Set<Role>, mfa: Bool = true) -> Actor { Actor(memberID: me, roles: roles, mfaSatisfied: mfa) }

    /// Who may do what: each row is an action and the roles allowed it; every other role is denied.
    static let table: [(Action, Set<Role>)] = [
        (.viewOwnAccount, Set(Role.allCases)),
        (.manageOwnAccount, Set(Role.allCases)),
        (.inviteMembers, [.coordinator]),
        (.listMembers, [.coordinator, .treasurer]),
        (.viewMember(someoneElse), [.coordinator]),
        (.viewMember(me), Set(Role.allCases)),
        (.viewAuditLog, [.coordinator]),
        (.verifyAuditLog, [.coordinator]),
        (.useAPI, Set(Role.allCases)),
        (.viewOutbox, [.coordinator]),
    ]

    @Test(arguments: Role.allCases)
    func eachRoleAgainstTheTable(role: Role) {
        for (action, allowed) in Self.table {
            let decision = AccessPolicy.decide(Self.actor([role]), action)
            #expect(decision.isAllowed == allowed.contains(role), "\(role) \(action)")
        }
    }

    @Test func anonymousIsDeniedEverything() {
        for (action, _) in Self.table {
            #expect(AccessPolicy.decide(.anonymous, action) == .deny(.notSignedIn))
        }
    }

    @Test func staffWithoutSecondFactorMayOnlyManageTheirAccount() {
        for role in Role.allCases where role.requiresMFA {
            let actor = Self.actor([role], mfa: false)
            #expect(AccessPolicy.decide(actor, .manageOwnAccount) == .allow)
            #expect(AccessPolicy.decide(actor, .viewOwnAccount) == .deny(.secondFactorRequired))
            #expect(AccessPolicy.decide(actor, .listMembers) == .deny(.secondFactorRequired))
        }
    }

    @Test func severalRolesCombine() {
        let actor = Self.actor([.client, .treasurer])
        #expect(AccessPolicy.decide(actor, .listMembers).isAllowed)
        #expect(!AccessPolicy.decide(actor, .inviteMembers).isAllowed)
    }

    @Test func mfaIsRequiredForClinicalFinancialAndAdministrativeRoles() {
        #expect(Role.allCases.filter(\.requiresMFA) == [.clinician, .coordinator, .treasurer])
    }
}

@Suite struct SessionPolicyTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// (seconds since sign-in, seconds from sign-in to the last request, still valid)
    static let cases: [(Double, Double, Bool)] = [
        (0, 0, true), (1740, 1740, true), (1860, 0, false), (39600, 39540, true), (43201, 43200, false),
    ]

    @Test(arguments: cases)
    func idleAndAbsoluteTimeouts(elapsed: Double, lastSeenOffset: Double, valid: Bool) {
        let policy = SessionPolicy.standard
        #expect(
            policy.isValid(created: start, lastSeen: start.addingTimeInterval(lastSeenOffset), roles: [.clinician], mfaPending: false,
                           now: start.addingTimeInterval(elapsed)) == valid
        )
    }

    @Test func pendingSecondFactorExpiresAfterFiveMinutes() {
        let policy = SessionPolicy.standard
        #expect(policy.isValid(created: start, lastSeen: start, roles: [], mfaPending: true, now: start.addingTimeInterval(299)))
        #expect(!policy.isValid(created: start, lastSeen: start, roles: [], mfaPending: true, now: start.addingTimeInterval(301)))
    }
}
