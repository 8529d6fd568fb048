@testable import CoopDomain
import Foundation
import Testing

/// Meeting quorum with mixes of attendance, the time-poll pick, candidate times and meeting proxies.
@Suite("Meeting schedule and quorum")
struct MeetingScheduleTests {
    struct QuorumCase: Sendable, CustomStringConvertible {
        let quorum: Int
        let inPerson: Int
        let online: Int
        let proxies: Int
        let required: Int
        let met: Bool
        var description: String { "\(quorum)%: \(inPerson) in person, \(online) online, \(proxies) by proxy" }
    }

    /// Ten eligible worker-owners (members 1–10) and a supporter (11) who is not in the electorate. Holders are the
    /// first members present; givers come after all those present. Required = ⌈quorum × 10 / 100⌉.
    static let cases: [QuorumCase] = [
        QuorumCase(quorum: 50, inPerson: 5, online: 0, proxies: 0, required: 5, met: true),
        QuorumCase(quorum: 50, inPerson: 2, online: 2, proxies: 0, required: 5, met: false),
        QuorumCase(quorum: 50, inPerson: 2, online: 2, proxies: 1, required: 5, met: true),
        QuorumCase(quorum: 50, inPerson: 0, online: 3, proxies: 2, required: 5, met: true),
        QuorumCase(quorum: 51, inPerson: 3, online: 1, proxies: 1, required: 6, met: false),
        QuorumCase(quorum: 66, inPerson: 3, online: 2, proxies: 2, required: 7, met: true),
        QuorumCase(quorum: 100, inPerson: 4, online: 3, proxies: 2, required: 10, met: false),
        QuorumCase(quorum: 0, inPerson: 0, online: 0, proxies: 0, required: 0, met: true),
        QuorumCase(quorum: 25, inPerson: 0, online: 2, proxies: 1, required: 3, met: true),
    ]

    @Test(arguments: cases)
    func quorumCountsInPersonOnlineAndProxies(_ row: QuorumCase) throws {
        let rule = GovernanceFixture.rule(quorum: row.quorum, proxies: 1)
        let electorate = try Electorate(
            memberships: GovernanceFixture.founders(1...10) + GovernanceFixture.founders(11...11, of: .communitySupporter), rule: rule,
            at: GovernanceFixture.start
        )
        var meeting = Meeting(title: "Assembly", startsAt: GovernanceFixture.start, agenda: [AgendaItem(title: "Budget", minutes: 30)])
        var register = ProxyRegister()
        let present = row.inPerson + row.online
        var proxies: [Proxy] = []
        for index in 0..<row.proxies {
            let proxy = Proxy(
                giver: GovernanceFixture.member(present + 1 + index), holder: GovernanceFixture.member(1 + index), scope: .meeting(meeting.id),
                grantedAt: GovernanceFixture.start - GovernanceFixture.day
            )
            try register.grant(proxy, rule: rule.proxies, electorate: electorate)
            proxies.append(proxy)
        }
        for number in 1...max(present, 1) where number <= present {
            try meeting.recordAttendance(
                of: GovernanceFixture.member(number), mode: number <= row.inPerson ? .inPerson : .online, rule: rule, electorate: electorate,
                proxies: register, at: GovernanceFixture.start
            )
        }
        // A supporter outside the electorate attends too, and never counts.
        try meeting.recordAttendance(
            of: GovernanceFixture.member(11), mode: .inPerson, rule: rule, electorate: electorate, proxies: register, at: GovernanceFixture.start
        )
        for proxy in proxies {
            try meeting.recordAttendance(
                of: proxy.giver, mode: .byProxy(holder: proxy.holder, proxy: proxy.id), rule: rule, electorate: electorate, proxies: register,
                at: GovernanceFixture.start
            )
        }
        let check = meeting.quorum(rule: rule, electorate: electorate)
        #expect(check.eligible == 10)
        #expect(check.participating == present + row.proxies)
        #expect(check.required == row.required)
        #expect(check.isMet == row.met)
    }

    static func slot(_ index: Int, yes: Int, maybe: Int, no: Int = 0, hour: Int? = nil) -> SlotResult {
        let start = GovernanceFixture.start + TimeInterval((hour ?? index) * 3600)
        return SlotResult(index: index, slot: DateInterval(start: start, duration: 3600), yes: yes, maybe: maybe, no: no)
    }

    @Test func theTimePollPicksMostYesThenMaybeThenTheEarliest() {
        #expect(MeetingSchedule.pick([]) == nil)
        // Most yes wins, even against a higher Loomio score (2 yes + 0 maybe = 4 < 1 yes + 3 maybe = 5 would pick 1).
        #expect(MeetingSchedule.pick([Self.slot(0, yes: 2, maybe: 0), Self.slot(1, yes: 1, maybe: 3)]) == 0)
        // Equal yes: most maybe.
        #expect(MeetingSchedule.pick([Self.slot(0, yes: 2, maybe: 0), Self.slot(1, yes: 2, maybe: 1)]) == 1)
        // Still equal: the earliest time, whatever the order of options.
        #expect(MeetingSchedule.pick([Self.slot(0, yes: 1, maybe: 1, hour: 5), Self.slot(1, yes: 1, maybe: 1, hour: 2)]) == 1)
        #expect(MeetingSchedule.pick([Self.slot(0, yes: 0, maybe: 0), Self.slot(1, yes: 0, maybe: 0)]) == 0)
    }

    @Test func candidateTimesMustBeFutureDistinctAndAfterThePollCloses() throws {
        let now = GovernanceFixture.start
        let a = now + GovernanceFixture.day * 3
        let b = now + GovernanceFixture.day * 4
        try MeetingSchedule.validateCandidates([a, b], pollCloses: now + GovernanceFixture.day, at: now)
        #expect(throws: MeetingError.candidateTimes(maximum: 6)) {
            try MeetingSchedule.validateCandidates([a], pollCloses: now + GovernanceFixture.day, at: now)
        }
        #expect(throws: MeetingError.candidateTimes(maximum: 6)) {
            try MeetingSchedule.validateCandidates([a, a], pollCloses: now + GovernanceFixture.day, at: now)
        }
        #expect(throws: MeetingError.timeInPast) {
            try MeetingSchedule.validateCandidates([now - 60, b], pollCloses: now + GovernanceFixture.day, at: now)
        }
        #expect(throws: MeetingError.timePollClosesTooLate) {
            try MeetingSchedule.validateCandidates([a, b], pollCloses: a + 1, at: now)
        }
    }

    @Test func aGiverAlreadyAttendingCannotGiveAMeetingProxy() throws {
        let rule = GovernanceFixture.rule(quorum: 50, proxies: 1)
        let electorate = try Electorate(memberships: GovernanceFixture.founders(1...4), rule: rule, at: GovernanceFixture.start)
        var meeting = Meeting(title: "Board", startsAt: GovernanceFixture.start, agenda: [AgendaItem(title: "Report", minutes: 10)])
        try meeting.recordAttendance(
            of: GovernanceFixture.member(2), mode: .online, rule: rule, electorate: electorate, proxies: ProxyRegister(), at: GovernanceFixture.start
        )
        let proxy = Proxy(giver: GovernanceFixture.member(2), holder: GovernanceFixture.member(1), scope: .meeting(meeting.id), grantedAt: GovernanceFixture.start)
        #expect(throws: GovernanceError.alreadyAttending(GovernanceFixture.member(2))) {
            try MeetingSchedule.validateProxy(proxy, meeting: meeting, register: ProxyRegister(), rule: rule.proxies, electorate: electorate)
        }
        let fine = Proxy(giver: GovernanceFixture.member(3), holder: GovernanceFixture.member(1), scope: .meeting(meeting.id), grantedAt: GovernanceFixture.start)
        try MeetingSchedule.validateProxy(fine, meeting: meeting, register: ProxyRegister(), rule: rule.proxies, electorate: electorate)
    }
}
