import CoopDomain
import Foundation
import Testing

@Suite("Closing-soon reminders")
struct ClosingReminderTests {
    static let poll = GovernanceFixture.poll()
    static let electorate = try! Electorate(
        memberships: GovernanceFixture.founders(1...5) + GovernanceFixture.founders(6...6, of: .serviceUser),
        rule: GovernanceFixture.rule(),
        at: GovernanceFixture.start
    )

    /// (hours before closing, whether the reminder is due).
    static let times: [(Double, Bool)] = [(48, false), (24.01, false), (24, true), (1, true), (0.001, true), (0, false), (-1, false)]

    @Test(arguments: times)
    func dueInTheDayBeforeClosing(hoursBefore: Double, due: Bool) {
        let date = Self.poll.closesAt - hoursBefore * GovernanceFixture.hour
        #expect(ClosingReminder.isDue(for: Self.poll, at: date) == due)
        let recipients = ClosingReminder.recipients(for: Self.poll, electorate: Self.electorate, voted: [], at: date)
        #expect(recipients.count == (due ? 5 : 0))
    }

    @Test func onlyEligibleMembersWhoHaveNotVotedAndWereNotReminded() {
        let date = Self.poll.closesAt - 3 * GovernanceFixture.hour
        let voted: Set = [GovernanceFixture.member(1), GovernanceFixture.member(3)]
        let reminded: Set = [GovernanceFixture.member(5)]
        let recipients = ClosingReminder.recipients(
            for: Self.poll,
            electorate: Self.electorate,
            voted: voted,
            alreadyReminded: reminded,
            at: date
        )
        #expect(recipients == [GovernanceFixture.member(2), GovernanceFixture.member(4)])
    }

    @Test func aPollThatOpensLateOrClosedEarlyGetsNoReminder() throws {
        var late = Self.poll
        late.opensAt = late.closesAt - 12 * GovernanceFixture.hour
        #expect(!ClosingReminder.isDue(for: late, at: late.closesAt - 18 * GovernanceFixture.hour))
        var closed = Self.poll
        try closed.closeEarly(at: closed.closesAt - 30 * GovernanceFixture.hour)
        #expect(!ClosingReminder.isDue(for: closed, at: closed.closesAt - 20 * GovernanceFixture.hour))
    }
}
