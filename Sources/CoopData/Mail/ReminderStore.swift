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

    /// Records the reminder to `member` for the session starting at `start`; false when it was already recorded.
    public func claimSessionReminder(appointment: AppointmentID, member: MemberID, start: Date, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.insert(into: "session_reminders").columns("appointment_id", "member_id", "start_at", "sent_at")
            .values(SQLBind(appointment.rawValue), SQLBind(member.rawValue), SQLBind(Clock.milliseconds(start)), SQLBind(Clock.milliseconds(now)))
            .ignoringConflicts().returning("appointment_id").all()
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
