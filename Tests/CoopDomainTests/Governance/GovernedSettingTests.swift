import CoopDomain
import Foundation
import Testing

/// The suggested co-op default tiers of DOMAIN.md §4 for one person in 2026: tier A up to $15,960 (100% FPL), B up to
/// $19,950, C $23,940, D $27,930, E $31,920, F above; the fees are examples.
private let tiers2026 = SlidingScale(tiers: [
    SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: Cents(1_596_001), fee: .dollars(0)),
    SlidingScaleTier(name: "B", incomeFrom: Cents(1_596_001), incomeBelow: Cents(1_995_001), fee: .dollars(20)),
    SlidingScaleTier(name: "C", incomeFrom: Cents(1_995_001), incomeBelow: Cents(2_394_001), fee: .dollars(40)),
    SlidingScaleTier(name: "D", incomeFrom: Cents(2_394_001), incomeBelow: Cents(2_793_001), fee: .dollars(60)),
    SlidingScaleTier(name: "E", incomeFrom: Cents(2_793_001), incomeBelow: Cents(3_192_001), fee: .dollars(80)),
    SlidingScaleTier(name: "F", incomeFrom: Cents(3_192_001), incomeBelow: nil, fee: .dollars(150)),
])

@Suite("Decision rules and bylaws")
struct DecisionRuleTests {
    @Test func theSampleBylawsAreValid() throws {
        try Bylaws.sample.validate()
        #expect(Bylaws.sample.decisionRules.count == DecisionType.allCases.count)
    }

    /// (a change to a valid rule, the problem it causes).
    static let problems: [(@Sendable (inout DecisionRule) -> Void, RuleProblem)] = [
        ({ $0.quorumPercent = -1 }, .quorumOutOfRange(-1)),
        ({ $0.quorumPercent = 101 }, .quorumOutOfRange(101)),
        ({ $0.voterClasses = [] }, .noVoterClasses),
        ({ $0.voterClasses = [MemberClassID(rawValue: "board")!] }, .unknownClass(MemberClassID(rawValue: "board")!)),
        ({ $0.proxies = .upTo(0) }, .proxyLimitOutOfRange(0)),
        ({ $0.proxies = .upTo(21) }, .proxyLimitOutOfRange(21)),
        ({ $0.votingPeriod = 59 * 60 }, .votingPeriodOutOfRange(seconds: 59 * 60)),
        ({ $0.votingPeriod = 91 * 86400 }, .votingPeriodOutOfRange(seconds: 91 * 86400)),
        ({ $0.weighting = .perClass([.serviceUser: 0]) }, .weightOutOfRange(.serviceUser, 0)),
        ({ $0.weighting = .perClass([.serviceUser: 101]) }, .weightOutOfRange(.serviceUser, 101)),
    ]

    @Test(arguments: problems)
    func rulesAreValidated(change: @Sendable (inout DecisionRule) -> Void, problem: RuleProblem) throws {
        var rule = GovernanceFixture.rule(quorum: 50, proxies: 1)
        try rule.validate(as: .budget, knownClasses: Bylaws.sample.classIDs)
        change(&rule)
        #expect(throws: GovernanceError.invalidDecisionRule(.budget, problem)) {
            try rule.validate(as: .budget, knownClasses: Bylaws.sample.classIDs)
        }
    }

    @Test func quorumBoundsAreAccepted() throws {
        for percent in [0, 100] {
            try GovernanceFixture.rule(quorum: percent).validate(as: .ordinary, knownClasses: [.workerOwner])
        }
    }

    @Test func bylawsNeedUniqueClassesAndARuleForEveryType() {
        var duplicate = Bylaws.sample
        duplicate.memberClasses.append(MemberClass(id: .serviceUser, name: "Again"))
        #expect(throws: GovernanceError.duplicateMemberClass(.serviceUser)) { try duplicate.validate() }
        var missing = Bylaws.sample
        missing.decisionRules[.election] = nil
        #expect(throws: GovernanceError.missingDecisionRule(.election)) { try missing.validate() }
        var longProbation = Bylaws.sample
        longProbation.memberClasses[0].probation = ProbationPeriod(months: 61)
        #expect(throws: GovernanceError.invalidProbation(.workerOwner)) { try longProbation.validate() }
        #expect(MemberClassID(rawValue: "Worker Owner") == nil)
        #expect(MemberClassID(rawValue: "-owner") == nil)
    }
}

@Suite("Governed settings")
struct GovernedSettingTests {
    static let settings = GovernedSettings(bylaws: .sample, cancellationWindow: .hours(24), slidingScale: tiers2026)

    /// A decision record carrying `setting`.
    static func decision(_ setting: GovernedSetting, _ status: DecisionStatus = .passed, type: DecisionType? = nil) -> DecisionRecord {
        DecisionRecord(
            pollID: .make(),
            decisionType: type ?? setting.requiredDecisionType,
            subject: .settingChange(setting),
            status: status,
            decidedAt: GovernanceFixture.start
        )
    }

    /// (income in cents, tier name): the boundaries of DOMAIN.md §4's 2026 one-person table.
    static let incomes: [(Int64, String)] = [
        (0, "A"), (1_596_000, "A"), (1_596_001, "B"), (1_995_000, "B"), (3_192_000, "E"), (3_192_001, "F"), (50_000_000, "F"),
    ]

    @Test(arguments: incomes)
    func incomesFallInOneTier(income: Int64, tier: String) throws {
        try tiers2026.validate()
        #expect(tiers2026.tier(forAnnualIncome: Cents(income))?.name == tier)
    }

    /// (tiers, the problem).
    static let badScales: [([SlidingScaleTier], SlidingScaleProblem)] = [
        ([], .noTiers),
        ([SlidingScaleTier(name: "A", incomeFrom: Cents(100), incomeBelow: nil, fee: Cents(0))], .firstTierMustStartAtZero),
        ([SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: Cents(100), fee: Cents(0))], .lastTierMustBeOpen),
        (
            [
                SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: Cents(100), fee: Cents(0)),
                SlidingScaleTier(name: "B", incomeFrom: Cents(150), incomeBelow: nil, fee: Cents(10)),
            ], .notContiguous(index: 1)
        ),
        (
            [
                SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: Cents(100), fee: Cents(50)),
                SlidingScaleTier(name: "B", incomeFrom: Cents(100), incomeBelow: nil, fee: Cents(10)),
            ], .feeDecreases(index: 1)
        ),
        (
            [
                SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: nil, fee: Cents(0)),
                SlidingScaleTier(name: "B", incomeFrom: Cents(100), incomeBelow: nil, fee: Cents(10)),
            ], .lastTierMustBeOpen
        ),
        ([SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: nil, fee: Cents(-1))], .negativeFee(index: 0)),
        (
            [
                SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: Cents(0), fee: Cents(0)),
                SlidingScaleTier(name: "B", incomeFrom: Cents(0), incomeBelow: nil, fee: Cents(0)),
            ], .emptyBand(index: 0)
        ),
        (
            [
                SlidingScaleTier(name: "A", incomeFrom: Cents(0), incomeBelow: Cents(100), fee: Cents(0)),
                SlidingScaleTier(name: "a", incomeFrom: Cents(100), incomeBelow: nil, fee: Cents(0)),
            ], .invalidName(index: 1)
        ),
    ]

    @Test(arguments: badScales)
    func slidingScalesAreValidated(tiers: [SlidingScaleTier], problem: SlidingScaleProblem) {
        #expect(throws: GovernanceError.invalidSetting(.slidingScale(problem))) { try SlidingScale(tiers: tiers).validate() }
    }

    @Test func aPassedPolicyChangeSetsTheValueAndRecordsWhoDecided() throws {
        var settings = Self.settings
        let decision = Self.decision(.cancellationWindow(.hours(48)))
        let entry = try settings.apply(decision, at: GovernanceFixture.start + GovernanceFixture.hour)
        #expect(settings.cancellationWindow == .hours(48))
        #expect(entry.previous == .cancellationWindow(.hours(24)))
        #expect(entry.cause == .decision(decision.pollID))
        #expect(settings.history(of: .cancellationWindow) == [entry])
        #expect(throws: GovernanceError.decisionAlreadyApplied(decision.pollID)) { try settings.apply(decision, at: GovernanceFixture.start) }
    }

    @Test func decisionRulesChangeOnlyByBylawsAmendment() throws {
        var settings = Self.settings
        var stricter = settings.bylaws.decisionRules[.ordinary]!
        stricter.threshold = .twoThirds
        let setting = GovernedSetting.decisionRule(.ordinary, stricter)
        #expect(throws: GovernanceError.wrongDecisionType(expected: .bylawsAmendment, found: .policyChange)) {
            try settings.apply(Self.decision(setting, type: .policyChange), at: GovernanceFixture.start)
        }
        try settings.apply(Self.decision(setting), at: GovernanceFixture.start)
        #expect(settings.bylaws.decisionRules[.ordinary]?.threshold == .twoThirds)
    }

    /// (decision, expected refusal), for settings that must stay unchanged.
    static let refusals: [(DecisionRecord, GovernanceError)] = {
        let failed = decision(.cancellationWindow(.hours(48)), .failed)
        let noQuorum = decision(.slidingScale(tiers2026), .noQuorum)
        let general = DecisionRecord(
            pollID: .make(),
            decisionType: .policyChange,
            subject: .general,
            status: .passed,
            decidedAt: GovernanceFixture.start
        )
        return [
            (failed, .decisionNotPassed(failed.pollID, .failed)),
            (noQuorum, .decisionNotPassed(noQuorum.pollID, .noQuorum)),
            (general, .decisionSubjectMismatch(general.pollID)),
            (decision(.cancellationWindow(.hours(48)), type: .ordinary), .wrongDecisionType(expected: .policyChange, found: .ordinary)),
            (decision(.cancellationWindow(.hours(24 * 8))), .invalidSetting(.cancellationWindowOutOfRange(seconds: 8 * 86400))),
            (decision(.slidingScale(SlidingScale(tiers: []))), .invalidSetting(.slidingScale(.noTiers))),
        ]
    }()

    @Test(arguments: refusals)
    func changesNeedAPassedDecisionOfTheRightTypeWithAValidValue(decision: DecisionRecord, refusal: GovernanceError) {
        var settings = Self.settings
        #expect(throws: refusal) { try settings.apply(decision, at: GovernanceFixture.start) }
        #expect(settings == Self.settings)
    }

    @Test func aConsentPollCarriesTheChangeFromProposalToSetting() throws {
        var settings = Self.settings
        let rule = settings.bylaws.decisionRules[.policyChange]!
        let poll = GovernanceFixture.poll(type: .policyChange, subject: .settingChange(.cancellationWindow(.hours(48))))
        try poll.validate(rule: rule)
        let members = GovernanceFixture.founders(1...4) + GovernanceFixture.founders(5...6, of: .serviceUser)
        let electorate = try GovernanceFixture.electorate(poll, rule, members)
        let result = try PollResult.evaluate(
            poll: poll,
            rule: rule,
            ballots: GovernanceFixture.stances(agree: 3, disagree: 1),
            electorate: electorate
        )
        #expect(result.status == .passed)
        try settings.apply(result.record, at: poll.closesAt)
        #expect(settings.cancellationWindow.duration == 48 * 3600)
        let mismatched = GovernanceFixture.poll(subject: .settingChange(.cancellationWindow(.hours(48))))
        #expect(throws: GovernanceError.invalidPoll(.subjectNeedsDecisionType(.policyChange))) { try mismatched.validate(rule: rule) }
    }
}
