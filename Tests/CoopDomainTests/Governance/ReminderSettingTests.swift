import CoopDomain
import Foundation
import Testing

/// The governed reminder lead times and waitlist offer duration: the ranges each value must keep, what a passed
/// decision changes, and which session reminder stage is due when.
@Suite("Reminder and waitlist settings")
struct ReminderSettingTests {
    static let settings = GovernedSettingTests.settings

    /// (new value, the problem that refuses it).
    static let refused: [(GovernedSetting, SettingProblem)] = [
        (.sessionReminderLeads(SessionReminderLeads(hours: [])), .sessionReminderLeadCount(0)),
        (.sessionReminderLeads(SessionReminderLeads(hours: [72, 24, 2])), .sessionReminderLeadCount(3)),
        (.sessionReminderLeads(SessionReminderLeads(hours: [0])), .sessionReminderLeadOutOfRange(hours: 0)),
        (.sessionReminderLeads(SessionReminderLeads(hours: [169])), .sessionReminderLeadOutOfRange(hours: 169)),
        (.sessionReminderLeads(SessionReminderLeads(hours: [48, -2])), .sessionReminderLeadOutOfRange(hours: -2)),
        (.sessionReminderLeads(SessionReminderLeads(hours: [24, 24])), .sessionReminderLeadsRepeated(hours: 24)),
        (.groupReminderLead(GroupReminderLead(hours: 0)), .groupReminderLeadOutOfRange(hours: 0)),
        (.groupReminderLead(GroupReminderLead(hours: 169)), .groupReminderLeadOutOfRange(hours: 169)),
        (.waitlistOfferDuration(WaitlistOfferDuration(hours: 0)), .waitlistOfferDurationOutOfRange(hours: 0)),
        (.waitlistOfferDuration(WaitlistOfferDuration(hours: 73)), .waitlistOfferDurationOutOfRange(hours: 73)),
    ]

    @Test(arguments: refused)
    func valuesOutOfRangeAreRefusedAndChangeNothing(setting: GovernedSetting, problem: SettingProblem) {
        #expect(throws: GovernanceError.invalidSetting(problem)) { try setting.validate(knownClasses: []) }
        var settings = Self.settings
        #expect(throws: GovernanceError.invalidSetting(problem)) {
            try settings.apply(GovernedSettingTests.decision(setting), at: GovernanceFixture.start)
        }
        #expect(settings == Self.settings)
    }

    /// The edges of each range are accepted.
    static let accepted: [GovernedSetting] = [
        .sessionReminderLeads(SessionReminderLeads(hours: [1])), .sessionReminderLeads(SessionReminderLeads(hours: [168, 1])),
        .sessionReminderLeads(SessionReminderLeads(hours: [2, 48])), .groupReminderLead(GroupReminderLead(hours: 1)),
        .groupReminderLead(GroupReminderLead(hours: 168)), .waitlistOfferDuration(WaitlistOfferDuration(hours: 1)),
        .waitlistOfferDuration(WaitlistOfferDuration(hours: 72)),
    ]

    @Test(arguments: accepted)
    func valuesInsideTheRangesAreAcceptedByAPolicyChange(setting: GovernedSetting) throws {
        #expect(setting.requiredDecisionType == .policyChange)
        var settings = Self.settings
        let decision = GovernedSettingTests.decision(setting)
        let entry = try settings.apply(decision, at: GovernanceFixture.start)
        #expect(settings.value(of: setting.key) == setting)
        #expect(entry.cause == .decision(decision.pollID))
        #expect(throws: GovernanceError.wrongDecisionType(expected: .policyChange, found: .ordinary)) {
            var other = Self.settings
            try other.apply(GovernedSettingTests.decision(setting, type: .ordinary), at: GovernanceFixture.start)
        }
    }

    @Test func theDefaultsHoldUntilADecision() {
        #expect(Self.settings.sessionReminderLeads.hours == [24])
        #expect(Self.settings.groupReminderLead.lead == 24 * 3600)
        #expect(Self.settings.waitlistOfferDuration.duration == 2 * 3600)
        #expect(SessionReminderLeads(hours: [2, 48]).hours == [48, 2])
    }

    /// (hours before the start now, hours before the start of the last reminder sent, the stage due) for leads 48 and 2.
    static let stages: [(Double, Double?, Int?)] = [
        (50, nil, nil),  // outside both windows
        (47, nil, 48),  // the first stage
        (30, 47, nil),  // already sent in this window
        (3, 47, nil),  // between the stages
        (2, 47, 2),  // the second stage
        (1, 2, nil),  // sent
        (1, nil, 2),  // first seen late: one reminder, not two
        (0, nil, nil),  // started
        (20, 30, nil),  // a 24-hour reminder sent before the leads changed counts for the 48-hour stage
    ]

    @Test(arguments: stages)
    func theDueStageIsTheShortestWindowNotYetReminded(before: Double, sentBefore: Double?, stage: Int?) {
        let start = GovernanceFixture.start
        let leads = SessionReminderLeads(hours: [48, 2])
        let now = start.addingTimeInterval(-before * 3600)
        let last = sentBefore.map { start.addingTimeInterval(-$0 * 3600) }
        #expect(SessionReminder.dueStage(start: start, leads: leads, lastSent: last, at: now) == stage)
    }
}
