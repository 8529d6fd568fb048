import CoopData
import CoopDomain
import Foundation

extension CareAccess {
    /// A therapist's own profile and hours, for editing; nil when they have no therapist profile yet.
    public func ownProfile(actor: Actor, origin: RequestOrigin) async throws -> TherapistRecord? {
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        try await require(actor, .manageAvailability(therapist: me), origin: origin)
        return try await services.database.read { sql in try await therapists.find(me, sql: sql) }
    }

    /// Replaces a therapist's weekly hours. Refused with a clear error when a window ends at or before its start,
    /// two windows of one day overlap, or a window is shorter than one session; nothing changes then.
    public func setWeeklyHours(_ weekly: [WeeklyRule], therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await require(actor, .manageAvailability(therapist: therapist), origin: origin)
        guard var record = try await services.database.read({ sql in try await therapists.find(therapist, sql: sql) }) else {
            throw CareAccessError.therapistNotFound
        }
        record.weekly = try AvailabilityRules(zone: record.zone, weekly: weekly, session: record.session).weekly
        let changed = record
        let now = services.now()
        try await services.database.transaction { sql in
            try await therapists.save(changed, now: now, sql: sql)
            try await audit.append(
                AuditEvent(
                    actor: actor.memberID?.rawValue, action: .update, resourceType: "availability", resourceID: therapist.rawValue, outcome: .success,
                    detail: "weekly-rules=\(changed.weekly.count)"
                ),
                origin: origin, at: now, sql: sql
            )
        }
        // New hours may have opened times: offer them to the waitlist.
        await offerFreedTime(therapist: therapist, from: now, to: now.addingTimeInterval(TimeInterval(Self.horizonDays) * 86_400))
    }
}

extension CareAccess {
    /// Marks a whole day off in the therapist's own zone; no client can book it. A day already past is refused.
    public func addDayOff(_ day: LocalDate, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await changeExceptions(therapist: therapist, actor: actor, origin: origin, detail: "day-off add \(day)") { record, now in
            guard day >= record.zone.localDate(at: now) else { throw SchedulingError.notBookable([.inPast]) }
            return record.exceptions.filter { $0.date != day } + [.dayOff(day)]
        }
    }

    /// Gives a day off back.
    public func removeDayOff(_ day: LocalDate, therapist: MemberID, actor: Actor, origin: RequestOrigin) async throws {
        try await changeExceptions(therapist: therapist, actor: actor, origin: origin, detail: "day-off remove \(day)") { record, _ in
            record.exceptions.filter { $0 != .dayOff(day) }
        }
    }

    func changeExceptions(
        therapist: MemberID, actor: Actor, origin: RequestOrigin, detail: String,
        _ change: @Sendable (TherapistRecord, Date) throws -> [DateException]
    ) async throws {
        try await require(actor, .manageAvailability(therapist: therapist), origin: origin)
        let now = services.now()
        try await services.database.transaction { sql in
            guard var record = try await therapists.find(therapist, sql: sql) else { throw CareAccessError.therapistNotFound }
            record.exceptions = try change(record, now)
            try DateException.validate(record.exceptions, session: record.session)
            try await therapists.save(record, now: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: actor.memberID?.rawValue, action: .update, resourceType: "availability", resourceID: therapist.rawValue, outcome: .success, detail: detail),
                origin: origin, at: now, sql: sql
            )
        }
    }
}
