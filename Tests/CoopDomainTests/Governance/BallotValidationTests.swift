import CoopDomain
import Foundation
import Testing

/// A worker-owner co-op of members 1–5, with member 6 an applicant, 7 a former member, 8 a supporter and 9 on probation.
private struct VotingSetup {
    let rule: DecisionRule
    var poll: Poll
    let electorate: Electorate
    var box: BallotBox

    init(_ poll: Poll = GovernanceFixture.poll(), rule: DecisionRule = GovernanceFixture.rule(excludesProbationers: true)) throws {
        let start = GovernanceFixture.start
        var former = Membership.founder(GovernanceFixture.member(7), of: .workerOwner, since: start - 400 * GovernanceFixture.day)
        try former.leave(at: start - GovernanceFixture.day, reason: .resigned)
        let probationer = Membership(
            memberID: GovernanceFixture.member(9),
            memberClass: .workerOwner,
            status: .active,
            appliedAt: start - 60 * GovernanceFixture.day,
            admittedAt: start - 30 * GovernanceFixture.day,
            admittedBy: .make(),
            probationEndsAt: start + 150 * GovernanceFixture.day,
            endedAt: nil,
            declinedBy: nil,
            leavingReason: nil
        )
        let members =
            GovernanceFixture.founders(1...5)
            + [
                .application(of: GovernanceFixture.member(6), to: .workerOwner, at: start - GovernanceFixture.day), former,
                .founder(GovernanceFixture.member(8), of: .communitySupporter, since: start - 400 * GovernanceFixture.day), probationer,
            ]
        self.rule = rule
        self.poll = poll
        self.electorate = try Electorate(for: poll, rule: rule, memberships: members)
        self.box = BallotBox(pollID: poll.id)
    }

    /// Casts `choice` as member `number` at `offset` seconds after opening.
    @discardableResult
    mutating func cast(
        _ number: Int,
        _ choice: BallotChoice,
        reason: String? = nil,
        at offset: TimeInterval = GovernanceFixture.hour
    ) throws(GovernanceError) -> CastOutcome {
        let submission = BallotSubmission(submittedBy: GovernanceFixture.member(number), choice: choice, reason: reason)
        return try box.cast(
            submission,
            poll: poll,
            rule: rule,
            electorate: electorate,
            proxies: ProxyRegister(),
            at: GovernanceFixture.start + offset
        )
    }
}

@Suite("Ballot validation")
struct BallotValidationTests {
    @Test func votingOpensAtOpeningAndClosesAtClosing() throws {
        var setup = try VotingSetup()
        #expect(throws: GovernanceError.pollNotOpenYet(opensAt: GovernanceFixture.start)) { try setup.cast(1, .stance(.agree), at: -1) }
        try setup.cast(1, .stance(.agree), at: 0)
        let closing = GovernanceFixture.start + 7 * GovernanceFixture.day
        #expect(throws: GovernanceError.pollClosed(at: closing)) { try setup.cast(2, .stance(.agree), at: 7 * GovernanceFixture.day) }
        try setup.cast(2, .stance(.agree), at: 7 * GovernanceFixture.day - 1)
    }

    @Test func anEarlyCloseEndsVoting() throws {
        var setup = try VotingSetup()
        try setup.poll.closeEarly(at: GovernanceFixture.start + GovernanceFixture.day)
        #expect(throws: GovernanceError.pollClosed(at: GovernanceFixture.start + GovernanceFixture.day)) {
            try setup.cast(1, .stance(.agree), at: 2 * GovernanceFixture.day)
        }
        #expect(throws: GovernanceError.pollClosed(at: GovernanceFixture.start + GovernanceFixture.day)) {
            try setup.poll.closeEarly(at: GovernanceFixture.start + 2 * GovernanceFixture.day)
        }
    }

    @Test func aSecondVoteIsRefusedUnlessChangesAreAllowed() throws {
        var fixed = try VotingSetup(GovernanceFixture.poll(allowsVoteChange: false))
        try fixed.cast(1, .stance(.agree))
        #expect(throws: GovernanceError.alreadyVoted(GovernanceFixture.member(1))) { try fixed.cast(1, .stance(.disagree)) }

        var changeable = try VotingSetup()
        try changeable.cast(1, .stance(.agree))
        let outcome = try changeable.cast(1, .stance(.disagree), at: 2 * GovernanceFixture.hour)
        #expect(outcome.replaced?.choice == .stance(.agree))
        #expect(changeable.box.ballots.count == 1)
        #expect(changeable.box.ballots[0].choice == .stance(.disagree))
        #expect(outcome.receipt.castAt == GovernanceFixture.start + 2 * GovernanceFixture.hour)
    }

    /// (member number, why they may not vote).
    static let ineligible: [(Int, IneligibilityReason)] = [
        (6, .notActive(.applicant)),
        (7, .notActive(.former)),
        (8, .wrongClass(.communitySupporter)),
        (9, .inProbation(until: GovernanceFixture.start + 150 * GovernanceFixture.day)),
        (99, .notAMember),
    ]

    @Test(arguments: ineligible)
    func ineligibleVotersAreRefusedWithTheReason(number: Int, reason: IneligibilityReason) throws {
        var setup = try VotingSetup()
        #expect(throws: GovernanceError.notEligible(GovernanceFixture.member(number), reason)) { try setup.cast(number, .stance(.agree)) }
    }

    @Test func probationersVoteWhenTheRuleLetsThem() throws {
        var setup = try VotingSetup(rule: GovernanceFixture.rule(excludesProbationers: false))
        try setup.cast(9, .stance(.agree))
        #expect(setup.electorate.count == 6)
    }

    /// (poll kind, options, choice, expected problem or nil).
    static let choices: [(PollKind, Int, BallotChoice, ChoiceProblem?)] = [
        (.proposal, 0, .stance(.agree), nil),
        (.proposal, 0, .abstain, nil),
        (.proposal, 0, .selection([0]), .wrongKind(expected: "proposal")),
        (.singleChoice, 3, .selection([2]), nil),
        (.singleChoice, 3, .selection([0, 1]), .tooManyChoices(maximum: 1)),
        (.singleChoice, 3, .selection([]), .tooFewChoices(minimum: 1)),
        (.singleChoice, 3, .selection([3]), .unknownOption(3)),
        (.multipleChoice(minimum: 2, maximum: 3), 4, .selection([0, 1, 3]), nil),
        (.multipleChoice(minimum: 2, maximum: 3), 4, .selection([0]), .tooFewChoices(minimum: 2)),
        (.multipleChoice(minimum: 2, maximum: 3), 4, .selection([0, 1, 2, 3]), .tooManyChoices(maximum: 3)),
        (.multipleChoice(minimum: 0, maximum: 2), 4, .selection([]), nil),
        (.score(maximum: 5), 3, .scores([5, 0, 3]), nil),
        (.score(maximum: 5), 3, .scores([6, 0, 3]), .scoreOutOfRange(option: 0, maximum: 5)),
        (.score(maximum: 5), 3, .scores([1, -1, 3]), .scoreOutOfRange(option: 1, maximum: 5)),
        (.score(maximum: 5), 3, .scores([1, 2]), .wrongNumberOfEntries(expected: 3)),
        (.dotVote(dotsPerPerson: 8), 3, .scores([4, 4, 0]), nil),
        (.dotVote(dotsPerPerson: 8), 3, .scores([4, 4, 1]), .tooManyDots(used: 9, allowed: 8)),
        (.dotVote(dotsPerPerson: 8), 3, .scores([0, 0, 0]), .noDots),
        (.rankedChoice(minimumRanked: 2), 4, .ranking([3, 0]), nil),
        (.rankedChoice(minimumRanked: 2), 4, .ranking([3]), .tooFewChoices(minimum: 2)),
        (.rankedChoice(minimumRanked: 2), 4, .ranking([3, 3]), .repeatedOption(3)),
        (.rankedChoice(minimumRanked: 2), 4, .ranking([1, 4]), .unknownOption(4)),
        (.meetingTime(allowsMaybe: true), 2, .availability([.yes, .maybe]), nil),
        (.meetingTime(allowsMaybe: false), 2, .availability([.yes, .maybe]), .maybeNotOffered),
        (.meetingTime(allowsMaybe: true), 2, .availability([.yes]), .wrongNumberOfEntries(expected: 2)),
        (.stv(STVSettings(seats: 2)), 3, .ranking([2]), nil),
        (.stv(STVSettings(seats: 2)), 3, .stance(.agree), .wrongKind(expected: "stv")),
    ]

    @Test(arguments: choices)
    func choicesMustFitThePoll(kind: PollKind, options: Int, choice: BallotChoice, problem: ChoiceProblem?) throws {
        var poll = GovernanceFixture.poll(kind, options: (0..<options).map { "Option \($0)" })
        poll.options = poll.options.enumerated().map { index, option in
            PollOption(option.name, candidate: GovernanceFixture.member(index + 1), slot: DateInterval(start: .distantPast, duration: 3600))
        }
        var setup = try VotingSetup(poll)
        if let problem {
            #expect(throws: GovernanceError.invalidChoice(problem)) { try setup.cast(1, choice) }
        } else {
            #expect(try setup.cast(1, choice).ballot.choice == choice.normalised(for: poll))
        }
    }

    /// (reason policy, stance, reason, expected problem or nil).
    static let reasons: [(ReasonPolicy, Stance, String?, ReasonProblem?)] = [
        (.optional, .block, nil, .required),
        (.optional, .block, "   ", .required),
        (.optional, .block, "It breaks our safety policy", nil),
        (.disabled, .block, nil, .required),
        (.disabled, .block, "Needed even here", nil),
        (.disabled, .agree, "Not wanted", .notAccepted),
        (.optional, .agree, nil, nil),
        (.required, .agree, nil, .required),
        (.requiredForDisagreeOrBlock, .disagree, nil, .required),
        (.requiredForDisagreeOrBlock, .agree, nil, nil),
        (.requiredForBlock, .disagree, nil, nil),
        (.optional, .disagree, String(repeating: "x", count: 501), .tooLong(maximum: 500)),
        (.optional, .disagree, String(repeating: "x", count: 500), nil),
    ]

    @Test(arguments: reasons)
    func reasonsFollowThePolicyAndABlockAlwaysNeedsOne(policy: ReasonPolicy, stance: Stance, reason: String?, problem: ReasonProblem?) throws {
        var setup = try VotingSetup(GovernanceFixture.poll(reasonPolicy: policy))
        if let problem {
            #expect(throws: GovernanceError.invalidReason(problem)) { try setup.cast(1, .stance(stance), reason: reason) }
        } else {
            try setup.cast(1, .stance(stance), reason: reason)
        }
    }

    @Test func anonymousPollsKeepOnlyReceiptsWithNames() throws {
        var setup = try VotingSetup(GovernanceFixture.poll(anonymous: true))
        try setup.cast(2, .stance(.agree))
        try setup.cast(1, .stance(.block), reason: "Unsafe")
        let receipts = setup.box.receipts()
        #expect(receipts.map(\.voter) == [GovernanceFixture.member(1), GovernanceFixture.member(2)])
        let sealed = setup.box.sealedBallots()
        #expect(sealed.allSatisfy { $0.voter == nil && $0.castBy == nil && $0.castAt == nil && $0.proxy == nil })
        #expect(sealed.map(\.choice) == [.stance(.agree), .stance(.block)])
        let tally = try PollTally(poll: setup.poll, ballots: sealed, electorate: setup.electorate)
        #expect(tally.voters == nil)
        #expect(tally.options.allSatisfy { $0.voters == nil })
        #expect(tally.options.map(\.score) == [1, 0, 0, 1])
        #expect(tally.undecided == 3)
    }

    @Test func resultsAreShownWhenThePollSaysSo() {
        var poll = GovernanceFixture.poll()
        let open = GovernanceFixture.start + GovernanceFixture.day
        let closed = GovernanceFixture.start + 8 * GovernanceFixture.day
        #expect(poll.resultsVisible(hasVoted: false, at: open))
        poll.resultsVisibility = .untilVoted
        #expect(!poll.resultsVisible(hasVoted: false, at: open))
        #expect(poll.resultsVisible(hasVoted: true, at: open))
        #expect(poll.resultsVisible(hasVoted: false, at: closed))
        poll.resultsVisibility = .untilClosed
        #expect(!poll.resultsVisible(hasVoted: true, at: open))
        #expect(poll.resultsVisible(hasVoted: false, at: closed))
    }

    @Test func theOutcomeIsWrittenAfterClosing() throws {
        var poll = GovernanceFixture.poll()
        let early = OutcomeStatement(author: GovernanceFixture.member(1), text: "Agreed", writtenAt: GovernanceFixture.start + GovernanceFixture.day)
        #expect(throws: GovernanceError.pollStillOpen(closesAt: poll.closesAt)) { try poll.recordOutcome(early) }
        let late = OutcomeStatement(
            author: GovernanceFixture.member(1),
            text: "Agreed; review in spring",
            writtenAt: poll.closesAt,
            reviewAt: poll.closesAt + 90 * GovernanceFixture.day
        )
        try poll.recordOutcome(late)
        #expect(poll.outcome == late)
        let blank = OutcomeStatement(author: GovernanceFixture.member(1), text: "  ", writtenAt: poll.closesAt)
        #expect(throws: GovernanceError.invalidOutcomeStatement(maximumLength: 10_000)) { try poll.recordOutcome(blank) }
    }
}
