import CoopDomain
import Foundation
import Testing

@Suite("Consent rounds")
struct ConsentProcessTests {
    static let rule = GovernanceFixture.rule(quorum: 50, threshold: .consent)

    /// Puts a round's ballots to a fresh proposal poll with `id` and returns the result and the ballots.
    static func round(_ id: PollID, agree: Int, disagree: Int = 0, block: Int = 0, rule: DecisionRule = rule) throws -> (PollResult, [Ballot]) {
        let template = GovernanceFixture.poll()
        let poll = Poll(
            id: id,
            author: template.author,
            title: "Share the rent",
            decisionType: .ordinary,
            kind: .proposal,
            opensAt: template.opensAt,
            closesAt: template.closesAt
        )
        let electorate = try GovernanceFixture.electorate(poll, rule, GovernanceFixture.founders(1...8))
        let ballots = GovernanceFixture.stances(agree: agree, disagree: disagree, block: block)
        return (try PollResult.evaluate(poll: poll, rule: rule, ballots: ballots, electorate: electorate), ballots)
    }

    @Test func objectionsAreIntegratedAndTheAmendedProposalPasses() throws {
        let first = PollID.make()
        var process = ConsentProcess(proposal: "Split rent equally", pollID: first)
        let (blocked, ballots) = try Self.round(first, agree: 3, disagree: 1, block: 2)
        #expect(blocked.status == .failed)
        try process.record(blocked, ballots: ballots)
        #expect(process.stage == .amendmentNeeded)
        #expect(process.standingObjections.map(\.objector) == [GovernanceFixture.member(5), GovernanceFixture.member(6)])
        #expect(process.objections.allSatisfy { $0.round == 1 && $0.reason == "Unsafe" })

        let second = PollID.make()
        #expect(throws: GovernanceError.objectionsUnresolved(count: 2)) { try process.putAgain("Split by hours", pollID: second) }
        try process.resolve(objectionAt: 0, as: .integrated)
        #expect(throws: GovernanceError.objectionNotFound(0)) { try process.resolve(objectionAt: 0, as: .withdrawn) }
        try process.resolve(objectionAt: 1, as: .withdrawn)
        try process.putAgain("Split rent by hours worked", pollID: second)
        #expect(process.stage == .voting)
        #expect(process.currentRound == ConsentRound(number: 2, pollID: second, proposal: "Split rent by hours worked"))

        let (consented, again) = try Self.round(second, agree: 5, disagree: 1)
        try process.record(consented, ballots: again)
        #expect(process.stage == .consented(round: 2))
        #expect(process.rounds.map(\.status) == [.failed, .passed])
        #expect(throws: GovernanceError.consentAlreadyReached) { try process.abandon() }
    }

    @Test func aRoundWithoutQuorumIsPutAgainUnchanged() throws {
        let first = PollID.make()
        var process = ConsentProcess(proposal: "Weekly meetings on Tuesdays", pollID: first)
        let (thin, ballots) = try Self.round(first, agree: 3)
        #expect(thin.status == .noQuorum)
        try process.record(thin, ballots: ballots)
        #expect(process.objections.isEmpty)
        try process.putAgain("Weekly meetings on Tuesdays", pollID: .make())
        #expect(process.rounds.count == 2)
        try process.abandon()
        #expect(process.stage == .abandoned)
    }

    @Test func roundsNeedABlockingThresholdAndTheirOwnPoll() throws {
        let first = PollID.make()
        var process = ConsentProcess(proposal: "x", pollID: first)
        let (majority, ballots) = try Self.round(first, agree: 4, block: 1, rule: GovernanceFixture.rule(quorum: 50))
        #expect(majority.status == .passed)
        #expect(throws: GovernanceError.consentNeedsBlockingThreshold) { try process.record(majority, ballots: ballots) }
        let (other, otherBallots) = try Self.round(.make(), agree: 5)
        #expect(throws: GovernanceError.decisionSubjectMismatch(other.record.pollID)) { try process.record(other, ballots: otherBallots) }
        #expect(throws: GovernanceError.consentRoundNotOpen) { try process.putAgain("y", pollID: .make()) }
    }
}
