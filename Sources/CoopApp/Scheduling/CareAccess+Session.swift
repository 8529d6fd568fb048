import CoopData
import CoopDomain
import Foundation

/// What a therapist sets about their sessions, besides the weekly hours.
public struct SessionChoices: Sendable, Equatable {
    /// The therapist's own time zone: the weekly hours and days off are read in it.
    public var zone: IANATimeZone
    /// Session length, buffers, minimum notice and the caps per day and week.
    public var settings: SessionSettings

    /// Creates the choices.
    public init(zone: IANATimeZone, settings: SessionSettings) {
        self.zone = zone
        self.settings = settings
    }
}

extension CareAccess {
    /// Changes a therapist's zone and session settings. The weekly hours and extra hours must still hold a whole
    /// session; if they do not, nothing changes and the error says which rule is too short. Bookings already made keep
    /// their times. Times the change opens (shorter buffers, a later cap) are offered to the waitlist.
    public func setSessionChoices(_ choices: SessionChoices, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await require(actor, .manageAvailability(therapist: therapist), origin: origin)
        let now = services.now()
        try await services.database.transaction { sql in
            guard var record = try await therapists.find(therapist, sql: sql) else { throw CareAccessError.therapistNotFound }
            record.weekly = try AvailabilityRules(zone: choices.zone, weekly: record.weekly, session: choices.settings).weekly
            try DateException.validate(record.exceptions, session: choices.settings)
            record.zone = choices.zone
            record.session = choices.settings
            try await therapists.save(record, now: now, sql: sql)
            let session = choices.settings
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .update, resourceType: "availability", resourceID: therapist.rawValue, outcome: .success,
                    detail: "session zone=\(choices.zone.identifier) minutes=\(session.sessionMinutes) buffers=\(session.bufferBeforeMinutes)/\(session.bufferAfterMinutes) "
                        + "notice=\(session.minimumNoticeMinutes) per-day=\(session.maximumPerDay.map(String.init) ?? "-") per-week=\(session.maximumPerWeek.map(String.init) ?? "-")"
                ),
                origin: origin, at: now, sql: sql
            )
        }
        await offerFreedTime(therapist: therapist, from: now, to: now.addingTimeInterval(TimeInterval(Self.horizonDays) * 86_400))
    }

    /// Adds hours on one date in the therapist's own zone (besides or instead of the weekly hours). A past date, an end
    /// at or before the start, a window shorter than a session, or a date marked as a day off are refused.
    public func addExtraHours(_ day: LocalDate, start: LocalTime, end: LocalTime, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await changeExceptions(therapist: therapist, actor: actor, origin: origin, detail: "extra-hours add \(day) \(start)-\(end)") { record, now in
            guard day >= record.zone.localDate(at: now) else { throw SchedulingError.notBookable([.inPast]) }
            for case .extraHours(day, let otherStart, let otherEnd) in record.exceptions where otherStart < end && start < otherEnd {
                throw SchedulingError.conflictingExceptions(day)
            }
            return record.exceptions + [.extraHours(day, start: start, end: end)]
        }
        let now = services.now()
        await offerFreedTime(therapist: therapist, from: now, to: now.addingTimeInterval(TimeInterval(Self.horizonDays) * 86_400))
    }

    /// Removes extra hours given on a date.
    public func removeExtraHours(_ day: LocalDate, start: LocalTime, end: LocalTime, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await changeExceptions(therapist: therapist, actor: actor, origin: origin, detail: "extra-hours remove \(day) \(start)-\(end)") { record, _ in
            record.exceptions.filter { $0 != .extraHours(day, start: start, end: end) }
        }
    }
}
