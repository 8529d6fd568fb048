import CoopData
import CoopDomain
import Foundation
import SQLKit

/// What a change or cancellation email is about. `title` is nil for group therapy (clinical privacy: such an email
/// says only "your group session").
public enum GroupChangeNotice: Sendable, Equatable {
    /// The session changed: `fields` says what; the rest is the session as it now is.
    case changed(
        name: String, title: String?, start: Date, minutes: Int, online: Bool, fields: [GroupSessionEdit.Field], session: GroupSessionID,
        kind: GroupKind)
    /// The session was called off, with the facilitator's reason (possibly empty).
    case cancelled(name: String, title: String?, start: Date, reason: String, session: GroupSessionID, kind: GroupKind)
    /// More seats gave a waiting client of a therapy group a seat (other kinds get the usual titled email).
    case seatGiven(name: String, start: Date, session: GroupSessionID)
}

/// The words of change and cancellation emails; the web layer supplies them from its catalogues.
public protocol GroupChangeMessages: Sendable {
    /// The subject and body for `notice` in `language`, times in `zone` (nil: the co-op's zone).
    func email(_ notice: GroupChangeNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String)
}

/// Plain English wording, for tests that do not go through the web layer.
public struct PlainGroupChangeMessages: GroupChangeMessages {
    public init() {}
    public func email(_ notice: GroupChangeNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String) {
        switch notice {
        case .changed(let name, let title, _, _, _, let fields, _, _):
            ("Changed: \(title ?? "your group session")", "Hello \(name), changed: \(fields.map(\.rawValue).joined(separator: ", ")).")
        case .cancelled(let name, let title, _, let reason, _, _):
            ("Cancelled: \(title ?? "your group session")", "Hello \(name), it is cancelled. \(reason)")
        case .seatGiven(let name, _, _): ("A seat for you: your group session", "Hello \(name), a seat came free and it is yours.")
        }
    }
}

/// A series and cancellation as shown on a group's page.
public struct GroupScheduleView: Sendable {
    /// Every meeting of the session's series by start (empty for a one-off session).
    public let series: [GroupSessionRecord]
    /// Why the session was cancelled, when it was.
    public let cancellation: GroupCancellationRecord?
}

/// Recurring groups (weekly or fortnightly, 2–12 meetings, same wall-clock time in the co-op's zone), joining or
/// leaving all following meetings, and a facilitator's or coordinator's change or cancellation of a session, with
/// emails to the people it concerns. Group therapy changes are audited like its other writes.
public struct GroupSchedule: Sendable {
    let groups: Groups
    let changeMessages: any GroupChangeMessages
    /// The co-op's zone: series repeat on its wall clock.
    public let zone: IANATimeZone
    let store = GroupStore()
    let seriesStore = GroupSeriesStore()
    let members = MemberStore()
    let outbox = OutboxStore()
    let audit = AuditStore()

    public static let longestReason = 500

    public init(
        services: CoopServices, zone: IANATimeZone, messages: any GroupMessages = PlainGroupMessages(),
        changeMessages: any GroupChangeMessages = PlainGroupChangeMessages()
    ) {
        self.groups = Groups(services: services, messages: messages)
        self.changeMessages = changeMessages
        self.zone = zone
    }

    var services: CoopServices { groups.services }

    /// Asks `GroupPolicy`; a refusal is audited and thrown as `AccessDenied` (for pages that show a form).
    public func authorize(_ actor: Actor, _ action: GroupAction, origin: RequestOrigin) async throws {
        try await groups.require(actor, action, origin: origin)
    }

    // MARK: Creating

    /// Creates one session, or a series of `count` (2–12) meetings every week or two at the first meeting's local time
    /// in the co-op's zone, each with its own seats, roster and waitlist. All or nothing; returns the ids by start.
    @discardableResult
    public func create(_ draft: GroupDraft, repeats: GroupRepeat, count: Int, actor: Actor, origin: RequestOrigin) async throws -> [GroupSessionID] {
        try await groups.require(actor, .create(draft.kind), origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        let first = try Groups.checked(draft, facilitator: me, now: now)
        let plan = try GroupSeriesPlan(repeats: repeats, firstStart: first.start, zone: zone, count: count)
        let length = first.end.timeIntervalSince(first.start)
        let sessions = plan.starts.map { start in
            GroupSessionRecord(
                id: .make(), kind: first.kind, title: first.title, description: first.description, facilitator: me, start: start,
                end: start.addingTimeInterval(length), seats: first.seats, online: first.online
            )
        }
        try await services.database.transaction { sql in
            for session in sessions {
                try await store.insert(session, now: now, sql: sql)
                if session.kind.isClinical {
                    try await audit.append(
                        AuditEvent(actor: me.rawValue, action: .create, resourceType: "group-therapy", resourceID: session.id.rawValue, outcome: .success),
                        origin: origin, at: now, sql: sql
                    )
                }
            }
            if repeats != .once {
                try await seriesStore.insertSeries(.make(), repeats: repeats, sessions: sessions.map(\.id), now: now, sql: sql)
            }
        }
        return sessions.map(\.id)
    }

    /// The series and cancellation of a session the viewer may already see (callers check with `Groups.group`).
    public func view(_ id: GroupSessionID) async throws -> GroupScheduleView {
        try await services.database.read { sql in
            var meetings: [GroupSessionRecord] = []
            if let series = try await seriesStore.series(of: id, sql: sql) { meetings = try await seriesStore.sessions(in: series, sql: sql) }
            return GroupScheduleView(series: meetings, cancellation: try await seriesStore.cancellation(id, sql: sql))
        }
    }

    /// The later meetings of `session`'s series that are neither cancelled nor started.
    private func following(_ session: GroupSessionRecord, now: Date, sql: any SQLDatabase) async throws -> [GroupSessionRecord] {
        guard let series = try await seriesStore.series(of: session.id, sql: sql) else { return [] }
        return try await seriesStore.sessions(in: series, sql: sql).filter { $0.start > session.start && $0.start > now && !$0.cancelled }
    }

    // MARK: Joining and leaving

    /// Joins one meeting, or (`allFollowing`) it and every later meeting of its series that is still open; meetings
    /// the member already takes part in are skipped. Returns the outcome for this meeting.
    @discardableResult
    public func join(_ id: GroupSessionID, chosenName: String, allFollowing: Bool, actor: Actor, origin: RequestOrigin) async throws -> RegistrationOutcome {
        let outcome = try await groups.join(id, chosenName: chosenName, actor: actor, origin: origin)
        guard allFollowing else { return outcome }
        let now = services.now()
        let later = try await services.database.read { sql -> [GroupSessionRecord] in
            guard let session = try await store.session(id, sql: sql) else { return [] }
            return try await following(session, now: now, sql: sql)
        }
        for session in later {
            do { try await groups.join(session.id, chosenName: chosenName, actor: actor, origin: origin) } catch GroupsError.alreadyJoined { continue }
        }
        return outcome
    }

    /// Leaves one meeting, or (`allFollowing`) it and every later meeting of its series the member takes part in.
    public func leave(_ id: GroupSessionID, allFollowing: Bool, actor: Actor, origin: RequestOrigin) async throws {
        try await groups.leave(id, actor: actor, origin: origin)
        guard allFollowing else { return }
        let now = services.now()
        let later = try await services.database.read { sql -> [GroupSessionRecord] in
            guard let session = try await store.session(id, sql: sql) else { return [] }
            return try await following(session, now: now, sql: sql)
        }
        for session in later {
            do { try await groups.leave(session.id, actor: actor, origin: origin) } catch GroupsError.notJoined { continue }
        }
    }

    // MARK: Changing

    /// Changes a session (or it and every later open meeting of its series): title, description, start, length, seats
    /// and place. For later meetings the start moves by the same number of days to the new local time in the co-op's
    /// zone. Refused with nothing changed for a start in the past, fewer seats than confirmed, a bad length, a
    /// cancelled or started session. More seats confirm people waiting, in order (with the usual email); everyone
    /// confirmed hears what changed in their language; reminders already sent are sent again for a new time.
    /// Returns how many sessions changed.
    @discardableResult
    public func change(_ id: GroupSessionID, edit: GroupSessionEdit, scope: GroupScope, actor: Actor, origin: RequestOrigin) async throws -> Int {
        let found = try await services.database.read { sql in try await store.session(id, sql: sql) }
        guard let found else { throw GroupsError.sessionNotFound }
        try await groups.require(actor, .changeSession(found.kind, facilitator: found.facilitator), origin: origin)
        let now = services.now()
        let draft = GroupDraft(
            kind: found.kind, title: edit.title, description: edit.description, start: edit.start, durationMinutes: edit.durationMinutes,
            seats: edit.seats, online: edit.online)
        let checked = try Groups.checked(draft, facilitator: found.facilitator, now: now)
        return try await services.database.transaction { sql in
            guard let session = try await store.session(id, sql: sql) else { throw GroupsError.sessionNotFound }
            guard !session.cancelled else { throw GroupSeriesError.sessionCancelled }
            guard session.start > now else { throw GroupSeriesError.alreadyStarted }
            let targets = [session] + (scope == .following ? try await following(session, now: now, sql: sql) : [])
            var changed = 0
            for target in targets {
                let start = target.id == session.id ? checked.start : GroupSeriesPlan.shifted(target.start, from: session.start, to: checked.start, zone: zone)
                guard start > now else { throw GroupsError.startInPast }
                try GroupSessionEdit.checkSeats(checked.seats, confirmed: target.confirmedCount)
                var updated = target
                updated.title = checked.title
                updated.description = checked.description
                updated.start = start
                updated.end = start.addingTimeInterval(checked.end.timeIntervalSince(checked.start))
                updated.seats = checked.seats
                updated.online = checked.online
                let fields = Self.differences(target, updated)
                guard !fields.isEmpty else { continue }
                changed += 1
                try await seriesStore.update(updated, sql: sql)
                if fields.contains(.time) { try await seriesStore.resetReminders(target.id, sql: sql) }
                let promoted = try await promote(updated, now: now, sql: sql)
                if !fields.subtracting([.seats]).isEmpty {
                    try await notify(updated, now: now, sql: sql, except: promoted) { registration in
                        .changed(
                            name: registration.name, title: updated.kind.isClinical ? nil : updated.title, start: updated.start,
                            minutes: Int(updated.end.timeIntervalSince(updated.start) / 60), online: updated.online, fields: fields.sorted(),
                            session: updated.id, kind: updated.kind)
                    }
                }
                if updated.kind.isClinical {
                    try await audit.append(
                        AuditEvent(
                            actor: actor.memberID?.rawValue, action: .update, resourceType: "group-therapy", resourceID: updated.id.rawValue,
                            outcome: .success, detail: "changed=" + fields.sorted().map(\.rawValue).joined(separator: ",")),
                        origin: origin, at: now, sql: sql
                    )
                }
            }
            return changed
        }
    }

    /// What differs between two versions of a session.
    static func differences(_ old: GroupSessionRecord, _ new: GroupSessionRecord) -> Set<GroupSessionEdit.Field> {
        var fields: Set<GroupSessionEdit.Field> = []
        if old.title != new.title { fields.insert(.title) }
        if old.description != new.description { fields.insert(.description) }
        if old.start != new.start { fields.insert(.time) }
        if old.end.timeIntervalSince(old.start) != new.end.timeIntervalSince(new.start) { fields.insert(.duration) }
        if old.seats != new.seats { fields.insert(.seats) }
        if old.online != new.online { fields.insert(.place) }
        return fields
    }

    /// Confirms waiting registrations into free seats, first come first served, each with the promotion email.
    private func promote(_ session: GroupSessionRecord, now: Date, sql: any SQLDatabase) async throws -> Set<RegistrationID> {
        var promoted: Set<RegistrationID> = []
        for waiting in try await store.registrations(session.id, sql: sql) where waiting.status == .waitlisted {
            guard try await store.claimSeat(waiting.id, session: session.id, seats: session.seats, sql: sql) else { break }
            promoted.insert(waiting.id)
            if let (recipient, language, zone) = try await address(waiting, sql: sql) {
                // A therapy group's email names no title (clinical privacy); the others get the usual one.
                let text =
                    session.kind.isClinical
                    ? changeMessages.email(.seatGiven(name: waiting.name, start: session.start, session: session.id), language: language, zone: zone)
                    : groups.messages.email(
                        .promoted(title: session.title, start: session.start, session: session.id, workshop: session.kind == .workshop), language: language)
                try await outbox.enqueue(recipient: recipient, subject: text.subject, body: text.body, now: now, sql: sql)
            }
        }
        return promoted
    }

    // MARK: Cancelling

    /// Cancels a session (or it and every later open meeting of its series) with an optional reason of at most 500
    /// characters. The session stays with its registrations and attendance, marked cancelled: it leaves `/workshops`
    /// and the joinable list, refuses joining and registration, and gets no reminders. Everyone confirmed or waiting
    /// is emailed in their language. Cancelling a cancelled session is refused. Returns how many were cancelled.
    @discardableResult
    public func cancel(_ id: GroupSessionID, reason: String, scope: GroupScope, actor: Actor, origin: RequestOrigin) async throws -> Int {
        let found = try await services.database.read { sql in try await store.session(id, sql: sql) }
        guard let found else { throw GroupsError.sessionNotFound }
        try await groups.require(actor, .cancelSession(found.kind, facilitator: found.facilitator), origin: origin)
        let reason = try GroupSessionEdit.checkReason(reason, maximum: Self.longestReason)
        guard !Groups.hasControl(reason.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")) else {
            throw GroupSeriesError.reasonTooLong(maximum: Self.longestReason)
        }
        let now = services.now()
        return try await services.database.transaction { sql in
            guard let session = try await store.session(id, sql: sql) else { throw GroupsError.sessionNotFound }
            guard !session.cancelled else { throw GroupSeriesError.alreadyCancelled }
            guard session.start > now else { throw GroupSeriesError.alreadyStarted }
            let targets = [session] + (scope == .following ? try await following(session, now: now, sql: sql) : [])
            var count = 0
            for target in targets {
                let record = GroupCancellationRecord(session: target.id, reason: reason, cancelledBy: actor.memberID, cancelledAt: now)
                guard try await seriesStore.cancel(record, sql: sql) else {
                    if target.id == session.id { throw GroupSeriesError.alreadyCancelled }
                    continue
                }
                count += 1
                try await notify(target, now: now, sql: sql, includeWaiting: true) { registration in
                    .cancelled(
                        name: registration.name, title: target.kind.isClinical ? nil : target.title, start: target.start, reason: reason,
                        session: target.id, kind: target.kind)
                }
                if target.kind.isClinical {
                    try await audit.append(
                        AuditEvent(
                            actor: actor.memberID?.rawValue, action: .update, resourceType: "group-therapy", resourceID: target.id.rawValue,
                            outcome: .success, detail: "cancelled"),
                        origin: origin, at: now, sql: sql
                    )
                }
            }
            return count
        }
    }

    // MARK: Emails

    /// Queues `notice` to every confirmed (and, with `includeWaiting`, waiting) registration, in each one's language.
    private func notify(
        _ session: GroupSessionRecord, now: Date, sql: any SQLDatabase, includeWaiting: Bool = false, except: Set<RegistrationID> = [],
        _ notice: (GroupRegistrationRecord) -> GroupChangeNotice
    ) async throws {
        for registration in try await store.registrations(session.id, sql: sql) where !except.contains(registration.id) {
            guard registration.status == .confirmed || (includeWaiting && registration.status == .waitlisted) else { continue }
            guard let (recipient, language, zone) = try await address(registration, sql: sql) else { continue }
            let text = changeMessages.email(notice(registration), language: language, zone: zone)
            try await outbox.enqueue(recipient: recipient, subject: text.subject, body: text.body, now: now, sql: sql)
        }
    }

    /// Where, in which language and time zone to write: a member at their account (while active) in their own zone, a
    /// guest as registered in the co-op's.
    private func address(_ registration: GroupRegistrationRecord, sql: any SQLDatabase) async throws -> (String, Language, IANATimeZone?)? {
        if let member = registration.member {
            guard let record = try await members.find(id: member, sql: sql), record.member.status == .active else { return nil }
            return (record.member.email.value, record.member.language, record.member.timeZone)
        }
        return registration.email.map { ($0, registration.language, nil) }
    }
}
