import Foundation
import SQLKit

/// The audit chain's head follows each new entry inside the database: an insert into `audit_log` sets
/// `audit_head.hash` to the entry's hash, so an append is two statements (take the next number, insert the entry)
/// instead of three. The head is still locked by the first statement until the transaction ends, as before.
struct M012AuditHead: Migration {
    let number = 12
    let name = "audit-head-follows-inserts"

    func prepare(on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE FUNCTION audit_log_head_follows() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE audit_head SET hash = NEW.hash WHERE id = 1; RETURN NULL; END $$
                """
            ).run()
            try await sql.raw(
                "CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_head_follows()"
            ).run()
        } else {
            try await sql.raw(
                "CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log BEGIN UPDATE audit_head SET hash = NEW.hash WHERE id = 1; END"
            ).run()
        }
    }
}
