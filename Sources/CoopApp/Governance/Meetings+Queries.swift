import CoopData
import CoopDomain
import Foundation
import SQLKit

/// A meeting in the list.
public struct MeetingSummary: Sendable {
    /// The stored meeting.
    public let record: MeetingRecord
    /// Whether it is over (its time set and its planned length passed).
    public let isPast: Bool
}

/// A poll linked to a meeting, as its page lists it.
public struct LinkedPoll: Sendable {
    /// Why it is linked, and under which agenda item.
    public let link: MeetingPollLink
    /// The stored poll.
    public let record: PollRecord
    /// Whether it still takes ballots.
    public let isOpen: Bool
}

/// One meeting as its page shows it to the viewer.
public struct MeetingDetails: Sendable {
    /// The stored meeting.
    public let record: MeetingRecord
    /// Display names of members, by id.
    public let names: [MemberID: String]
    /// Who counts toward the quorum now (the decision type's electorate), in id order.
    public let eligible: [MemberID]
    /// The live quorum: present in person, online or by proxy, against the decision type's rule.
    public let quorum: QuorumCheck
    /// The decision type's rule (proxy limit, threshold).
    public let rule: DecisionRule
    /// Whether the meeting is under way or over.
    public let hasStarted: Bool
    /// Whether the viewer runs meetings (attendance, votes, time).
    public let mayRun: Bool
    /// Whether the viewer keeps minutes.
    public let mayKeepMinutes: Bool
    /// Whether the viewer may read the minutes now: everyone once signed off, before that those keeping them and those
    /// present who might sign them.
    public let mayReadMinutes: Bool
    /// Whether the viewer could sign the minutes off now.
    public let maySignOff: Bool
    /// The time poll, if any.
    public let timePoll: PollRecord?
    /// Whether the time poll takes answers.
    public let timePollOpen: Bool
    /// Answers per candidate time.
    public let slots: [SlotResult]
    /// The time the rule would pick now (most yes, then maybe).
    public let suggestedSlot: Int?
    /// The viewer's own answers to the time poll.
    public let ownAvailability: [Availability]?
    /// Meeting proxies standing now.
    public let standingProxies: [Proxy]
    /// The viewer's own standing meeting proxy.
    public let givenProxy: Proxy?
    /// Whether the viewer is counted at the meeting through that proxy.
    public let givenProxyCounted: Bool
    /// How many votes at the meeting the holder cast for the viewer.
    public let givenProxyVotes: Int
    /// Members whose meeting proxies the viewer holds.
    public let proxiesHeld: [MemberID]
    /// Linked proposals and votes taken at the meeting.
    public let linkedPolls: [LinkedPoll]
}

extension Meetings {
    /// Every meeting, for a signed-in member.
    public func list(actor: Actor, origin: RequestOrigin) async throws -> [MeetingSummary] {
        try await governance.authorize(actor, .takePart, origin: origin)
        try await pickDueTimes(origin: origin)
        let now = governance.now()
        return try await services.database.read { sql in
            try await store.all(sql: sql).map { record in
                MeetingSummary(record: record, isPast: Self.isPast(record, at: now))
            }
        }
    }

    /// One meeting for a signed-in member.
    public func details(actor: Actor, meeting id: MeetingID, origin: RequestOrigin) async throws -> MeetingDetails {
        try await governance.authorize(actor, .takePart, origin: origin)
        try await pickDueTimes(origin: origin)
        let now = governance.now()
        return try await services.database.read { sql in
            guard let record = try await store.find(id, sql: sql) else { throw MeetingError.meetingNotFound }
            let meeting = record.meeting
            let (rule, electorate) = try await ruleAndElectorate(for: meeting, at: now, sql: sql)
            let viewer = actor.memberID
            var timePoll: PollRecord?
            var slots: [SlotResult] = []
            var own: [Availability]?
            if let pollID = record.timePollID, let poll = try await polls.find(pollID, sql: sql) {
                timePoll = poll
                let cast = try await governance.ballots.ballots(of: pollID, sql: sql)
                let result = try PollResult.evaluate(poll: poll.poll, rule: poll.rule, ballots: cast, electorate: poll.electorate)
                if case .meetingTime(let found) = result.tally.details { slots = found }
                if let viewer, case .availability(let answers)? = cast.first(where: { $0.voter == viewer })?.choice { own = answers }
            }
            var linked: [LinkedPoll] = []
            var votesForViewer = 0
            let standing = ProxyRegister(try await store.proxies(for: id, sql: sql)).active(in: .meeting(id), at: now)
            let given = viewer.flatMap { member in standing.first { $0.giver == member } }
            for link in record.links {
                guard let poll = try await polls.find(link.pollID, sql: sql) else { continue }
                linked.append(LinkedPoll(link: link, record: poll, isOpen: poll.poll.isOpen(at: now) && !poll.isSettled))
                if let viewer, link.purpose == .vote {
                    votesForViewer += try await governance.ballots.receipts(of: link.pollID, sql: sql).filter {
                        $0.voter == viewer && $0.castByProxyHolder != nil
                    }.count
                }
            }
            let presentViewer = viewer.flatMap { meeting.attendance(of: $0) }?.mode.isPresent == true
            let keeps = GovernancePolicy.decide(actor, .keepMinutes).isAllowed
            var maySign = false
            if case .awaitingSignOff(let author, _) = meeting.minutes { maySign = presentViewer && author != viewer }
            let givenCounted = viewer.flatMap { meeting.attendance(of: $0) }.map { if case .byProxy = $0.mode { true } else { false } } ?? false
            return MeetingDetails(
                record: record, names: try await governance.names(sql: sql), eligible: electorate.members,
                quorum: meeting.quorum(rule: rule, electorate: electorate), rule: rule, hasStarted: record.hasStarted(at: now),
                mayRun: GovernancePolicy.decide(actor, .runMeeting).isAllowed, mayKeepMinutes: keeps,
                mayReadMinutes: meeting.minutes.isSignedOff || keeps || presentViewer, maySignOff: maySign, timePoll: timePoll,
                timePollOpen: timePoll.map { $0.poll.isOpen(at: now) && !$0.isSettled } ?? false, slots: slots,
                suggestedSlot: MeetingSchedule.pick(slots), ownAvailability: own, standingProxies: standing, givenProxy: given,
                givenProxyCounted: givenCounted, givenProxyVotes: votesForViewer,
                proxiesHeld: viewer.map { member in standing.filter { $0.holder == member }.map(\.giver) } ?? [], linkedPolls: linked
            )
        }
    }

    /// Whether the meeting is over at `now`: its time is set and its planned length (at least an hour) has passed.
    static func isPast(_ record: MeetingRecord, at now: Date) -> Bool {
        record.isTimeSet && now >= record.meeting.startsAt.addingTimeInterval(TimeInterval(max(record.meeting.plannedMinutes, 60) * 60))
    }
}
