import CoopDomain
import Foundation
import Testing

@Suite("Emergency changes")
struct EmergencyChangeTests {
    static let coordinator = GovernanceFixture.member(1)
    static let start = GovernanceFixture.start
    static let day = GovernanceFixture.day
    static let scale = SlidingScale(tiers: [SlidingScaleTier(name: "All", incomeFrom: Cents(0), incomeBelow: nil, fee: .dollars(60))])

    /// Settings with a 24-hour window and a 12-hour emergency window in force for 14 days from ``start``.
    static func inForce() throws -> (GovernedSettings, EmergencyChange) {
        var settings = GovernedSettings(bylaws: .sample, cancellationWindow: .hours(24), slidingScale: scale)
        let change = try settings.enactEmergency(
            .cancellationWindow(.hours(12)),
            by: coordinator,
            reason: "Flooded office: sessions moved online at short notice",
            at: start,
            lasting: 14 * day
        )
        return (settings, change)
    }

    /// A ratification vote on `change`, decided `after` seconds from ``start``.
    static func ratification(
        _ change: EmergencyChange,
        _ status: DecisionStatus,
        after: TimeInterval,
        type: DecisionType = .policyChange
    ) -> DecisionRecord {
        DecisionRecord(pollID: .make(), decisionType: type, subject: .ratification(change.id), status: status, decidedAt: start + after)
    }

    @Test func enactingPutsTheValueInForceWithAnAuditedExpiry() throws {
        let (settings, change) = try Self.inForce()
        #expect(settings.cancellationWindow == .hours(12))
        #expect(change.expiresAt == Self.start + 14 * Self.day)
        #expect(change.previous == .cancellationWindow(.hours(24)))
        #expect(settings.history.last?.cause == .emergency(change.id, enactedBy: Self.coordinator))
        let audit = change.auditEvent
        #expect(audit.actor == Self.coordinator.rawValue)
        #expect(audit.resourceID == change.id.rawValue)
        #expect(audit.detail == "emergency-enacted cancellation-window expires=\(Int64((Self.start + 14 * Self.day).timeIntervalSince1970))")
    }

    @Test func ratifiedBeforeExpiryItStays() throws {
        var (settings, change) = try Self.inForce()
        let vote = Self.ratification(change, .passed, after: 10 * Self.day)
        change = try settings.ratifyEmergency(change.id, by: vote, at: Self.start + 10 * Self.day)
        #expect(change.state == .ratified(by: vote.pollID, at: Self.start + 10 * Self.day))
        #expect(settings.expireEmergencies(at: Self.start + 30 * Self.day).isEmpty)
        #expect(settings.cancellationWindow == .hours(12))
        #expect(settings.history.last?.cause == .ratified(change.id, by: vote.pollID))
        #expect(change.auditEvent.detail == "emergency-ratified cancellation-window poll=\(vote.pollID)")
    }

    @Test func unratifiedItRevertsAtExpiry() throws {
        var (settings, change) = try Self.inForce()
        #expect(settings.expireEmergencies(at: Self.start + 14 * Self.day - 1).isEmpty)
        let expired = settings.expireEmergencies(at: Self.start + 15 * Self.day)
        #expect(expired.map(\.id) == [change.id])
        #expect(expired.first?.state == .reverted(.expired, at: change.expiresAt))
        #expect(settings.cancellationWindow == .hours(24))
        let last = try #require(settings.history.last)
        #expect(last.cause == .reverted(change.id, .expired))
        #expect(last.at == change.expiresAt)
        #expect(expired.first?.auditEvent.actor == nil)
        // Too late now: a ratification decided after expiry cannot revive it.
        change = try #require(settings.emergency(change.id))
        #expect(throws: GovernanceError.emergencyNotInForce(change.id)) {
            try settings.ratifyEmergency(change.id, by: Self.ratification(change, .passed, after: 13 * Self.day), at: Self.start + 16 * Self.day)
        }
    }

    @Test func aRatificationDecidedAfterExpiryIsTooLate() throws {
        var (settings, change) = try Self.inForce()
        let late = Self.ratification(change, .passed, after: 14 * Self.day)
        #expect(throws: GovernanceError.ratificationTooLate(expiredAt: change.expiresAt)) {
            try settings.ratifyEmergency(change.id, by: late, at: Self.start + 14 * Self.day)
        }
        change = try #require(settings.emergency(change.id))
        #expect(change.isInForce)
    }

    @Test func aFailedRatificationRevertsAtOnce() throws {
        var (settings, change) = try Self.inForce()
        let vote = Self.ratification(change, .noQuorum, after: 7 * Self.day)
        change = try settings.rejectEmergency(change.id, by: vote, at: Self.start + 7 * Self.day)
        #expect(change.state == .reverted(.rejected(by: vote.pollID), at: Self.start + 7 * Self.day))
        #expect(settings.cancellationWindow == .hours(24))
    }

    /// (the ratification decision's type and status, expected refusal) for the change in force.
    @Test(arguments: [
        (DecisionType.ordinary, DecisionStatus.passed, "wrong-type"), (.policyChange, .failed, "not-passed"),
    ])
    func ratificationNeedsAPassedDecisionOfTheSettingsType(type: DecisionType, status: DecisionStatus, expectation: String) throws {
        var (settings, change) = try Self.inForce()
        let vote = Self.ratification(change, status, after: Self.day, type: type)
        let refusal: GovernanceError =
            expectation == "wrong-type" ? .wrongDecisionType(expected: .policyChange, found: type) : .decisionNotPassed(vote.pollID, status)
        #expect(throws: refusal) { try settings.ratifyEmergency(change.id, by: vote, at: Self.start + Self.day) }
        change = try #require(settings.emergency(change.id))
        #expect(change.isInForce)
    }

    @Test func aDecisionMadeMeanwhileStandsWhenTheEmergencyLapses() throws {
        var (settings, _) = try Self.inForce()
        let decision = DecisionRecord(
            pollID: .make(),
            decisionType: .policyChange,
            subject: .settingChange(.cancellationWindow(.hours(36))),
            status: .passed,
            decidedAt: Self.start + 5 * Self.day
        )
        try settings.apply(decision, at: Self.start + 5 * Self.day)
        #expect(settings.expireEmergencies(at: Self.start + 15 * Self.day).count == 1)
        #expect(settings.cancellationWindow == .hours(36))
    }

    @Test func emergenciesAreBoundedAndOnePerSetting() throws {
        var (settings, _) = try Self.inForce()
        #expect(throws: GovernanceError.emergencyAlreadyInForce(.cancellationWindow)) {
            try settings.enactEmergency(.cancellationWindow(.hours(6)), by: Self.coordinator, reason: "Again", at: Self.start, lasting: Self.day)
        }
        #expect(throws: GovernanceError.emergencyDurationOutOfRange(maximum: 30 * Self.day)) {
            try settings.enactEmergency(.slidingScale(Self.scale), by: Self.coordinator, reason: "Long", at: Self.start, lasting: 31 * Self.day)
        }
        #expect(throws: GovernanceError.emergencyReasonRequired(maximumLength: 1_000)) {
            try settings.enactEmergency(.slidingScale(Self.scale), by: Self.coordinator, reason: " ", at: Self.start, lasting: Self.day)
        }
        #expect(throws: GovernanceError.invalidSetting(.slidingScale(.noTiers))) {
            try settings.enactEmergency(.slidingScale(SlidingScale(tiers: [])), by: Self.coordinator, reason: "x", at: Self.start, lasting: Self.day)
        }
    }

    @Test func onlyCoordinatorsEnactEmergencies() {
        let coordinator = Actor(memberID: Self.coordinator, roles: [.coordinator], mfaSatisfied: true)
        let clinician = Actor(memberID: GovernanceFixture.member(2), roles: [.clinician], mfaSatisfied: true)
        #expect(GovernancePolicy.decide(coordinator, .enactEmergencyChange) == .allow)
        #expect(GovernancePolicy.decide(clinician, .enactEmergencyChange) == .deny(.missingRole))
        #expect(GovernancePolicy.decide(.anonymous, .startPoll) == .deny(.notSignedIn))
    }
}
