import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// Meetings through the use case: time poll to time, meeting proxies, attendance toward quorum, a vote at the
/// meeting, and minutes with their sign-off.
@Suite struct MeetingsTests {
    let origin = RequestOrigin(sourceAddress: "192.0.2.40", requestID: "req-meeting")

    func people(_ services: CoopServices, _ count: Int, roles: Set<Role> = [.peerFacilitator]) async throws -> [Actor] {
        var result: [Actor] = []
        for _ in 0..<count {
            let (member, _) = try await TestServices.member(services, roles: roles)
            result.append(Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true))
        }
        return result
    }

    /// A meeting of ordinary business (quorum 50%, one proxy per holder) at a fixed time `hours` from now.
    func fixedMeeting(_ meetings: Meetings, by organiser: Actor, in hours: Double, now: Date) async throws -> MeetingID {
        try await meetings.schedule(
            actor: organiser,
            draft: MeetingDraft(
                title: "General assembly", location: "Room 2 or https://meet.example.org/ga",
                agenda: [AgendaDraftItem(title: "Annual report", minutes: 20), AgendaDraftItem(title: "Budget", minutes: 40)],
                time: .fixed(now + hours * 3600)
            ),
            origin: origin
        )
    }

    func meetingCount(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("id").from("meetings").all().count }
    }

    @Test func aTimePollSetsTheMeetingTimeByYesThenMaybe() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let meetings = Meetings(governance: Governance(services: services))
            let organiser = try await people(services, 1, roles: [.coordinator])[0]
            let members = try await people(services, 3)
            let now = services.now()
            let early = Clock.date(Clock.milliseconds(now + 3 * 86400))
            let late = Clock.date(Clock.milliseconds(now + 4 * 86400))
            let id = try await meetings.schedule(
                actor: organiser,
                draft: MeetingDraft(title: "Spring assembly", agenda: [AgendaDraftItem(title: "Budget")], time: .poll(candidates: [late, early], pollCloses: now + 86400)),
                origin: origin
            )
            let before = try await meetings.details(actor: members[0], meeting: id, origin: origin)
            #expect(!before.record.isTimeSet && before.timePollOpen && before.slots.count == 2)
            // Options are in time order: 0 = early, 1 = late. Early gets 1 yes + 2 maybe, late 2 yes.
            try await meetings.answerTimePoll(actor: members[0], meeting: id, answers: [.yes, .no], origin: origin)
            try await meetings.answerTimePoll(actor: members[1], meeting: id, answers: [.maybe, .yes], origin: origin)
            try await meetings.answerTimePoll(actor: members[2], meeting: id, answers: [.maybe, .yes], origin: origin)
            await #expect(throws: AccessDenied.self) { try await meetings.pickTime(actor: members[0], meeting: id, slot: nil, origin: origin) }
            // Once the poll has closed, the next read picks the best-supported time.
            clock.advance(86400 + 60)
            let list = try await meetings.list(actor: members[0], origin: origin)
            let picked = try #require(list.first { $0.record.meeting.id == id })
            #expect(picked.record.isTimeSet && picked.record.meeting.startsAt == late)
            // The organiser may still choose another candidate before the meeting starts.
            try await meetings.pickTime(actor: organiser, meeting: id, slot: 0, origin: origin)
            let after = try await meetings.details(actor: members[0], meeting: id, origin: origin)
            #expect(after.record.meeting.startsAt == early && !after.timePollOpen)
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 30, sql: sql) }
            #expect(audit.contains { $0.resourceType == "meeting-time" && $0.detail?.contains("picked automatically") == true })
            #expect(audit.contains { $0.resourceType == "meeting-time" && $0.detail?.contains("picked by organiser") == true })
        }
    }

    @Test func badSchedulesAreRefusedAndStoreNothing() async throws {
        try await TestServices.with { services in
            let meetings = Meetings(governance: Governance(services: services))
            let organiser = try await people(services, 1, roles: [.coordinator])[0]
            let member = try await people(services, 1)[0]
            let now = services.now()
            let item = [AgendaDraftItem(title: "Report")]
            let cases: [(MeetingDraft, any Error & Equatable)] = [
                (MeetingDraft(title: "Past", agenda: item, time: .fixed(now - 60)), MeetingError.timeInPast),
                (MeetingDraft(title: "  ", agenda: item, time: .fixed(now + 3600)), MeetingError.invalidTitle(maximumLength: 200)),
                (MeetingDraft(title: "No agenda", agenda: [], time: .fixed(now + 3600)), MeetingError.agendaSize(maximum: 30)),
                (MeetingDraft(title: "Blank item", agenda: [AgendaDraftItem(title: " ")], time: .fixed(now + 3600)), GovernanceError.invalidMeeting(agendaItem: 0)),
                (
                    MeetingDraft(title: "Long item", agenda: [AgendaDraftItem(title: "A", minutes: 481)], time: .fixed(now + 3600)),
                    GovernanceError.invalidMeeting(agendaItem: 0)
                ),
                (
                    MeetingDraft(title: "One time", agenda: item, time: .poll(candidates: [now + 7200], pollCloses: now + 3600)),
                    MeetingError.candidateTimes(maximum: 6)
                ),
                (
                    MeetingDraft(title: "Late poll", agenda: item, time: .poll(candidates: [now + 7200, now + 9000], pollCloses: now + 8000)),
                    MeetingError.timePollClosesTooLate
                ),
                (
                    MeetingDraft(title: "Unknown proposal", agenda: [AgendaDraftItem(title: "X", proposal: .make())], time: .fixed(now + 3600)),
                    MeetingError.invalidField("proposal")
                ),
            ]
            for (draft, expected) in cases {
                do {
                    try await meetings.schedule(actor: organiser, draft: draft, origin: origin)
                    Issue.record("\(draft.title) was accepted")
                } catch {
                    #expect(String(describing: error) == String(describing: expected), "\(draft.title)")
                }
            }
            await #expect(throws: AccessDenied.self) {
                try await meetings.schedule(actor: member, draft: MeetingDraft(title: "Mine", agenda: item, time: .fixed(now + 3600)), origin: origin)
            }
            #expect(try await meetingCount(services) == 0)
            let polls = try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }
            #expect(polls.isEmpty)
        }
    }

    @Test func meetingProxiesFollowTheLimitChainsAndStartRules() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let meetings = Meetings(governance: Governance(services: services))
            let organiser = try await people(services, 1, roles: [.coordinator])[0]
            let p = try await people(services, 5)
            let id = try await fixedMeeting(meetings, by: organiser, in: 48, now: services.now())
            let m = p.map { $0.memberID! }
            try await meetings.giveProxy(actor: p[1], meeting: id, to: m[0], origin: origin)
            // The bylaws' limit is one per holder.
            await #expect(throws: GovernanceError.proxyLimitReached(m[0], maximum: 1)) {
                try await meetings.giveProxy(actor: p[2], meeting: id, to: m[0], origin: origin)
            }
            // No chains: the holder cannot give theirs away, nor can a giver hold one.
            await #expect(throws: GovernanceError.proxyChain(m[0])) { try await meetings.giveProxy(actor: p[0], meeting: id, to: m[3], origin: origin) }
            await #expect(throws: GovernanceError.proxyChain(m[1])) { try await meetings.giveProxy(actor: p[3], meeting: id, to: m[1], origin: origin) }
            await #expect(throws: GovernanceError.proxyToSelf) { try await meetings.giveProxy(actor: p[3], meeting: id, to: m[3], origin: origin) }
            await #expect(throws: MeetingError.unknownMember) { try await meetings.giveProxy(actor: p[3], meeting: id, to: .make(), origin: origin) }
            // A withdrawn proxy no longer stands, and another can be given.
            try await meetings.giveProxy(actor: p[2], meeting: id, to: m[3], origin: origin)
            try await meetings.withdrawProxy(actor: p[2], meeting: id, origin: origin)
            try await meetings.giveProxy(actor: p[4], meeting: id, to: m[3], origin: origin)
            let seen = try await meetings.details(actor: p[1], meeting: id, origin: origin)
            #expect(seen.givenProxy?.holder == m[0] && !seen.givenProxyCounted)
            #expect(Set(seen.standingProxies.map(\.giver)) == [m[1], m[4]])
            // Once the meeting starts, proxies can neither be given nor withdrawn.
            clock.advance(48 * 3600)
            await #expect(throws: MeetingError.alreadyStarted) { try await meetings.giveProxy(actor: p[2], meeting: id, to: m[3], origin: origin) }
            await #expect(throws: MeetingError.alreadyStarted) { try await meetings.withdrawProxy(actor: p[1], meeting: id, origin: origin) }
            // The withdrawn one cannot be counted; the standing one counts once its holder is present.
            await #expect(throws: GovernanceError.proxyNotFound) {
                try await meetings.recordAttendance(actor: organiser, meeting: id, member: m[2], as: .byProxy, origin: origin)
            }
            await #expect(throws: GovernanceError.proxyHolderAbsent(m[0])) {
                try await meetings.recordAttendance(actor: organiser, meeting: id, member: m[1], as: .byProxy, origin: origin)
            }
            try await meetings.recordAttendance(actor: organiser, meeting: id, member: m[0], as: .inPerson, origin: origin)
            try await meetings.recordAttendance(actor: organiser, meeting: id, member: m[1], as: .byProxy, origin: origin)
            await #expect(throws: GovernanceError.alreadyAttending(m[1])) {
                try await meetings.recordAttendance(actor: organiser, meeting: id, member: m[1], as: .online, origin: origin)
            }
            await #expect(throws: MeetingError.unknownMember) {
                try await meetings.recordAttendance(actor: organiser, meeting: id, member: .make(), as: .online, origin: origin)
            }
            let counted = try await meetings.details(actor: p[1], meeting: id, origin: origin)
            #expect(counted.givenProxyCounted && counted.quorum.participating == 2 && counted.quorum.eligible == 6)
        }
    }

    @Test func aVoteAtTheMeetingNeedsQuorumCarriesProxiesAndIsLogged() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let governance = Governance(services: services)
            let meetings = Meetings(governance: governance)
            let organiser = try await people(services, 1, roles: [.coordinator])[0]
            let p = try await people(services, 3)
            let id = try await fixedMeeting(meetings, by: organiser, in: 2, now: services.now())
            try await meetings.giveProxy(actor: p[2], meeting: id, to: p[1].memberID!, origin: origin)
            await #expect(throws: MeetingError.notStarted) {
                try await meetings.recordAttendance(actor: organiser, meeting: id, member: organiser.memberID!, as: .inPerson, origin: origin)
            }
            try await meetings.openMeeting(actor: organiser, meeting: id, origin: origin)
            try await meetings.recordAttendance(actor: organiser, meeting: id, member: organiser.memberID!, as: .inPerson, origin: origin)
            // 4 eligible, 50%: 2 needed. One present is not enough for a vote.
            await #expect(throws: MeetingError.notQuorate(required: 2, present: 1)) {
                try await meetings.openVote(actor: organiser, meeting: id, position: 1, title: "", origin: origin)
            }
            try await meetings.recordAttendance(actor: organiser, meeting: id, member: p[1].memberID!, as: .online, origin: origin)
            try await meetings.recordAttendance(actor: organiser, meeting: id, member: p[2].memberID!, as: .byProxy, origin: origin)
            await #expect(throws: MeetingError.agendaItemNotFound) {
                try await meetings.openVote(actor: organiser, meeting: id, position: 5, title: "", origin: origin)
            }
            let poll = try await meetings.openVote(actor: organiser, meeting: id, position: 1, title: "", origin: origin)
            try await governance.vote(actor: organiser, poll: poll, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: p[1], poll: poll, choice: .stance(.agree), reason: nil, origin: origin)
            try await governance.vote(actor: p[1], poll: poll, choice: .stance(.disagree), reason: nil, onBehalfOf: p[2].memberID, origin: origin)
            let status = try await governance.close(actor: organiser, poll: poll, origin: origin)
            #expect(status == .passed)
            let log = try await governance.decisions()
            let entry = try #require(log.first { $0.record.poll.id == poll })
            #expect(entry.record.poll.title == "Budget" && entry.result.quorum.participating == 3 && entry.result.quorum.required == 2)
            let giver = try await meetings.details(actor: p[2], meeting: id, origin: origin)
            #expect(giver.givenProxyCounted && giver.givenProxyVotes == 1)
            #expect(giver.linkedPolls.contains { $0.record.poll.id == poll && $0.link.purpose == .vote && $0.link.position == 1 && !$0.isOpen })
        }
    }

    @Test func minutesAreSignedOffByAnotherAttendeeAndThenFrozen() async throws {
        let clock = TestClock()
        try await TestServices.with(clock: clock) { services in
            let meetings = Meetings(governance: Governance(services: services))
            let secretary = try await people(services, 1, roles: [.coordinator])[0]
            let p = try await people(services, 2)
            let id = try await fixedMeeting(meetings, by: secretary, in: 1, now: services.now())
            let entries = [AgendaMinutes(notes: "Report read out.", outcome: "Accepted"), AgendaMinutes(notes: "Budget discussed.", outcome: "Vote passed")]
            await #expect(throws: MeetingError.notStarted) { try await meetings.saveMinutes(actor: secretary, meeting: id, entries: entries, origin: origin) }
            clock.advance(3600)
            try await meetings.recordAttendance(actor: secretary, meeting: id, member: secretary.memberID!, as: .inPerson, origin: origin)
            try await meetings.recordAttendance(actor: secretary, meeting: id, member: p[0].memberID!, as: .online, origin: origin)
            await #expect(throws: AccessDenied.self) { try await meetings.saveMinutes(actor: p[0], meeting: id, entries: entries, origin: origin) }
            let long = [AgendaMinutes(notes: String(repeating: "n", count: 10_001)), AgendaMinutes()]
            await #expect(throws: MeetingError.minutesTooLong(maximumLength: 10_000)) {
                try await meetings.saveMinutes(actor: secretary, meeting: id, entries: long, origin: origin)
            }
            try await meetings.saveMinutes(actor: secretary, meeting: id, entries: entries, origin: origin)
            await #expect(throws: GovernanceError.invalidMinutesTransition(.draft(author: secretary.memberID!))) {
                try await meetings.signOffMinutes(actor: p[0], meeting: id, origin: origin)
            }
            try await meetings.submitMinutes(actor: secretary, meeting: id, origin: origin)
            await #expect(throws: GovernanceError.signerIsAuthor) { try await meetings.signOffMinutes(actor: secretary, meeting: id, origin: origin) }
            await #expect(throws: GovernanceError.signerDidNotAttend(p[1].memberID!)) {
                try await meetings.signOffMinutes(actor: p[1], meeting: id, origin: origin)
            }
            let unsigned = try await meetings.details(actor: p[1], meeting: id, origin: origin)
            #expect(!unsigned.mayReadMinutes)
            try await meetings.signOffMinutes(actor: p[0], meeting: id, origin: origin)
            let changed = [AgendaMinutes(notes: "Rewritten"), AgendaMinutes()]
            await #expect(throws: GovernanceError.self) { try await meetings.saveMinutes(actor: secretary, meeting: id, entries: changed, origin: origin) }
            await #expect(throws: GovernanceError.self) { try await meetings.returnMinutes(actor: secretary, meeting: id, origin: origin) }
            let final = try await meetings.details(actor: p[1], meeting: id, origin: origin)
            #expect(final.mayReadMinutes && final.record.itemMinutes == entries)
            guard case .signedOff(let author, let signer, _) = final.record.meeting.minutes else {
                Issue.record("not signed off")
                return
            }
            #expect(author == secretary.memberID && signer == p[0].memberID)
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 40, sql: sql) }
            #expect(audit.contains { $0.resourceType == "meeting-minutes" && $0.detail == "signed off" && $0.actor == p[0].memberID?.rawValue })
        }
    }
}
