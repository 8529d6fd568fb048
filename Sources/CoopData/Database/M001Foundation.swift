import SQLKit

/// Accounts, roles, invitations, sessions, recovery codes, sign-in throttling, API tokens, the audit chain,
/// the data keys of the encryption envelope, and the mail outbox.
struct M001Foundation: Migration {
    let number = 1
    let name = "foundation"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "members")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("email", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("language", type: .text, .notNull)
            .column("password_hash", type: .text)
            .column("mfa_secret", type: .text)
            .column("mfa_enabled", type: .bigint, .notNull, .default(0))
            .column("mfa_last_step", type: .bigint, .notNull, .default(0))
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "member_roles")
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("role", type: .text, .notNull)
            .primaryKey("member_id", "role")
            .run()
        try await sql.create(table: "invitations")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            // Both empty for the first-run setup link, where the first coordinator types them in.
            .column("email", type: .text)
            .column("display_name", type: .text)
            .column("roles", type: .text, .notNull)
            .column("invited_by", type: .text, .references("members", "id"))
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("accepted_at", type: .bigint)
            .column("member_id", type: .text, .references("members", "id"))
            .run()
        try await sql.create(table: "sessions")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("csrf_token", type: .text, .notNull)
            .column("mfa_pending", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("last_seen_at", type: .bigint, .notNull)
            .column("source_address", type: .text)
            .run()
        try await sql.create(index: "sessions_member").on("sessions").column("member_id").run()
        try await sql.create(table: "recovery_codes")
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("code_hash", type: .text, .notNull)
            .column("used_at", type: .bigint)
            .primaryKey("member_id", "code_hash")
            .run()
        try await sql.create(table: "login_failures")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("failures", type: .bigint, .notNull)
            .column("last_failure_at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "api_tokens")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("member_id", type: .text, .notNull, .references("members", "id", onDelete: .cascade))
            .column("name", type: .text, .notNull)
            .column("token_hash", type: .text, .notNull, .unique)
            .column("created_at", type: .bigint, .notNull)
            .column("last_used_at", type: .bigint)
            .column("revoked_at", type: .bigint)
            .run()
        try await sql.create(table: "audit_log")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: false))
            .column("at", type: .bigint, .notNull)
            .column("actor", type: .text)
            .column("on_behalf_of", type: .text)
            .column("client", type: .text)
            .column("action", type: .text, .notNull)
            .column("resource_type", type: .text, .notNull)
            .column("resource_id", type: .text)
            .column("outcome", type: .text, .notNull)
            .column("source_address", type: .text)
            .column("request_id", type: .text)
            .column("detail", type: .text)
            .column("prev_hash", type: .text, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await sql.create(index: "audit_log_client").on("audit_log").column("client").run()
        // The head of the chain: one row, locked by each append so entries are numbered without gaps or forks.
        try await sql.create(table: "audit_head")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("seq", type: .bigint, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await sql.insert(into: "audit_head").columns("id", "seq", "hash").values(SQLBind(1), SQLBind(0), SQLBind("")).run()
        try await sql.create(table: "data_keys")
            .column("version", type: .bigint, .primaryKey(autoIncrement: false))
            .column("wrapped", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("retired_at", type: .bigint)
            .run()
        try await sql.create(table: "outbox")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("recipient", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("sent_at", type: .bigint)
            .column("attempts", type: .bigint, .notNull, .default(0))
            .run()
        // Append-only: the database itself refuses to change or remove audit entries.
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """
            ).run()
            try await sql.raw(
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
            ).run()
        } else {
            try await sql.raw(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            ).run()
            try await sql.raw(
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            ).run()
        }
    }
}
