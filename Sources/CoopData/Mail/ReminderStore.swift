import CoopDomain
import Foundation
import SQLKit

/// Which reminders went out, so each goes out once even when several instances run the same job.
public struct ReminderStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Upcoming appointments (booked, pending or proposed) starting after `from` and no later than `to`, by start.
    public func appointmentsStarting(after from: Date, upTo to: Date, sql: any SQLDatabase) async throws -> [Appointment] {
        try await sql.select().column("*").from("appointments")
            .where("start_at", .greaterThan, Clock.milliseconds(from))
            .where("start_at", .lessThanOrEqual, Clock.milliseconds(to))
            .orderBy("start_at").all()
            .map { try AppointmentStore.stored($0).appointment }
            .filter { $0.status.isUpcoming }
    }

    /// Group sessions and workshops, not called off, starting after `from` and no later than `to`, by start.
    public func groupSessionsStarting(after from: Date, upTo to: Date, sql: any SQLDatabase) async throws -> [GroupSessionRecord] {
        let ids = try await sql.select().column("id").from("group_sessions")
            .where("start_at", .greaterThan, Clock.milliseconds(from))
            .where("start_at", .lessThanOrEqual, Clock.milliseconds(to))
            .where("cancelled", .equal, 0)
            .orderBy("start_at").orderBy("id").all()
            .compactMap { GroupSessionID(rawValue: try $0.decode(column: "id", as: String.self)) }
        var sessions: [GroupSessionRecord] = []
        for id in ids {
            if let session = try await GroupStore().session(id, sql: sql) { sessions.append(session) }
        }
        return sessions
    }

    /// Records the `leadHours` stage of the reminder to `member` for the session starting at `start`; false when it
    /// was already recorded.
    public func claimSessionReminder(
        appointment: AppointmentID, member: MemberID, start: Date, leadHours: Int, now: Date, sql: any SQLDatabase
    ) async throws -> Bool {
        let rows = try await sql.insert(into: "session_reminder_stages").columns("appointment_id", "member_id", "start_at", "lead_hours", "sent_at")
            .values(
                SQLBind(appointment.rawValue), SQLBind(member.rawValue), SQLBind(Clock.milliseconds(start)), SQLBind(leadHours),
                SQLBind(Clock.milliseconds(now))
            )
            .ignoringConflicts().returning("appointment_id").all()
        return !rows.isEmpty
    }

    /// When the last reminder to `member` for the session starting at `start` went out, or nil.
    public func lastSessionReminder(appointment: AppointmentID, member: MemberID, start: Date, sql: any SQLDatabase) async throws -> Date? {
        let row = try await sql.raw(
            """
            SELECT MAX(sent_at) AS sent FROM session_reminder_stages WHERE appointment_id = \(bind: appointment.rawValue) \
            AND member_id = \(bind: member.rawValue) AND start_at = \(bind: Clock.milliseconds(start))
            """
        ).first()
        return try row?.decode(column: "sent", as: Int64?.self).map(Clock.date)
    }

    /// Records the reminder for group registration `registration` of a session starting at `start`; false when it
    /// was already recorded.
    public func claimGroupReminder(registration: RegistrationID, start: Date, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.insert(into: "group_reminders").columns("registration_id", "start_at", "sent_at")
            .values(SQLBind(registration.rawValue), SQLBind(Clock.milliseconds(start)), SQLBind(Clock.milliseconds(now)))
            .ignoringConflicts().returning("registration_id").all()
        return !rows.isEmpty
    }

    /// Records the `stage`-day reminder for a credential; false when it was already recorded.
    public func claimCredentialReminder(
        therapist: MemberID, subject: String, lastValidDay: LocalDate, stage: Int, now: Date, sql: any SQLDatabase
    ) async throws -> Bool {
        let rows = try await sql.insert(into: "credential_reminders").columns("therapist_id", "subject", "last_valid_day", "stage", "sent_at")
            .values(SQLBind(therapist.rawValue), SQLBind(subject), SQLBind(lastValidDay.description), SQLBind(stage), SQLBind(Clock.milliseconds(now)))
            .ignoringConflicts().returning("therapist_id").all()
        return !rows.isEmpty
    }
}
