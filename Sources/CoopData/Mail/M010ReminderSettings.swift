import CoopDomain
import Foundation
import SQLKit

/// Governed reminder lead times and waitlist offer duration: their starting values in the settings and history
/// (as the founding values, like M002's), session reminders recorded per stage (lead time), and group reminders.
struct M010ReminderSettings: Migration {
    let number = 10
    let name = "reminder-settings"

    func prepare(on sql: any SQLDatabase) async throws {
        // One row per appointment, recipient, start time and stage (lead in hours): a moved session starts over.
        try await sql.create(table: "session_reminder_stages")
            .column("appointment_id", type: .text, .notNull, .references("appointments", "id", onDelete: .cascade))
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("start_at", type: .bigint, .notNull)
            .column("lead_hours", type: .bigint, .notNull)
            .column("sent_at", type: .bigint, .notNull)
            .primaryKey("appointment_id", "member_id", "start_at", "lead_hours")
            .run()
        // Reminders sent before this migration were the 24-hour ones.
        try await sql.raw(
            """
            INSERT INTO session_reminder_stages (appointment_id, member_id, start_at, lead_hours, sent_at) \
            SELECT appointment_id, member_id, start_at, 24, sent_at FROM session_reminders
            """
        ).run()
        try await sql.drop(table: "session_reminders").run()
        // One row per registration and start time.
        try await sql.create(table: "group_reminders")
            .column("registration_id", type: .text, .notNull, .references("group_registrations", "id", onDelete: .cascade))
            .column("start_at", type: .bigint, .notNull)
            .column("sent_at", type: .bigint, .notNull)
            .primaryKey("registration_id", "start_at")
            .run()
        try await seed(sql)
    }

    /// The defaults as founding values, unless a setting is already stored.
    private func seed(_ sql: any SQLDatabase) async throws {
        let now = Clock.milliseconds(Date())
        let settings: [GovernedSetting] = [.sessionReminderLeads(.standard), .groupReminderLead(.standard), .waitlistOfferDuration(.standard)]
        for setting in settings {
            let key = setting.key.name
            guard try await sql.select().column("key").from("governed_settings").where("key", .equal, SQLBind(key)).first() == nil else { continue }
            let value = GovernanceJSON.encode(setting)
            let last = try await sql.raw("SELECT COALESCE(MAX(seq), 0) AS seq FROM governed_setting_history").first()
            let seq = try last?.decode(column: "seq", as: Int64.self) ?? 0
            try await sql.insert(into: "governed_settings").columns("key", "value", "decided_by", "updated_at")
                .values(SQLBind(key), SQLBind(value), SQLBind(String?.none), SQLBind(now)).run()
            try await sql.insert(into: "governed_setting_history").columns("id", "seq", "key", "value", "previous", "cause", "decided_by", "at")
                .values(
                    SQLBind(UUID().uuidString.lowercased()), SQLBind(seq + 1), SQLBind(key), SQLBind(value), SQLBind(String?.none),
                    SQLBind("founding"), SQLBind(String?.none), SQLBind(now)
                )
                .run()
        }
    }
}
