import CoopDomain
import Foundation
import Testing

@Suite("Governance policy")
struct GovernancePolicyTests {
    static let author = GovernanceFixture.member(1)
    static let other = GovernanceFixture.member(2)

    /// (action, roles of member 2, allowed): member 2 is never the poll's author nor the proxy's giver.
    static let table: [(GovernanceAction, Set<Role>, Bool)] = [
        (.startPoll, [.communityMember], true),
        (.closePollEarly(author: author), [.clinician], false),
        (.closePollEarly(author: author), [.coordinator], true),
        (.closePollEarly(author: other), [.client], true),
        (.writeOutcome(author: author), [.treasurer], false),
        (.writeOutcome(author: other), [.peerFacilitator], true),
        (.manageProxy(giver: other), [.client], true),
        (.manageProxy(giver: author), [.client], false),
        (.manageProxy(giver: author), [.coordinator], true),
        (.enactEmergencyChange, [.treasurer], false),
        (.enactEmergencyChange, [.coordinator], true),
        (.manageMemberships, [.clinician], false),
        (.runMeeting, [.coordinator], true),
        (.keepMinutes, [.communityMember], false),
    ]

    @Test(arguments: table)
    func whoMayRunTheProcess(action: GovernanceAction, roles: Set<Role>, allowed: Bool) {
        let actor = Actor(memberID: Self.other, roles: roles, mfaSatisfied: true)
        #expect(GovernancePolicy.decide(actor, action).isAllowed == allowed)
    }

    @Test func aSecondFactorIsNeededFirst() {
        let coordinator = Actor(memberID: Self.other, roles: [.coordinator], mfaSatisfied: false)
        #expect(GovernancePolicy.decide(coordinator, .runMeeting) == .deny(.secondFactorRequired))
        #expect(GovernancePolicy.decide(.anonymous, .startPoll) == .deny(.notSignedIn))
    }
}
