import CoopDomain
import Foundation
import Testing

/// Tallies `votes` (member number, choice) of `poll` with members 1...`electorate` as worker-owners.
private func tally(
    _ poll: Poll,
    _ votes: [(Int, BallotChoice)],
    electorate size: Int = 10,
    rule: DecisionRule = GovernanceFixture.rule(quorum: 50)
) throws -> PollResult {
    let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...size))
    return try PollResult.evaluate(poll: poll, rule: rule, ballots: GovernanceFixture.ballots(votes), electorate: electorate)
}

@Suite("Poll tallies")
struct PollTallyTests {
    @Test func proposalRowsCarryLoomiosPercentages() throws {
        let poll = GovernanceFixture.poll()
        let result = try tally(
            poll,
            [(1, .stance(.agree)), (2, .stance(.agree)), (3, .stance(.agree)), (4, .stance(.abstain)), (5, .stance(.disagree))]
        )
        let rows = result.tally.options
        #expect(rows.map(\.name) == ["agree", "abstain", "disagree", "block"])
        #expect(rows.map(\.score) == [3, 1, 1, 0])
        #expect(rows.map(\.rank) == [1, 2, 2, 4])
        // score_percent: of all stances' weight (5); voter_percent: of the whole electorate (10).
        #expect(rows.map(\.scorePercent.percent) == [60, 20, 20, 0])
        #expect(rows.map(\.voterPercent.percent) == [30, 10, 10, 0])
        #expect(rows[0].voters == (1...3).map(GovernanceFixture.member))
        #expect(result.tally.undecided == 5)
        #expect(result.tally.accounting == BallotAccounting(cast: 5, counted: 4, abstained: 1, invalid: 0, byProxy: 0))
        #expect(result.status == .passed)
        #expect(result.tally.winners.isEmpty)
    }

    @Test func singleChoiceWithClassWeights() throws {
        let rule = GovernanceFixture.rule(classes: [.workerOwner, .serviceUser], weighting: .perClass([.workerOwner: 2]))
        let poll = GovernanceFixture.poll(.singleChoice, options: ["Tuesday", "Thursday"])
        let members = GovernanceFixture.founders(1...2) + GovernanceFixture.founders(3...5, of: .serviceUser)
        let electorate = try GovernanceFixture.electorate(poll, rule, members)
        var box = BallotBox(pollID: poll.id)
        for (number, option) in [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1)] {
            let submission = BallotSubmission(submittedBy: GovernanceFixture.member(number), choice: .selection([option]))
            _ = try box.cast(submission, poll: poll, rule: rule, electorate: electorate, proxies: ProxyRegister(), at: GovernanceFixture.start)
        }
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: box.ballots, electorate: electorate)
        // Two owners weighing 2 each beat three service users weighing 1.
        #expect(result.tally.options.map(\.score) == [4, 3])
        #expect(result.tally.options.map(\.voterCount) == [2, 3])
        #expect(result.tally.winners == [0])
    }

    @Test func approvalVotingCountsEveryApprovalAndKeepsTies() throws {
        let poll = GovernanceFixture.poll(.multipleChoice(minimum: 0, maximum: 3), options: ["Rent", "Training", "Hardship fund"])
        let result = try tally(
            poll,
            [(1, .selection([0, 1])), (2, .selection([1, 2])), (3, .selection([0, 2])), (4, .selection([])), (5, .abstain)]
        )
        #expect(result.tally.options.map(\.score) == [2, 2, 2])
        #expect(result.tally.winners == [0, 1, 2])
        #expect(result.tally.accounting.abstained == 2)
        #expect(result.tally.options[0].scorePercent == Share(2, of: 6))
    }

    @Test func scoreAndDotVotesAddPoints() throws {
        let score = GovernanceFixture.poll(.score(maximum: 5), options: ["A", "B", "C"])
        let scored = try tally(score, [(1, .scores([5, 3, 0])), (2, .scores([4, 5, 1])), (3, .scores([0, 5, 0]))])
        #expect(scored.tally.options.map(\.score) == [9, 13, 1])
        #expect(scored.tally.options.map(\.voterCount) == [2, 3, 1])
        #expect(scored.tally.winners == [1])
        let dots = GovernanceFixture.poll(.dotVote(dotsPerPerson: 8), options: ["A", "B", "C"])
        let dotted = try tally(dots, [(1, .scores([8, 0, 0])), (2, .scores([2, 2, 4])), (3, .scores([0, 3, 3]))])
        #expect(dotted.tally.options.map(\.score) == [10, 5, 7])
        #expect(dotted.tally.options.map(\.scorePercent) == [Share(10, of: 22), Share(5, of: 22), Share(7, of: 22)])
        #expect(dotted.tally.winners == [0])
    }

    @Test func meetingTimesScoreYesTwoAndMaybeOne() throws {
        var poll = GovernanceFixture.poll(.meetingTime(allowsMaybe: true), options: ["Mon 10:00", "Tue 18:00"])
        poll.options = poll.options.enumerated().map { index, option in
            PollOption(option.name, slot: DateInterval(start: GovernanceFixture.start + Double(index + 10) * GovernanceFixture.day, duration: 5400))
        }
        let result = try tally(
            poll,
            [
                (1, .availability([.yes, .no])), (2, .availability([.maybe, .yes])), (3, .availability([.yes, .maybe])),
                (4, .availability([.no, .yes])), (5, .availability([.yes, .no])),
            ]
        )
        guard case .meetingTime(let slots) = result.tally.details else {
            Issue.record("expected meeting-time details")
            return
        }
        #expect(slots.map(\.yes) == [3, 2])
        #expect(slots.map(\.maybe) == [1, 1])
        #expect(slots.map(\.no) == [1, 2])
        #expect(slots.map(\.score) == [7, 5])
        #expect(result.tally.options.map(\.voterCount) == [4, 3])
        #expect(result.tally.winners == [0])
    }

    /// Tennessee (DOMAIN.md §9.6.5) as a ranked-choice poll of 100 voters: the engine's IRV elects Knoxville, and the
    /// Borda points shown beside it are 126, 194, 173, 107. This checks the poll-to-engine wiring, not the engine.
    @Test func rankedChoiceShowsBordaAndElectsByInstantRunoff() throws {
        let poll = GovernanceFixture.poll(.rankedChoice(minimumRanked: 2), options: ["Memphis", "Nashville", "Chattanooga", "Knoxville"])
        var votes: [(Int, BallotChoice)] = []
        for (share, ranking) in [(42, [0, 1, 2, 3]), (26, [1, 2, 3, 0]), (15, [2, 3, 1, 0]), (17, [3, 2, 1, 0])] {
            for _ in 0..<share { votes.append((votes.count + 1, .ranking(ranking))) }
        }
        let result = try tally(poll, votes.reversed(), electorate: 100)
        #expect(result.tally.winners == [3])
        #expect(result.tally.options.map(\.score) == [126, 194, 173, 107])
        #expect(result.tally.options.map(\.rank) == [3, 1, 2, 4])
        guard case .ranked(let borda, let instantRunoff) = result.tally.details else {
            Issue.record("expected ranked details")
            return
        }
        #expect(borda?.electedNames == ["Nashville"])
        #expect(instantRunoff?.stages.last?.votes.map(\.wholeVotes) == [42, 0, 0, 58])
        #expect(result.status == .passed)
    }

    /// The Wikipedia food election (DOMAIN.md §9.6.4) as a class election: 20 service users elect 3 of 5 candidates,
    /// Chocolate, Oranges and Strawberries; worker-owners neither vote nor stand.
    @Test func stvElectionLimitedToOneClass() throws {
        let foods = ["Oranges", "Pears", "Chocolate", "Strawberries", "Sweets"]
        let rule = GovernanceFixture.rule(classes: [.workerOwner, .serviceUser])
        var poll = GovernanceFixture.poll(
            .stv(STVSettings(seats: 3, method: .scottish, candidateClasses: [.serviceUser])),
            type: .election,
            voterClasses: [.serviceUser]
        )
        poll.options = foods.enumerated().map { PollOption($0.element, candidate: GovernanceFixture.member(101 + $0.offset)) }
        let members =
            GovernanceFixture.founders(1...20, of: .serviceUser) + GovernanceFixture.founders(101...105, of: .serviceUser)
            + GovernanceFixture.founders(200...201)
        try poll.validate(rule: rule)
        try poll.validateCandidates(memberships: members)
        let electorate = try GovernanceFixture.electorate(poll, rule, members)
        #expect(electorate.count == 25)
        #expect(electorate.weights[GovernanceFixture.member(200)] == nil)

        var votes: [(Int, BallotChoice)] = []
        for (count, ranking) in [(4, [0]), (2, [1, 0]), (8, [2, 3]), (4, [2, 4]), (1, [3]), (1, [4])] {
            for _ in 0..<count { votes.append((votes.count + 1, .ranking(ranking))) }
        }
        let result = try PollResult.evaluate(poll: poll, rule: rule, ballots: GovernanceFixture.ballots(votes), electorate: electorate)
        #expect(result.tally.winners.map { foods[$0] } == ["Chocolate", "Oranges", "Strawberries"])
        #expect(result.tally.options.map(\.score) == [4, 2, 12, 1, 1])

        var owner = poll
        owner.options[0].candidate = GovernanceFixture.member(200)
        #expect(throws: GovernanceError.invalidPoll(.candidateNotEligible(GovernanceFixture.member(200), .wrongClass(.workerOwner)))) {
            try owner.validateCandidates(memberships: members)
        }
    }

    @Test func electionsAndChoicesWithoutAnyChoiceFail() throws {
        let stv = GovernanceFixture.poll(.stv(STVSettings(seats: 1)), options: ["A", "B"])
        let withCandidates = Poll(
            id: stv.id,
            author: stv.author,
            title: stv.title,
            decisionType: .election,
            kind: stv.kind,
            options: [PollOption("A", candidate: GovernanceFixture.member(1)), PollOption("B", candidate: GovernanceFixture.member(2))],
            opensAt: stv.opensAt,
            closesAt: stv.closesAt
        )
        let result = try tally(withCandidates, [(1, .abstain), (2, .abstain), (3, .abstain), (4, .abstain), (5, .abstain)])
        #expect(result.status == .failed)
        #expect(result.tally.details == .election(nil))
        let single = try tally(GovernanceFixture.poll(.singleChoice, options: ["A", "B"]), [(1, .abstain)])
        #expect(single.status == .noQuorum)
    }

    @Test func unreadableBallotsAreCountedAsInvalidNotDropped() throws {
        let poll = GovernanceFixture.poll(.singleChoice, options: ["A", "B"])
        var ballots = GovernanceFixture.ballots([(1, .selection([0])), (2, .selection([5])), (3, .ranking([0])), (4, .selection([1]))])
        ballots.append(Ballot(voter: GovernanceFixture.member(1), castBy: GovernanceFixture.member(1), choice: .selection([1]), castAt: nil))
        ballots.append(Ballot(voter: GovernanceFixture.member(77), castBy: GovernanceFixture.member(77), choice: .selection([1]), castAt: nil))
        ballots.append(
            Ballot(voter: GovernanceFixture.member(5), castBy: GovernanceFixture.member(5), choice: .selection([1]), weight: 0, castAt: nil)
        )
        let rule = GovernanceFixture.rule()
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...10))
        let tally = try PollTally(poll: poll, ballots: ballots, electorate: electorate)
        #expect(tally.accounting == BallotAccounting(cast: 7, counted: 2, abstained: 0, invalid: 5, byProxy: 0))
        #expect(tally.options.map(\.score) == [1, 1])
    }
}
