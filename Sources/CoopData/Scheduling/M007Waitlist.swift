import SQLKit

/// Waitlists with their offers (a freed time held for one waiting client at a time), and recurring series.
/// An offer holds its time with an appointment row in status `proposed` that claims `booked_slots` like any booking,
/// so nobody else can book an offered time and accepting it cannot double-book.
struct M007Waitlist: Migration {
    let number = 7
    let name = "waitlist-and-series"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "waitlist_entries")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("client_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            // Null: the co-op's list (any therapist who fits).
            .column("therapist_id", type: .text, .references("therapist_profiles", "member_id", onDelete: .cascade))
            .column("state", type: .text, .notNull)
            .column("language", type: .text)
            // "weekday HH:MM-HH:MM" joined by ";" (ISO weekday numbers), in `zone`.
            .column("windows", type: .text, .notNull)
            .column("zone", type: .text, .notNull)
            .column("needs_sliding_scale", type: .bigint, .notNull)
            .column("modality", type: .text, .notNull)
            .column("delivery", type: .text, .notNull)
            .column("earliest", type: .text)
            .column("latest", type: .text)
            .column("joined_at", type: .bigint, .notNull)
            .column("left_at", type: .bigint)
            .run()
        try await sql.create(index: "waitlist_entries_client").on("waitlist_entries").column("client_id").run()
        try await sql.create(table: "waitlist_offers")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("entry_id", type: .text, .notNull, .references("waitlist_entries", "id", onDelete: .cascade))
            .column("client_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("therapist_id", type: .text, .notNull, .references("therapist_profiles", "member_id", onDelete: .cascade))
            // The `proposed` appointment that holds the time; not a foreign key: it is deleted when nobody takes the time.
            .column("hold_id", type: .text, .notNull)
            .column("start_at", type: .bigint, .notNull)
            .column("end_at", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("offered_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("answered_at", type: .bigint)
            .run()
        try await sql.create(index: "waitlist_offers_status").on("waitlist_offers").column("status").column("expires_at").run()
        try await sql.create(index: "waitlist_offers_hold").on("waitlist_offers").column("hold_id").run()
        try await sql.create(table: "appointment_series")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("therapist_id", type: .text, .notNull, .references("therapist_profiles", "member_id"))
            .column("client_id", type: .text, .notNull, .references("members", "id"))
            .column("zone", type: .text, .notNull)
            .column("first_date", type: .text, .notNull)
            .column("start_minute", type: .bigint, .notNull)
            .column("duration_minutes", type: .bigint, .notNull)
            .column("frequency", type: .text, .notNull)
            .column("occurrences", type: .bigint, .notNull)
            // The series this one took over from ("this and all following"), if any.
            .column("follows", type: .text)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "series_appointments")
            .column("appointment_id", type: .text, .primaryKey(autoIncrement: false), .references("appointments", "id", onDelete: .cascade))
            .column("series_id", type: .text, .notNull, .references("appointment_series", "id"))
            .column("occurrence", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "series_appointments_series").on("series_appointments").column("series_id").run()
    }
}
