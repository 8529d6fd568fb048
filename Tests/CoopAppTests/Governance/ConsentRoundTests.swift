import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Consent rounds over a database: a block stops a round, its objection is resolved, an amended text is put again.
@Suite struct ConsentRoundTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.50", requestID: "req-consent")

    func actor(_ services: CoopServices, _ roles: Set<Role> = [.peerFacilitator]) async throws -> Actor {
        let (member, _) = try await TestServices.member(services, roles: roles)
        return Actor(memberID: member.id, roles: roles, mfaSatisfied: true)
    }

    @Test func anObjectionIsIntegratedAndTheAmendedProposalReachesConsent() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let author = try await actor(services)
            let objector = try await actor(services)
            let other = try await actor(services)
            // Policy changes use the sample bylaws' consent rule: a block is a veto.
            let first = try await governance.open(
                actor: author, draft: ProposalDraft(title: "Evening hours", body: "Open until 9 pm.", decisionType: .policyChange), origin: origin)
            await #expect(throws: GovernanceError.invalidReason(.required)) {
                try await governance.vote(actor: objector, poll: first, choice: .stance(.block), reason: nil, origin: origin)
            }
            try await governance.vote(actor: objector, poll: first, choice: .stance(.block), reason: "Nobody to lock up at 9", origin: origin)
            try await governance.vote(actor: other, poll: first, choice: .stance(.agree), reason: nil, origin: origin)
            #expect(try await governance.close(actor: author, poll: first, origin: origin) == .failed)

            let view = try #require(try await governance.consent(actor: author, poll: first, origin: origin))
            #expect(view.process.stage == .amendmentNeeded && view.mayManage)
            #expect(view.process.objections.map(\.reason) == ["Nobody to lock up at 9"] && view.process.objections[0].objector == objector.memberID)
            await #expect(throws: GovernanceError.objectionsUnresolved(count: 1)) {
                try await governance.putAgain(actor: author, poll: first, text: "Open until 8 pm.", origin: origin)
            }
            await #expect(throws: AccessDenied(.missingRole)) {
                try await governance.resolveObjection(actor: other, poll: first, objection: 0, as: .withdrawn, origin: origin)
            }
            try await governance.resolveObjection(actor: author, poll: first, objection: 0, as: .integrated, origin: origin)
            await #expect(throws: GovernanceError.objectionNotFound(0)) {
                try await governance.resolveObjection(actor: author, poll: first, objection: 0, as: .withdrawn, origin: origin)
            }
            let second = try await governance.putAgain(actor: author, poll: first, text: "Open until 8 pm; Finley locks up.", origin: origin)
            let round2 = try #require(try await governance.consent(actor: other, poll: second, origin: origin))
            #expect(round2.process.rounds.map(\.number) == [1, 2] && round2.process.stage == .voting && !round2.mayManage)
            for member in [objector, other] {
                try await governance.vote(actor: member, poll: second, choice: .stance(.agree), reason: nil, origin: origin)
            }
            #expect(try await governance.close(actor: author, poll: second, origin: origin) == .passed)
            let done = try #require(try await governance.consent(actor: author, poll: first, origin: origin))
            #expect(done.process.stage == .consented(round: 2) && done.process.standingObjections.isEmpty)
            #expect(done.process.rounds.map(\.status) == [.failed, .passed])
            #expect(done.process.rounds[1].proposal == "Open until 8 pm; Finley locks up.")
        }
    }

    @Test func aMajorityProposalIsNoConsentProcess() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let author = try await actor(services)
            let poll = try await governance.open(actor: author, draft: ProposalDraft(title: "Ordinary"), origin: origin)
            try await governance.close(actor: author, poll: poll, origin: origin)
            #expect(try await governance.consent(actor: author, poll: poll, origin: origin) == nil)
        }
    }
}
