import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Proxies for one poll: given, used, withdrawn, and refused where the bylaws say no.
@Suite struct GovernanceProxyTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.30", requestID: "req-proxy")

    func workers(_ services: CoopServices, _ count: Int) async throws -> [Actor] {
        var result: [Actor] = []
        for _ in 0..<count {
            let (member, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            result.append(Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true))
        }
        return result
    }

    @Test func aHolderVotesForTheGiverWhoSeesItUsed() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 3)
            let (giver, holder) = (people[1], people[2])
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "By proxy"), origin: origin)
            try await governance.giveProxy(actor: giver, poll: id, to: holder.memberID!, origin: origin)
            let held = try await governance.proposal(actor: holder, id: id, origin: origin)
            #expect(held.proxiesHeld == [giver.memberID!])
            try await governance.vote(actor: holder, poll: id, choice: .stance(.agree), reason: nil, onBehalfOf: giver.memberID, origin: origin)
            try await governance.vote(actor: holder, poll: id, choice: .stance(.disagree), reason: nil, origin: origin)
            await #expect(throws: GovernanceError.votedByProxy(giver.memberID!, holder: holder.memberID!)) {
                try await governance.vote(actor: giver, poll: id, choice: .stance(.disagree), reason: nil, origin: origin)
            }
            await #expect(throws: GovernanceError.votedByProxy(giver.memberID!, holder: holder.memberID!)) {
                try await governance.withdrawProxy(actor: giver, poll: id, origin: origin)
            }
            let seen = try await governance.proposal(actor: giver, id: id, origin: origin)
            #expect(seen.givenProxy?.holder == holder.memberID && seen.givenProxyUsed)
            let ballots = try await services.database.read { sql in try await BallotStore().ballots(of: id, sql: sql) }
            #expect(ballots.count == 2 && ballots.contains { $0.voter == giver.memberID && $0.castBy == holder.memberID && $0.proxy != nil })
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 20, sql: sql) }
            #expect(audit.contains { $0.resourceType == "ballot" && $0.onBehalfOf == giver.memberID?.rawValue })
        }
    }

    @Test func chainsLimitsAndRulesWithoutProxiesAreRefused() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 4)
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Limits"), origin: origin)
            try await governance.giveProxy(actor: people[1], poll: id, to: people[2].memberID!, origin: origin)
            await #expect(throws: GovernanceError.proxyChain(people[2].memberID!)) {
                try await governance.giveProxy(actor: people[2], poll: id, to: people[3].memberID!, origin: origin)
            }
            await #expect(throws: GovernanceError.proxyLimitReached(people[2].memberID!, maximum: 1)) {
                try await governance.giveProxy(actor: people[3], poll: id, to: people[2].memberID!, origin: origin)
            }
            await #expect(throws: GovernanceError.proxyToSelf) {
                try await governance.giveProxy(actor: people[3], poll: id, to: people[3].memberID!, origin: origin)
            }
            let admission = try await governance.open(
                actor: people[0], draft: ProposalDraft(title: "No proxies", decisionType: .admission), origin: origin)
            await #expect(throws: GovernanceError.proxiesNotAllowed) {
                try await governance.giveProxy(actor: people[1], poll: admission, to: people[2].memberID!, origin: origin)
            }
        }
    }

    @Test func anUnusedProxyCanBeWithdrawnAndTheGiverVotesAgain() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 2)
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Changed mind"), origin: origin)
            try await governance.giveProxy(actor: people[1], poll: id, to: people[0].memberID!, origin: origin)
            try await governance.withdrawProxy(actor: people[1], poll: id, origin: origin)
            await #expect(throws: GovernanceError.proxyNotFound) {
                try await governance.vote(
                    actor: people[0], poll: id, choice: .stance(.agree), reason: nil, onBehalfOf: people[1].memberID, origin: origin)
            }
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            await #expect(throws: GovernanceError.giverVotedInPerson(people[1].memberID!)) {
                try await governance.giveProxy(actor: people[1], poll: id, to: people[0].memberID!, origin: origin)
            }
        }
    }
}
