import SQLKit

/// Groups and workshops (sessions, registrations, the seat claims that keep a session from being overfilled), and the
/// parts of a therapist's profile edited in the browser that M003 did not store: compact privileges, temporary
/// authorisations, office locations and coordinators' licence verifications.
struct M008Groups: Migration {
    let number = 8
    let name = "groups-and-profiles"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "group_sessions")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("facilitator_id", type: .text, .notNull, .references("members", "id"))
            .column("start_at", type: .bigint, .notNull)
            .column("end_at", type: .bigint, .notNull)
            .column("seats", type: .bigint, .notNull)
            .column("online", type: .bigint, .notNull)
            .column("cancelled", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "group_sessions_start").on("group_sessions").column("start_at").run()
        try await sql.create(table: "group_registrations")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("session_id", type: .text, .notNull, .references("group_sessions", "id", onDelete: .cascade))
            // A member, or NULL for a workshop guest known by name and email only.
            .column("member_id", type: .text, .references("members", "id"))
            .column("name", type: .text, .notNull)
            // 1 when `name` is a chosen name (peer support), shown to others instead of the account's name.
            .column("chosen", type: .bigint, .notNull)
            .column("email", type: .text)
            .column("language", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("attendance", type: .text, .notNull)
            .column("registered_at", type: .bigint, .notNull)
            // Order of arrival within the session; the waitlist is promoted in this order.
            .column("queue", type: .bigint, .notNull)
            // SHA-256 of the cancel link's token; the token itself is only in the email.
            .column("cancel_token_hash", type: .text, .unique)
            .run()
        try await sql.create(index: "group_registrations_session").on("group_registrations").column("session_id").column("registered_at").run()
        // The seat guarantee: a confirmed registration claims one numbered seat under this primary key, in the same
        // transaction. Two registrations racing for the last seat claim the same number and only one commits.
        try await sql.create(table: "group_seats")
            .column("session_id", type: .text, .notNull, .references("group_sessions", "id", onDelete: .cascade))
            .column("seat", type: .bigint, .notNull)
            .column("registration_id", type: .text, .notNull, .unique, .references("group_registrations", "id", onDelete: .cascade))
            .primaryKey("session_id", "seat")
            .run()
        try await sql.create(table: "therapist_privileges")
            .column("therapist_id", type: .text, .notNull, .references("therapist_profiles", "member_id", onDelete: .cascade))
            .column("kind", type: .text, .notNull)
            .column("identifier", type: .text, .notNull)
            .column("home_state", type: .text, .notNull)
            // Comma-separated state codes.
            .column("covered_states", type: .text, .notNull)
            .column("valid_from", type: .text, .notNull)
            .column("valid_through", type: .text, .notNull)
            .primaryKey("therapist_id", "kind", "identifier")
            .run()
        try await sql.create(table: "therapist_temporary")
            .column("therapist_id", type: .text, .notNull, .references("therapist_profiles", "member_id", onDelete: .cascade))
            .column("state", type: .text, .notNull)
            .column("basis", type: .text, .notNull)
            .column("approval_reference", type: .text)
            .column("valid_from", type: .text, .notNull)
            .column("valid_through", type: .text, .notNull)
            .primaryKey("therapist_id", "state", "valid_from")
            .run()
        try await sql.create(table: "therapist_offices")
            .column("therapist_id", type: .text, .notNull, .references("therapist_profiles", "member_id", onDelete: .cascade))
            .column("city", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .primaryKey("therapist_id", "city", "state")
            .run()
        // A coordinator's check of a licence against the board's lookup; it holds while status and expiry are unchanged.
        try await sql.create(table: "credential_verifications")
            .column("credential_id", type: .text, .primaryKey(autoIncrement: false))
            .column("therapist_id", type: .text, .notNull, .references("therapist_profiles", "member_id", onDelete: .cascade))
            .column("status", type: .text, .notNull)
            .column("expires", type: .text, .notNull)
            .column("verified_by", type: .text, .notNull)
            .column("verified_at", type: .bigint, .notNull)
            .run()
    }
}
