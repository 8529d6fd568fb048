import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// The governance use cases over a real database: open, vote, close, decide, apply settings, export ballots.
@Suite struct GovernanceTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.20", requestID: "req-gov")

    /// A signed-in member with `roles`, as an actor who has passed any second factor.
    func actor(_ services: CoopServices, _ roles: Set<Role> = [.peerFacilitator]) async throws -> Actor {
        let (member, _) = try await TestServices.member(services, roles: roles)
        return Actor(memberID: member.id, roles: roles, mfaSatisfied: true)
    }

    /// `count` worker-owners (peer facilitators need no second factor).
    func workers(_ services: CoopServices, _ count: Int) async throws -> [Actor] {
        var result: [Actor] = []
        for _ in 0..<count { result.append(try await actor(services)) }
        return result
    }

    func decision(_ governance: Governance, _ id: PollID) async throws -> DecisionEntry? {
        try await governance.decisions().first { $0.record.poll.id == id }
    }

    @Test func majorityWithQuorumPassesAndReachesThePublicLog() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 4)
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Buy a new printer"), origin: origin)
            try await governance.vote(actor: people[0], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: people[2], poll: id, choice: .stance(.disagree), reason: nil, origin: origin)
            let status = try await governance.close(actor: people[0], poll: id, origin: origin)
            #expect(status == .passed)
            let entry = try #require(try await decision(governance, id))
            #expect(entry.result.quorum.required == 2 && entry.result.quorum.participating == 3)
            #expect(entry.record.result == .passed)
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 20, sql: sql) }
            #expect(audit.contains { $0.resourceType == "poll" && $0.resourceID == id.rawValue && $0.detail?.contains("result=passed") == true })
            #expect(audit.filter { $0.resourceType == "ballot" }.count == 3)
        }
    }

    @Test(arguments: [
        // (agree, disagree, abstain, expected) with 4 eligible, quorum 50% = 2 ballots, simple majority of votes cast.
        (1, 0, 0, DecisionStatus.noQuorum),
        (1, 1, 0, .failed),
        (1, 2, 0, .failed),
        (2, 1, 0, .passed),
        (1, 0, 1, .passed),
        (0, 0, 2, .failed),
    ])
    func quorumAndThresholdOutcomes(agree: Int, disagree: Int, abstain: Int, expected: DecisionStatus) async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 4)
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Table case"), origin: origin)
            let stances =
                Array(repeating: Stance.agree, count: agree) + Array(repeating: .disagree, count: disagree)
                + Array(repeating: .abstain, count: abstain)
            for (index, stance) in stances.enumerated() {
                try await governance.vote(actor: people[index], poll: id, choice: .stance(stance), reason: nil, origin: origin)
            }
            #expect(try await governance.close(actor: people[0], poll: id, origin: origin) == expected)
        }
    }

    @Test func voteAfterTheClosingTimeIsRefusedAndThePollSettlesByItself() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 2)
            let id = try await governance.open(
                actor: people[0], draft: ProposalDraft(title: "Short vote", votingPeriod: 3600), origin: origin
            )
            try await governance.vote(actor: people[0], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            clock.advance(3601)
            await #expect(throws: GovernanceError.self) {
                try await governance.vote(actor: people[1], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            }
            let entry = try #require(try await decision(governance, id))
            #expect(entry.result.tally.accounting.cast == 1)
            #expect(entry.record.result == .passed)
            await #expect(throws: GovernanceError.self) { try await governance.close(actor: people[0], poll: id, origin: origin) }
        }
    }

    @Test func aSecondVoteReplacesTheFirstInANamedPoll() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 2)
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Change of mind"), origin: origin)
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.disagree), reason: "thought again", origin: origin)
            let ballots = try await services.database.read { sql in try await BallotStore().ballots(of: id, sql: sql) }
            #expect(ballots.count == 1)
            #expect(ballots.first?.choice == .stance(.disagree) && ballots.first?.reason == "thought again")
            let details = try await governance.proposal(actor: people[1], id: id, origin: origin)
            #expect(details.hasVoted && details.votesCast == 1 && details.ownBallot?.choice == .stance(.disagree))
        }
    }

    @Test func aBlockNeedsAReasonAndOverlongReasonsAreRefused() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 2)
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Blockable"), origin: origin)
            await #expect(throws: GovernanceError.invalidReason(.required)) {
                try await governance.vote(actor: people[1], poll: id, choice: .stance(.block), reason: nil, origin: origin)
            }
            await #expect(throws: GovernanceError.invalidReason(.tooLong(maximum: 500))) {
                try await governance.vote(
                    actor: people[1], poll: id, choice: .stance(.agree), reason: String(repeating: "x", count: 501), origin: origin)
            }
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.block), reason: "Unsafe for clients", origin: origin)
            let count = try await services.database.read { sql in try await BallotStore().ballots(of: id, sql: sql).count }
            #expect(count == 1)
        }
    }

    @Test func aMemberOfAnotherClassCannotVote() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let worker = try await actor(services)
            let client = try await actor(services, [.client])
            let id = try await governance.open(
                actor: worker, draft: ProposalDraft(title: "Workers only", voterClasses: [.workerOwner]), origin: origin
            )
            await #expect(throws: GovernanceError.notEligible(client.memberID!, .wrongClass(.serviceUser))) {
                try await governance.vote(actor: client, poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            }
            let details = try await governance.proposal(actor: client, id: id, origin: origin)
            #expect(!details.mayVote && details.record.electorate.count == 1)
        }
    }

    @Test func onlyTheAuthorOrACoordinatorClosesEarlyAndDenialsAreAudited() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 2)
            let coordinator = try await actor(services, [.coordinator])
            let id = try await governance.open(actor: people[0], draft: ProposalDraft(title: "Who closes"), origin: origin)
            await #expect(throws: AccessDenied(.missingRole)) { try await governance.close(actor: people[1], poll: id, origin: origin) }
            #expect(try await governance.close(actor: coordinator, poll: id, origin: origin) == .noQuorum)
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 20, sql: sql) }
            #expect(audit.contains { $0.action == .accessDenied && $0.actor == people[1].memberID?.rawValue })
            await #expect(throws: AccessDenied(.notSignedIn)) {
                try await governance.open(actor: .anonymous, draft: ProposalDraft(title: "x"), origin: origin)
            }
        }
    }

    @Test func aPassedPolicyChangeSetsTheSettingAndRecordsItsHistory() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 3)
            let before = try await governance.currentSettings()
            #expect(before.cancellationWindow == .hours(24))
            // A setting change must come as a policy-change decision.
            await #expect(throws: GovernanceError.invalidPoll(.subjectNeedsDecisionType(.policyChange))) {
                try await governance.open(
                    actor: people[0], draft: ProposalDraft(title: "Sneaky", setting: .cancellationWindow(.hours(1))), origin: origin
                )
            }
            let id = try await governance.open(
                actor: people[0],
                draft: ProposalDraft(title: "48-hour cancellation window", decisionType: .policyChange, setting: .cancellationWindow(.hours(48))),
                origin: origin
            )
            try await governance.vote(actor: people[0], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.disagree), reason: nil, origin: origin)
            #expect(try await governance.close(actor: people[0], poll: id, origin: origin) == .passed)
            let after = try await governance.currentSettings()
            #expect(after.cancellationWindow == .hours(48))
            #expect(after.history(of: .cancellationWindow).map(\.cause) == [.decision(id)])
            let overview = try await governance.settingsOverview(actor: people[2], origin: origin)
            let lines = overview.history.filter { $0.key == "cancellation-window" }
            #expect(lines.map(\.cause) == ["founding", "decision"])
            #expect(lines.last?.decidedBy == id && lines.last?.value == .cancellationWindow(.hours(48)))
        }
    }

    @Test func aBlockedPolicyChangeLeavesTheSettingAlone() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 2)
            let id = try await governance.open(
                actor: people[0],
                draft: ProposalDraft(title: "Two-hour window", decisionType: .policyChange, setting: .cancellationWindow(.hours(2))),
                origin: origin
            )
            try await governance.vote(actor: people[0], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.block), reason: "Too short for clients", origin: origin)
            #expect(try await governance.close(actor: people[0], poll: id, origin: origin) == .failed)
            #expect(try await governance.currentSettings().cancellationWindow == .hours(24))
        }
    }

    @Test func anonymousBallotsCarryNoVoterAndCannotBeCastTwice() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 3)
            let id = try await governance.open(
                actor: people[0], draft: ProposalDraft(title: "Secret ballot", isAnonymous: true), origin: origin
            )
            try await governance.vote(actor: people[1], poll: id, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: people[2], poll: id, choice: .stance(.disagree), reason: nil, origin: origin)
            await #expect(throws: GovernanceError.alreadyVoted(people[1].memberID!)) {
                try await governance.vote(actor: people[1], poll: id, choice: .stance(.disagree), reason: nil, origin: origin)
            }
            let rows = try await services.database.read { sql in
                try await sql.raw("SELECT voter_id, cast_by, proxy_id, cast_at FROM ballots WHERE poll_id = \(bind: id.rawValue)").all()
            }
            #expect(rows.count == 2)
            for row in rows {
                #expect(try row.decode(column: "voter_id", as: String?.self) == nil)
                #expect(try row.decode(column: "cast_by", as: String?.self) == nil)
                #expect(try row.decode(column: "cast_at", as: Int64?.self) == nil)
            }
            let receipts = try await services.database.read { sql in try await BallotStore().receipts(of: id, sql: sql) }
            #expect(Set(receipts.map(\.voter)) == Set([people[1].memberID!, people[2].memberID!]))
            // Results stay hidden while it is open, even from those who voted.
            #expect(try await governance.proposal(actor: people[1], id: id, origin: origin).result == nil)
            try await governance.close(actor: people[0], poll: id, origin: origin)
            let entry = try #require(try await decision(governance, id))
            #expect(entry.result.tally.voters == nil && entry.result.tally.accounting.cast == 2)
        }
    }

    @Test func aClosedSTVElectionExportsItsBallotsAsBLT() async throws {
        try await TestServices.with { services in
            let governance = Governance(services: services)
            let people = try await workers(services, 5)
            let options = people[0..<3].enumerated().map { PollOption("Candidate \($0.offset + 1)", candidate: $0.element.memberID) }
            let id = try await governance.open(
                actor: people[0],
                draft: ProposalDraft(
                    title: "Board election", decisionType: .election, kind: .stv(STVSettings(seats: 2)), options: options, isAnonymous: true
                ),
                origin: origin
            )
            await #expect(throws: ProposalError.notAClosedElection) { try await governance.ballotFile(poll: id) }
            let rankings = [[0, 1], [0, 2], [1, 0], [2, 1], [0]]
            for (voter, ranking) in zip(people, rankings) {
                try await governance.vote(actor: voter, poll: id, choice: .ranking(ranking), reason: nil, origin: origin)
            }
            #expect(try await governance.close(actor: people[0], poll: id, origin: origin) == .passed)
            let text = try await governance.ballotFile(poll: id)
            #expect(text.hasPrefix("3 2\n"))
            let file = try BLTParser.parse(text)
            #expect(file.ballots.reduce(0) { $0 + $1.weight } == 5)
            #expect(file.candidates == ["Candidate 1", "Candidate 2", "Candidate 3"])
            let entry = try #require(try await decision(governance, id))
            #expect(entry.result.tally.winners.count == 2 && entry.result.tally.winners.contains(0))
            await #expect(throws: ProposalError.pollNotFound) { try await governance.ballotFile(poll: .make()) }
        }
    }
}
