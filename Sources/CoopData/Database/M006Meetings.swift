import Foundation
import SQLKit

/// Meetings: their agenda (with per-item minutes), the polls linked to them (time poll, agenda proposals, votes taken
/// at the meeting) and attendance. Meeting proxies use the `proxies` table's `meeting_id` column from M002.
struct M006Meetings: Migration {
    let number = 6
    let name = "meetings"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "meetings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("title", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("decision_type", type: .text, .notNull)
            .column("organiser_id", type: .text, .notNull, .references("members", "id"))
            .column("location", type: .text, .notNull)
            // The decided time, or (while a time poll runs) the earliest candidate, so lists can order by it.
            .column("starts_at", type: .bigint, .notNull)
            .column("time_set", type: .bigint, .notNull)
            .column("time_poll_id", type: .text, .references("polls", "id"))
            .column("opened_at", type: .bigint)
            .column("minutes_state", type: .text, .notNull)
            .column("minutes_author", type: .text)
            .column("minutes_signer", type: .text)
            .column("minutes_at", type: .bigint)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "meetings_starts").on("meetings").column("starts_at").run()
        try await sql.create(table: "meeting_agenda_items")
            .column("meeting_id", type: .text, .notNull, .references("meetings", "id", onDelete: .cascade))
            .column("position", type: .bigint, .notNull)
            .column("title", type: .text, .notNull)
            .column("minutes", type: .bigint, .notNull)
            .column("notes", type: .text, .notNull)
            .column("outcome", type: .text, .notNull)
            .primaryKey("meeting_id", "position")
            .run()
        // Proposals linked from the agenda, and votes opened at the meeting (`purpose` says which).
        try await sql.create(table: "meeting_polls")
            .column("meeting_id", type: .text, .notNull, .references("meetings", "id", onDelete: .cascade))
            .column("poll_id", type: .text, .notNull, .references("polls", "id"))
            .column("position", type: .bigint, .notNull)
            .column("purpose", type: .text, .notNull)
            .column("linked_at", type: .bigint, .notNull)
            .primaryKey("meeting_id", "poll_id")
            .run()
        try await sql.create(table: "meeting_attendance")
            .column("meeting_id", type: .text, .notNull, .references("meetings", "id", onDelete: .cascade))
            .column("member_id", type: .text, .notNull, .references("members", "id"))
            .column("mode", type: .text, .notNull)
            .column("holder_id", type: .text)
            .column("proxy_id", type: .text)
            .column("seq", type: .bigint, .notNull)
            .column("recorded_at", type: .bigint, .notNull)
            .primaryKey("meeting_id", "member_id")
            .run()
        try await sql.create(index: "proxies_meeting").on("proxies").column("meeting_id").run()
    }
}
