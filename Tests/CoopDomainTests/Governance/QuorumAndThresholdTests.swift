import CoopDomain
import Foundation
import Testing

@Suite("Quorum")
struct QuorumTests {
    /// (quorum %, eligible, ballots cast, ballots required, met).
    static let cases: [(Int, Int, Int, Int, Bool)] = [
        (50, 10, 5, 5, true),
        (50, 10, 4, 5, false),
        (50, 9, 5, 5, true),  // 4.5 rounds up to 5
        (50, 9, 4, 5, false),
        (33, 10, 4, 4, true),  // 3.3 rounds up to 4
        (33, 10, 3, 4, false),
        (100, 7, 7, 7, true),
        (100, 7, 6, 7, false),
        (0, 10, 0, 0, true),
        (5, 1000, 50, 50, true),  // Maryland §5-618: 5% of a co-op of 1,000 members (DOMAIN.md §9.1)
        (5, 1000, 49, 50, false),
        (5, 999, 50, 50, true),  // 49.95 rounds up to 50
        (51, 1, 1, 1, true),
    ]

    @Test(arguments: cases)
    func ballotsAgainstTheShareOfEligibleMembers(percent: Int, eligible: Int, cast: Int, required: Int, met: Bool) {
        let check = QuorumCheck(percent: percent, eligible: eligible, participating: cast)
        #expect(check.required == required)
        #expect(check.isMet == met)
    }

    @Test func abstentionsAndProxiesCountTowardQuorumButInvitationsDoNot() throws {
        let rule = GovernanceFixture.rule(quorum: 50, proxies: 1)
        let poll = GovernanceFixture.poll()
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...10))
        // Two agree, two abstain, one agree cast by member 1 as member 6's proxy: five of ten.
        var ballots = GovernanceFixture.stances(agree: 2, abstain: 2)
        ballots.append(
            Ballot(
                voter: GovernanceFixture.member(6),
                castBy: GovernanceFixture.member(1),
                proxy: .make(),
                choice: .stance(.agree),
                castAt: GovernanceFixture.start
            )
        )
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: ballots, electorate: electorate)
        #expect(result.quorum.participating == 5)
        #expect(result.quorum.isMet)
        #expect(result.tally.accounting.byProxy == 1)
        #expect(result.status == .passed)
        let short = try PollResult.evaluate(poll: poll, rule: rule, ballots: Array(ballots.prefix(4)), electorate: electorate)
        #expect(short.status == .noQuorum)
    }
}

@Suite("Passing thresholds")
struct ThresholdTests {
    /// (threshold, base, agree, abstain, disagree, block, eligible weight, met).
    static let cases: [(PassingThreshold, ThresholdBase, Int64, Int64, Int64, Int64, Int64, Bool)] = [
        // Simple majority is strictly more than half: a tie fails.
        (.simpleMajority, .votesCast, 5, 0, 5, 0, 10, false),
        (.simpleMajority, .votesCast, 6, 0, 4, 0, 10, true),
        (.simpleMajority, .votesCast, 1, 0, 0, 0, 10, true),
        // Two thirds and three quarters are "at least": 2/3 of 9 is 6; 3/4 of 8 is 6; 3/4 of 9 is 6.75.
        (.twoThirds, .votesCast, 6, 0, 3, 0, 9, true),
        (.twoThirds, .votesCast, 5, 0, 4, 0, 9, false),
        (.twoThirds, .votesCast, 2, 0, 1, 0, 3, true),
        (.threeQuarters, .votesCast, 6, 0, 2, 0, 8, true),
        (.threeQuarters, .votesCast, 5, 0, 3, 0, 8, false),
        (.threeQuarters, .votesCast, 7, 0, 2, 0, 9, true),
        (.threeQuarters, .votesCast, 6, 0, 3, 0, 9, false),
        // Abstentions leave the base by default, but count for "a majority of those present".
        (.simpleMajority, .votesCast, 5, 10, 4, 0, 19, true),
        (.simpleMajority, .ballotsCast, 5, 10, 4, 0, 19, false),
        // "Two thirds of the membership": 20 of 30 members, whoever voted.
        (.twoThirds, .eligibleVoters, 20, 0, 0, 0, 30, true),
        (.twoThirds, .eligibleVoters, 19, 0, 0, 0, 30, false),
        // Under a majority a block is one vote against, not a veto.
        (.simpleMajority, .votesCast, 6, 0, 3, 1, 10, true),
        (.simpleMajority, .votesCast, 5, 0, 4, 1, 10, false),
        // Consent: no standing block, and somebody agreed; disagreement is only recorded.
        (.consent, .votesCast, 9, 0, 0, 1, 10, false),
        (.consent, .votesCast, 1, 0, 5, 0, 10, true),
        (.consent, .votesCast, 0, 4, 0, 0, 10, false),
        // Unanimity: every vote in the base agrees; abstaining stands aside unless the base counts it.
        (.unanimous, .votesCast, 5, 1, 0, 0, 6, true),
        (.unanimous, .ballotsCast, 5, 1, 0, 0, 6, false),
        (.unanimous, .votesCast, 5, 0, 1, 0, 6, false),
        (.unanimous, .eligibleVoters, 5, 0, 0, 0, 6, false),
        (.unanimous, .eligibleVoters, 6, 0, 0, 0, 6, true),
        // Nothing cast passes nothing.
        (.simpleMajority, .votesCast, 0, 0, 0, 0, 10, false),
        (.twoThirds, .votesCast, 0, 3, 0, 0, 10, false),
    ]

    @Test(arguments: cases)
    func exactBoundaries(
        threshold: PassingThreshold,
        base: ThresholdBase,
        agree: Int64,
        abstain: Int64,
        disagree: Int64,
        block: Int64,
        eligible: Int64,
        met: Bool
    ) {
        let stances = StanceCounts(agree: agree, abstain: abstain, disagree: disagree, block: block)
        let check = ThresholdCheck(threshold: threshold, base: base, stances: stances, eligibleWeight: eligible)
        #expect(check.isMet == met)
    }

    @Test func weightsCountTowardTheThresholdAndHeadsTowardQuorum() throws {
        // Worker-owners weigh 3; three supporters weigh 1 each: one owner agreeing outweighs two supporters disagreeing.
        let rule = GovernanceFixture.rule(
            quorum: 50,
            classes: [.workerOwner, .communitySupporter],
            weighting: .perClass([.workerOwner: 3])
        )
        let members = GovernanceFixture.founders(1...1) + GovernanceFixture.founders(2...4, of: .communitySupporter)
        let poll = GovernanceFixture.poll()
        let electorate = try GovernanceFixture.electorate(poll, rule, members)
        #expect(electorate.totalWeight == 6)
        var box = BallotBox(pollID: poll.id)
        let at = GovernanceFixture.start + GovernanceFixture.hour
        for (number, stance) in [(1, Stance.agree), (2, .disagree), (3, .disagree)] {
            let submission = BallotSubmission(submittedBy: GovernanceFixture.member(number), choice: .stance(stance))
            _ = try box.cast(submission, poll: poll, rule: rule, electorate: electorate, proxies: ProxyRegister(), at: at)
        }
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: box.ballots, electorate: electorate)
        #expect(result.quorum.participating == 3)
        #expect(result.threshold?.stances == StanceCounts(agree: 3, disagree: 2))
        #expect(result.status == .passed)
    }

    /// "A majority of those present" (DOMAIN.md §9.1) counts abstainers; the default reading does not.
    @Test(arguments: [(ThresholdBase.votesCast, DecisionStatus.passed), (.ballotsCast, .failed)])
    func abstentionsReachTheBaseThroughTheTally(base: ThresholdBase, status: DecisionStatus) throws {
        let rule = GovernanceFixture.rule(quorum: 50, base: base)
        let poll = GovernanceFixture.poll()
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...12))
        let ballots = GovernanceFixture.stances(agree: 5, abstain: 4, disagree: 2)
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: ballots, electorate: electorate)
        #expect(result.threshold?.denominator == (base == .votesCast ? 7 : 11))
        #expect(result.status == status)
    }

    @Test(arguments: [(7, 0, DecisionStatus.passed), (5, 2, .failed), (3, 0, .noQuorum)])
    func statusFollowsQuorumThenThreshold(agree: Int, disagree: Int, status: DecisionStatus) throws {
        let rule = GovernanceFixture.rule(quorum: 50, threshold: .threeQuarters)
        let poll = GovernanceFixture.poll()
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...10))
        let ballots = GovernanceFixture.stances(agree: agree, disagree: disagree)
        #expect(try PollResult.evaluate(poll: poll, rule: rule, ballots: ballots, electorate: electorate).status == status)
    }
}
