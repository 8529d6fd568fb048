import CoopDomain
import Foundation
import Testing

@Suite("Memberships and admission")
struct MembershipTests {
    static let applicant = GovernanceFixture.member(50)

    /// An admission decision about `member` that ended with `status`.
    static func decision(
        _ status: DecisionStatus,
        about member: MemberID = applicant,
        type: DecisionType = .admission
    ) -> DecisionRecord {
        DecisionRecord(pollID: .make(), decisionType: type, subject: .admission(member), status: status, decidedAt: GovernanceFixture.start)
    }

    @Test func anAdmittedWorkerOwnerServesSixMonthsProbation() throws {
        // 2026-01-15 + 6 calendar months = 2026-07-15 (Phoenix: ownership only after six months).
        let admitted = Date(timeIntervalSince1970: 1_768_435_200)
        var membership = Membership.application(of: Self.applicant, to: .workerOwner, at: GovernanceFixture.start)
        let decision = Self.decision(.passed)
        try membership.admit(by: decision, at: admitted, bylaws: .sample)
        #expect(membership.status == .active)
        #expect(membership.admittedBy == decision.pollID)
        #expect(membership.probationEndsAt == Date(timeIntervalSince1970: 1_784_073_600))
        #expect(membership.isInProbation(at: admitted + 180 * GovernanceFixture.day))
        #expect(!membership.isInProbation(at: Date(timeIntervalSince1970: 1_784_073_600)))
    }

    @Test func classesWithoutProbationStartAsFullMembers() throws {
        var membership = Membership.application(of: Self.applicant, to: .serviceUser, at: GovernanceFixture.start)
        try membership.admit(by: Self.decision(.passed), at: GovernanceFixture.start, bylaws: .sample)
        #expect(membership.probationEndsAt == nil)
    }

    /// (decision, expected refusal) for admitting the applicant.
    static let refusals: [(DecisionRecord, GovernanceError)] = {
        let failed = decision(.failed)
        let other = decision(.passed, about: GovernanceFixture.member(51))
        let wrongType = decision(.passed, type: .ordinary)
        let noQuorum = decision(.noQuorum)
        return [
            (failed, .decisionNotPassed(failed.pollID, .failed)),
            (noQuorum, .decisionNotPassed(noQuorum.pollID, .noQuorum)),
            (other, .decisionSubjectMismatch(other.pollID)),
            (wrongType, .wrongDecisionType(expected: .admission, found: .ordinary)),
        ]
    }()

    @Test(arguments: refusals)
    func admissionNeedsAPassedAdmissionDecisionAboutTheApplicant(decision: DecisionRecord, refusal: GovernanceError) {
        var membership = Membership.application(of: Self.applicant, to: .workerOwner, at: GovernanceFixture.start)
        #expect(throws: refusal) { try membership.admit(by: decision, at: GovernanceFixture.start, bylaws: .sample) }
        #expect(membership.status == .applicant)
    }

    @Test func declineLeaveAndTheTransitionsThatAreNotAllowed() throws {
        var declined = Membership.application(of: Self.applicant, to: .workerOwner, at: GovernanceFixture.start)
        let passed = Self.decision(.passed)
        #expect(throws: GovernanceError.decisionPassed(passed.pollID)) { try declined.decline(by: passed, at: GovernanceFixture.start) }
        try declined.decline(by: Self.decision(.failed), at: GovernanceFixture.start)
        #expect(declined.status == .declined)
        #expect(throws: GovernanceError.invalidMembershipTransition(from: .declined, to: .active)) {
            try declined.admit(by: passed, at: GovernanceFixture.start, bylaws: .sample)
        }
        #expect(throws: GovernanceError.invalidMembershipTransition(from: .declined, to: .former)) {
            try declined.leave(at: GovernanceFixture.start, reason: .resigned)
        }

        var member = Membership.founder(GovernanceFixture.member(1), of: .workerOwner, since: GovernanceFixture.start)
        let removal = PollID.make()
        try member.leave(at: GovernanceFixture.start + GovernanceFixture.day, reason: .removed(by: removal))
        #expect(member.status == .former)
        #expect(member.leavingReason == .removed(by: removal))
        #expect(!member.isActive(at: GovernanceFixture.start + 2 * GovernanceFixture.day))
        #expect(throws: GovernanceError.invalidMembershipTransition(from: .former, to: .former)) {
            try member.leave(at: GovernanceFixture.start, reason: .lapsed)
        }
    }

    @Test func fullConsensusOfWorkerOwnersOutOfProbationAdmits() throws {
        // Sample bylaws: admission by every worker-owner out of probation (unanimous, of all eligible, quorum 100%).
        let rule = try Bylaws.sample.rule(for: .admission)
        let probationer = Membership(
            memberID: GovernanceFixture.member(6),
            memberClass: .workerOwner,
            status: .active,
            appliedAt: GovernanceFixture.start - 90 * GovernanceFixture.day,
            admittedAt: GovernanceFixture.start - 30 * GovernanceFixture.day,
            admittedBy: .make(),
            probationEndsAt: GovernanceFixture.start + 150 * GovernanceFixture.day,
            endedAt: nil,
            declinedBy: nil,
            leavingReason: nil
        )
        let members =
            GovernanceFixture.founders(1...5) + [probationer]
            + GovernanceFixture.founders(7...8, of: .serviceUser)
            + [.application(of: Self.applicant, to: .workerOwner, at: GovernanceFixture.start - GovernanceFixture.day)]
        let poll = GovernanceFixture.poll(type: .admission, subject: .admission(Self.applicant))
        try poll.validate(rule: rule)
        let electorate = try GovernanceFixture.electorate(poll, rule, members)
        #expect(electorate.members == (1...5).map(GovernanceFixture.member))

        let everyone = try PollResult.evaluate(poll: poll, rule: rule, ballots: GovernanceFixture.stances(agree: 5), electorate: electorate)
        #expect(everyone.status == .passed)
        let standAside = try PollResult.evaluate(
            poll: poll,
            rule: rule,
            ballots: GovernanceFixture.stances(agree: 4, abstain: 1),
            electorate: electorate
        )
        #expect(standAside.status == .failed)
        let missing = try PollResult.evaluate(poll: poll, rule: rule, ballots: GovernanceFixture.stances(agree: 4), electorate: electorate)
        #expect(missing.status == .noQuorum)

        var membership = members.last!
        try membership.admit(by: everyone.record, at: poll.closesAt, bylaws: .sample)
        #expect(membership.isActive(at: poll.closesAt))
    }

    @Test func anAdmissionPollMustBeAnAdmissionProposal() {
        let rule = Bylaws.sample.decisionRules[.admission]!
        let ordinary = GovernanceFixture.poll(type: .ordinary, subject: .admission(Self.applicant))
        #expect(throws: GovernanceError.invalidPoll(.subjectNeedsDecisionType(.admission))) { try ordinary.validate(rule: rule) }
        let choice = GovernanceFixture.poll(.singleChoice, options: ["Yes", "No"], type: .admission, subject: .admission(Self.applicant))
        #expect(throws: GovernanceError.invalidPoll(.subjectNeedsProposal)) { try choice.validate(rule: rule) }
    }

    @Test func oneMembershipPerPerson() {
        let twice = GovernanceFixture.founders(1...1) + GovernanceFixture.founders(1...1, of: .serviceUser)
        #expect(throws: GovernanceError.duplicateMembership(GovernanceFixture.member(1))) {
            try Electorate(memberships: twice, rule: GovernanceFixture.rule(), at: GovernanceFixture.start)
        }
    }
}
