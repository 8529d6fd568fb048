import CoopDomain
import Foundation
import Testing

@Suite("Poll setup")
struct PollSetupTests {
    static let rule = GovernanceFixture.rule(classes: [.workerOwner, .serviceUser])

    /// (a change to a valid poll, the problem it causes).
    static let problems: [(@Sendable (inout Poll) -> Void, PollProblem)] = [
        ({ $0.title = "  " }, .invalidTitle),
        ({ $0.closesAt = $0.opensAt }, .opensAfterCloses),
        ({ $0.reasonMaximumLength = 0 }, .invalidReasonLimit(0)),
        ({ $0.isAnonymous = true }, .anonymousMustHideResults),
        ({ $0.voterClasses = [.familyCarer] }, .classOutsideRule(.familyCarer)),
        ({ $0.options = [PollOption("Only")] }, .tooFewOptions(minimum: 2)),
        ({ $0.options[1].name = "" }, .invalidOptionName(index: 1)),
        ({ $0.options[1].name = " tuesday " }, .duplicateOptionName("tuesday")),
        ({ $0.kind = .proposal }, .optionsNotAllowed),
        ({ $0.kind = .multipleChoice(minimum: 2, maximum: 1) }, .invalidChoiceLimits(minimum: 2, maximum: 1)),
        ({ $0.kind = .multipleChoice(minimum: 0, maximum: 4) }, .invalidChoiceLimits(minimum: 0, maximum: 4)),
        ({ $0.kind = .score(maximum: 0) }, .invalidScoreMaximum(0)),
        ({ $0.kind = .dotVote(dotsPerPerson: 0) }, .invalidDotsPerPerson(0)),
        ({ $0.kind = .rankedChoice(minimumRanked: 4) }, .invalidMinimumRanked(4)),
        ({ $0.kind = .meetingTime(allowsMaybe: true) }, .slotMissing(index: 0)),
        ({ $0.kind = .stv(STVSettings(seats: 3)) }, .invalidSeats(seats: 3, candidates: 3)),
        ({ $0.kind = .stv(STVSettings(seats: 0)) }, .invalidSeats(seats: 0, candidates: 3)),
        ({ $0.kind = .stv(STVSettings(seats: 1)) }, .candidateMissing(index: 0)),
        ({ $0.subject = .settingChange(.cancellationWindow(.hours(12))) }, .subjectNeedsProposal),
    ]

    @Test(arguments: problems)
    func pollsAreCheckedBeforeTheyOpen(change: @Sendable (inout Poll) -> Void, problem: PollProblem) throws {
        var poll = GovernanceFixture.poll(.singleChoice, options: ["Tuesday", "Thursday", "Saturday"])
        try poll.validate(rule: Self.rule)
        change(&poll)
        #expect(throws: GovernanceError.invalidPoll(problem)) { try poll.validate(rule: Self.rule) }
    }

    @Test func anonymousPollsAreNotWeighted() throws {
        let poll = GovernanceFixture.poll(anonymous: true)
        try poll.validate(rule: Self.rule)
        let weighted = GovernanceFixture.rule(classes: [.workerOwner, .serviceUser], weighting: .perClass([.workerOwner: 2]))
        try GovernanceFixture.poll().validate(rule: weighted)
        #expect(throws: GovernanceError.invalidPoll(.anonymousCannotBeWeighted)) { try poll.validate(rule: weighted) }
    }

    @Test func everyKindHasAValidSetup() throws {
        let slot = DateInterval(start: GovernanceFixture.start + 10 * GovernanceFixture.day, duration: 3600)
        let kinds: [PollKind] = [
            .singleChoice, .multipleChoice(minimum: 0, maximum: 3), .score(maximum: 5), .dotVote(dotsPerPerson: 8),
            .rankedChoice(minimumRanked: 2), .meetingTime(allowsMaybe: true), .stv(STVSettings(seats: 2, method: .meek)),
        ]
        for kind in kinds {
            var poll = GovernanceFixture.poll(kind)
            poll.options = (1...3).map { PollOption("Option \($0)", candidate: GovernanceFixture.member($0), slot: slot) }
            try poll.validate(rule: Self.rule)
        }
        try GovernanceFixture.poll().validate(rule: Self.rule)
        let closing = Poll.defaultClosingTime(opensAt: GovernanceFixture.start, rule: Self.rule)
        #expect(closing == GovernanceFixture.start + 7 * GovernanceFixture.day)
    }
}
