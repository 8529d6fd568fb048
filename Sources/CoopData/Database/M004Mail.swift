import SQLKit

/// Mail delivery and reminders: the outbox gains a status, tries, the next try's time, the last error and a lease
/// (`claimed_until`, `claimed_by`) so that two instances never send the same message; reminders sent before sessions
/// and before credentials expire are remembered so each goes out once.
struct M004Mail: Migration {
    let number = 4
    let name = "mail-delivery"

    func prepare(on sql: any SQLDatabase) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await sql.alter(table: "outbox").column("status", type: .text, .notNull, .default("queued")).run()
        try await sql.alter(table: "outbox").column("next_attempt_at", type: .bigint, .notNull, .default(0)).run()
        try await sql.alter(table: "outbox").column("last_error", type: .text).run()
        try await sql.alter(table: "outbox").column("claimed_until", type: .bigint).run()
        try await sql.alter(table: "outbox").column("claimed_by", type: .text).run()
        try await sql.update("outbox").set("status", to: SQLLiteral.string("sent")).where(SQLColumn("sent_at"), .isNot, SQLLiteral.null).run()
        try await sql.create(index: "outbox_due").on("outbox").column("status").column("next_attempt_at").run()
        try await sql.create(index: "outbox_created").on("outbox").column("created_at").run()
        // One row per reminder sent: the start time is part of the key, so a moved session is reminded again.
        try await sql.create(table: "session_reminders")
            .column("appointment_id", type: .text, .notNull, .references("appointments", "id", onDelete: .cascade))
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("start_at", type: .bigint, .notNull)
            .column("sent_at", type: .bigint, .notNull)
            .primaryKey("appointment_id", "member_id", "start_at")
            .run()
        // One row per credential, last valid day and stage (60, 30, 7 days): a renewed credential starts over.
        try await sql.create(table: "credential_reminders")
            .column("therapist_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("subject", type: .text, .notNull)
            .column("last_valid_day", type: .text, .notNull)
            .column("stage", type: .bigint, .notNull)
            .column("sent_at", type: .bigint, .notNull)
            .primaryKey("therapist_id", "subject", "last_valid_day", "stage")
            .run()
    }
}
