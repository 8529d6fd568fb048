import CoopData
import CoopDomain
import Foundation
import SQLKit

/// Use cases for meetings: scheduling (with a time poll), meeting proxies, attendance toward quorum, votes taken at the
/// meeting and minutes with a sign-off. Polls go through ``Governance``'s machinery, so they are counted, closed and
/// logged like any other.
public struct Meetings: Sendable {
    let services: CoopServices
    let governance: Governance
    let store = MeetingStore()
    let polls = PollStore()
    let audit = AuditStore()

    /// Creates the use cases over `governance` (which carries the services and the notification wording).
    public init(governance: Governance) {
        self.governance = governance
        self.services = governance.services
    }

    // MARK: Schedule

    /// Schedules a meeting (coordinators); with a time poll, the poll opens now in the same transaction.
    @discardableResult
    public func schedule(actor: Actor, draft: MeetingDraft, origin: RequestOrigin) async throws -> MeetingID {
        try await governance.authorize(actor, .runMeeting, origin: origin)
        guard let organiser = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = governance.now()
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= MeetingSchedule.longestTitle else { throw MeetingError.invalidTitle(maximumLength: MeetingSchedule.longestTitle) }
        guard (1...MeetingSchedule.mostAgendaItems).contains(draft.agenda.count) else {
            throw MeetingError.agendaSize(maximum: MeetingSchedule.mostAgendaItems)
        }
        let location = draft.location.trimmingCharacters(in: .whitespacesAndNewlines)
        guard location.count <= MeetingSchedule.longestLocation else { throw MeetingError.invalidField("location") }
        let agenda = draft.agenda.map {
            AgendaItem(title: $0.title.trimmingCharacters(in: .whitespacesAndNewlines), minutes: $0.minutes, linkedPolls: $0.proposal.map { [$0] } ?? [])
        }
        let starts: Date
        switch draft.time {
        case .fixed(let date):
            guard date > now else { throw MeetingError.timeInPast }
            starts = date
        case .poll(let candidates, let closes):
            try MeetingSchedule.validateCandidates(candidates, pollCloses: closes, at: now)
            starts = candidates.min()!
        }
        let meeting = Meeting(title: title, decisionType: draft.decisionType, startsAt: starts, agenda: agenda)
        try meeting.validate()
        let (current, memberships) = try await services.database.read { sql in
            (try await governance.settings.load(sql: sql), try await governance.electorateMemberships(sql: sql))
        }
        let rule = try current.bylaws.rule(for: draft.decisionType)
        var timePoll: PollRecord?
        if case .poll(let candidates, let closes) = draft.time {
            let length = TimeInterval(max(meeting.plannedMinutes, 15) * 60)
            let options = candidates.sorted().map { start in
                PollOption(Self.slotName(start), slot: DateInterval(start: start, duration: length))
            }
            let poll = Poll(
                author: organiser, title: String(("Time for: " + title).prefix(Poll.longestTitle)), decisionType: draft.decisionType,
                kind: .meetingTime(allowsMaybe: true), options: options, opensAt: now, closesAt: closes, resultsVisibility: .shown,
                reasonPolicy: .disabled, meetingID: meeting.id
            )
            try poll.validate(rule: rule)
            let electorate = try Electorate(for: poll, rule: rule, memberships: memberships)
            timePoll = PollRecord(poll: poll, body: title, electorate: electorate, rule: rule, createdAt: now)
        }
        let timePollRecord = timePoll
        let record = MeetingRecord(
            meeting: meeting, kind: draft.kind, organiser: organiser, location: location, isTimeSet: timePoll == nil, timePollID: timePoll?.poll.id,
            links: draft.agenda.enumerated().compactMap { index, item in
                item.proposal.map { MeetingPollLink(pollID: $0, position: index, purpose: .agenda) }
            },
            createdAt: now
        )
        try await services.database.transaction { sql in
            for link in record.links {
                guard try await polls.find(link.pollID, sql: sql) != nil else { throw MeetingError.invalidField("proposal") }
            }
            if let timePoll = timePollRecord {
                try await polls.insert(timePoll, sql: sql)
                try await governance.notify(
                    .opened(title: timePoll.poll.title, pollID: timePoll.poll.id, closesAt: timePoll.poll.closesAt),
                    to: timePoll.electorate.members.filter { $0 != organiser }, at: now, sql: sql
                )
            }
            try await store.insert(record, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: organiser.rawValue, action: .create, resourceType: "meeting", resourceID: meeting.id.rawValue, outcome: .success,
                    detail: "kind=\(draft.kind.rawValue) type=\(draft.decisionType.rawValue) items=\(agenda.count) time-poll=\(timePollRecord?.poll.id.rawValue ?? "none")"
                ),
                origin: origin, at: now, sql: sql
            )
        }
        return meeting.id
    }

    // MARK: Time

    /// Answers the meeting's time poll for the actor: one availability per candidate time.
    public func answerTimePoll(actor: Actor, meeting id: MeetingID, answers: [Availability], origin: RequestOrigin) async throws {
        let record = try await find(id)
        guard let poll = record.timePollID else { throw MeetingError.slotNotFound }
        try await governance.vote(actor: actor, poll: poll, choice: .availability(answers), reason: nil, origin: origin)
    }

    /// Sets the meeting's time to candidate `slot` (nil: the most "yes", then "maybe" answers), closing the time poll
    /// first if it is still open. Allowed to the organisers until the meeting starts.
    public func pickTime(actor: Actor, meeting id: MeetingID, slot: Int?, origin: RequestOrigin) async throws {
        try await governance.authorize(actor, .runMeeting, origin: origin)
        try await governance.settleDue(origin: origin)
        let found = try await find(id)
        guard let pollID = found.timePollID else { throw MeetingError.slotNotFound }
        guard !found.hasStarted(at: governance.now()) else { throw MeetingError.alreadyStarted }
        let pollRecord = try await services.database.read { sql in try await polls.find(pollID, sql: sql) }
        if let pollRecord, !pollRecord.isSettled {
            try await governance.close(actor: actor, poll: pollID, origin: origin)
        }
        try await setTime(id, slot: slot, by: actor.memberID, origin: origin)
    }

    /// Sets the time from the closed time poll, in one transaction with its audit entry.
    func setTime(_ id: MeetingID, slot: Int?, by member: MemberID?, origin: RequestOrigin) async throws {
        let now = governance.now()
        try await services.database.transaction { sql in
            guard let record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard let pollID = record.timePollID, let poll = try await polls.find(pollID, sql: sql) else { throw MeetingError.slotNotFound }
            let cast = try await governance.ballots.ballots(of: pollID, sql: sql)
            let result = try PollResult.evaluate(poll: poll.poll, rule: poll.rule, ballots: cast, electorate: poll.electorate)
            guard case .meetingTime(let slots) = result.tally.details else { throw MeetingError.slotNotFound }
            guard let index = slot ?? MeetingSchedule.pick(slots), poll.poll.options.indices.contains(index),
                let start = poll.poll.options[index].slot?.start
            else { throw MeetingError.slotNotFound }
            guard start > now else { throw MeetingError.timeInPast }
            try await store.setTime(id, startsAt: start, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: member?.rawValue, action: .update, resourceType: "meeting-time", resourceID: id.rawValue, outcome: .success,
                    detail: "slot=\(index) \(slot == nil ? "picked automatically" : "picked by organiser")"
                ),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// Picks the time of every meeting whose time poll has closed without the organiser picking one.
    func pickDueTimes(origin: RequestOrigin) async throws {
        try await governance.settleDue(origin: origin)
        let due = try await services.database.read { sql in
            var due: [MeetingID] = []
            for record in try await store.all(sql: sql) {
                guard !record.isTimeSet, let poll = record.timePollID else { continue }
                if try await polls.find(poll, sql: sql)?.isSettled == true { due.append(record.meeting.id) }
            }
            return due
        }
        for id in due {
            // A poll whose best time has already passed leaves the meeting without a time; the organiser picks another.
            try? await setTime(id, slot: nil, by: nil, origin: origin)
        }
    }

    /// Opens the meeting (organisers), from a day before its start: proxies can no longer be given or withdrawn, and
    /// attendance and votes can be recorded.
    public func openMeeting(actor: Actor, meeting id: MeetingID, origin: RequestOrigin) async throws {
        try await governance.authorize(actor, .runMeeting, origin: origin)
        let now = governance.now()
        try await services.database.transaction { sql in
            guard let record = try await store.findForUpdate(id, sql: sql) else { throw MeetingError.meetingNotFound }
            guard record.isTimeSet else { throw MeetingError.timeNotSet }
            guard record.openedAt == nil else { throw MeetingError.alreadyStarted }
            guard now >= record.meeting.startsAt.addingTimeInterval(-MeetingSchedule.earliestOpening) else { throw MeetingError.notStarted }
            try await store.setOpened(id, at: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: actor.memberID?.rawValue, action: .update, resourceType: "meeting", resourceID: id.rawValue, outcome: .success, detail: "opened"),
                origin: origin, at: now, sql: sql
            )
        }
    }

    // MARK: Shared

    /// The meeting with `id`, or ``MeetingError/meetingNotFound``.
    func find(_ id: MeetingID) async throws -> MeetingRecord {
        guard let record = try await services.database.read({ sql in try await store.find(id, sql: sql) }) else { throw MeetingError.meetingNotFound }
        return record
    }

    /// The rule and electorate of the meeting's decision type now: who counts toward its quorum.
    func ruleAndElectorate(for meeting: Meeting, at now: Date, sql: any SQLDatabase) async throws -> (DecisionRule, Electorate) {
        let rule = try await governance.settings.load(sql: sql).bylaws.rule(for: meeting.decisionType)
        let electorate = try Electorate(memberships: try await governance.electorateMemberships(sql: sql), rule: rule, at: now)
        return (rule, electorate)
    }

    /// The option name of a candidate time (UTC; pages show it in the viewer's zone from the slot itself).
    static func slotName(_ start: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: start) + " UTC"
    }
}
