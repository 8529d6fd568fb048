import SQLKit

/// Recurring groups: a series links the sessions it created (each keeps its own seats, roster and waitlist, so
/// attendance stays per meeting); a cancelled session keeps its row and registrations and records why and by whom.
struct M015GroupSeries: Migration {
    let number = 15
    let name = "group-series"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "group_series")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            // once, weekly or every-two-weeks, as chosen on the form.
            .column("repeats", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "group_series_sessions")
            .column("session_id", type: .text, .primaryKey(autoIncrement: false), .references("group_sessions", "id", onDelete: .cascade))
            .column("series_id", type: .text, .notNull, .references("group_series", "id", onDelete: .cascade))
            // 0 for the first meeting.
            .column("position", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "group_series_sessions_series").on("group_series_sessions").column("series_id").run()
        try await sql.create(table: "group_cancellations")
            .column("session_id", type: .text, .primaryKey(autoIncrement: false), .references("group_sessions", "id", onDelete: .cascade))
            // Up to 500 characters, possibly empty.
            .column("reason", type: .text, .notNull)
            .column("cancelled_by", type: .text, .references("members", "id"))
            .column("cancelled_at", type: .bigint, .notNull)
            .run()
    }
}
