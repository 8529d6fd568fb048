import Foundation
import SQLKit

/// Applications to join a member class (each decided by its admission poll), the discussion threads on proposals,
/// emergency changes of governed settings awaiting ratification, and consent processes (rounds and objections).
struct M005Membership: Migration {
    let number = 5
    let name = "membership"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "membership_applications")
            // One application per admission poll.
            .column("poll_id", type: .text, .primaryKey(autoIncrement: false), .references("polls", "id"))
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("class_id", type: .text, .notNull, .references("member_classes", "id"))
            .column("statement", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("applied_at", type: .bigint, .notNull)
            .column("decided_at", type: .bigint)
            .run()
        try await sql.create(index: "membership_applications_member").on("membership_applications").column("member_id").run()
        try await sql.create(table: "proposal_comments")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("poll_id", type: .text, .notNull, .references("polls", "id"))
            .column("author_id", type: .text, .notNull, .references("members", "id"))
            .column("reply_to", type: .text, .references("proposal_comments", "id"))
            .column("body", type: .text, .notNull)
            .column("posted_at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "proposal_comments_poll").on("proposal_comments").column("poll_id").column("posted_at").run()
        try await sql.create(table: "emergency_changes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("key", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .column("previous", type: .text, .notNull)
            .column("enacted_by", type: .text, .notNull, .references("members", "id"))
            .column("reason", type: .text, .notNull)
            .column("enacted_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            // in-force, ratified, rejected, expired
            .column("state", type: .text, .notNull)
            .column("ended_at", type: .bigint)
            .column("poll_id", type: .text, .references("polls", "id"))
            .column("decided_by", type: .text)
            .run()
        try await sql.create(table: "consent_rounds")
            .column("poll_id", type: .text, .primaryKey(autoIncrement: false), .references("polls", "id"))
            // The first round's poll names the process.
            .column("process_id", type: .text, .notNull)
            .column("number", type: .bigint, .notNull)
            .column("proposal", type: .text, .notNull)
            .run()
        try await sql.create(table: "consent_objections")
            .column("process_id", type: .text, .notNull)
            .column("position", type: .bigint, .notNull)
            .column("round", type: .bigint, .notNull)
            .column("objector", type: .text)
            .column("reason", type: .text, .notNull)
            .column("resolution", type: .text)
            .primaryKey("process_id", "position")
            .run()
    }
}
