import CoopDomain
import Foundation
import SQLKit

/// Recurring series and which appointment is which occurrence.
public struct SeriesStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Saves a series (its rule, not its appointments).
    public func insert(_ series: AppointmentSeries, follows: SeriesID? = nil, now: Date, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "appointment_series")
            .columns(
                "id", "therapist_id", "client_id", "zone", "first_date", "start_minute", "duration_minutes", "frequency", "occurrences",
                "follows", "created_at"
            )
            .values(
                SQLBind(series.id.rawValue), SQLBind(series.therapist.rawValue), SQLBind(series.client.rawValue), SQLBind(series.zone.identifier),
                SQLBind(series.firstDate.description), SQLBind(series.startTime.minutes), SQLBind(series.durationMinutes),
                SQLBind(series.rule.frequency.rawValue), SQLBind(series.count), SQLBind(follows?.rawValue), SQLBind(Clock.milliseconds(now))
            )
            .run()
    }

    /// Shortens a series to its first `count` occurrences (after "this and all following" moved the rest to a new one).
    public func truncate(_ id: SeriesID, to count: Int, sql: any SQLDatabase) async throws {
        try await sql.update("appointment_series").set("occurrences", to: SQLBind(count)).where("id", .equal, id.rawValue).run()
    }

    /// Links an appointment to its occurrence (replacing any earlier link).
    public func link(_ appointment: AppointmentID, to series: SeriesID, occurrence: Int, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "series_appointments").where("appointment_id", .equal, appointment.rawValue).run()
        try await sql.insert(into: "series_appointments").columns("appointment_id", "series_id", "occurrence")
            .values(SQLBind(appointment.rawValue), SQLBind(series.rawValue), SQLBind(occurrence)).run()
    }

    /// One series, or nil.
    public func find(_ id: SeriesID, sql: any SQLDatabase) async throws -> AppointmentSeries? {
        guard let row = try await sql.select().column("*").from("appointment_series").where("id", .equal, id.rawValue).first() else { return nil }
        guard let therapist = MemberID(rawValue: try row.decode(column: "therapist_id", as: String.self)),
            let client = MemberID(rawValue: try row.decode(column: "client_id", as: String.self)),
            let frequency = RecurrenceRule.Frequency(rawValue: try row.decode(column: "frequency", as: String.self))
        else { throw DatabaseError.notMigrated }
        return try AppointmentSeries(
            id: id, therapist: therapist, client: client, zone: IANATimeZone(row.decode(column: "zone", as: String.self)),
            firstDate: LocalDate(row.decode(column: "first_date", as: String.self)),
            startTime: LocalTime(minutes: row.decode(column: "start_minute", as: Int.self)),
            durationMinutes: row.decode(column: "duration_minutes", as: Int.self),
            rule: RecurrenceRule(frequency, end: .count(row.decode(column: "occurrences", as: Int.self)))
        )
    }

    /// The series and occurrence of an appointment, or nil when it stands alone.
    public func membership(of appointment: AppointmentID, sql: any SQLDatabase) async throws -> (series: SeriesID, occurrence: Int)? {
        guard let row = try await sql.select().column("series_id").column("occurrence").from("series_appointments")
            .where("appointment_id", .equal, appointment.rawValue).first(),
            let series = SeriesID(rawValue: try row.decode(column: "series_id", as: String.self))
        else { return nil }
        return (series, try row.decode(column: "occurrence", as: Int.self))
    }

    /// Series memberships of many appointments at once (for the appointments page).
    public func memberships(client: MemberID, sql: any SQLDatabase) async throws -> [AppointmentID: (series: SeriesID, occurrence: Int)] {
        let rows = try await sql.raw(
            """
            SELECT s.appointment_id, s.series_id, s.occurrence FROM series_appointments s
            JOIN appointments a ON a.id = s.appointment_id WHERE a.client_id = \(bind: client.rawValue)
            """
        ).all()
        var result: [AppointmentID: (series: SeriesID, occurrence: Int)] = [:]
        for row in rows {
            guard let appointment = AppointmentID(rawValue: try row.decode(column: "appointment_id", as: String.self)),
                let series = SeriesID(rawValue: try row.decode(column: "series_id", as: String.self))
            else { continue }
            result[appointment] = (series, try row.decode(column: "occurrence", as: Int.self))
        }
        return result
    }

    /// The appointments of a series from occurrence `index` on, by occurrence.
    public func appointments(of series: SeriesID, from index: Int, sql: any SQLDatabase) async throws -> [(occurrence: Int, stored: AppointmentStore.Stored)] {
        let rows = try await sql.select().column("appointment_id").column("occurrence").from("series_appointments")
            .where("series_id", .equal, series.rawValue).where("occurrence", .greaterThanOrEqual, index)
            .orderBy("occurrence").all()
        var result: [(occurrence: Int, stored: AppointmentStore.Stored)] = []
        for row in rows {
            guard let id = AppointmentID(rawValue: try row.decode(column: "appointment_id", as: String.self)),
                let stored = try await AppointmentStore().find(id, sql: sql)
            else { continue }
            result.append((try row.decode(column: "occurrence", as: Int.self), stored))
        }
        return result
    }
}
