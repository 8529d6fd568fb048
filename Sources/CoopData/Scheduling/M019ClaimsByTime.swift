import Foundation
import SQLKit

/// The time claims (`booked_slots`) are found by their therapist and time only. Each booking claims a row per
/// five-minute unit (twelve for a 50-minute session with a 10-minute buffer), and the index by appointment put each of
/// those rows at a random place in a tree of its own: two trees more written in every booking's commit. Now:
/// - SQLite keeps the claims in their primary key's tree alone (`WITHOUT ROWID`);
/// - a booking's claims are released by their therapist and a time range around the booking (its own rows only), so
///   the index by appointment and the foreign key to the appointment (which needs that index) are gone;
/// - a deleted appointment (a waitlist hold nobody took) releases its claims by a trigger, as the cascade did.
struct M019ClaimsByTime: Migration {
    let number = 19
    let name = "claims-by-time"

    /// How far before a booking's start its first claimed unit can lie: the longest buffer (240 minutes) and the
    /// rounding down to the five-minute grid.
    static let reachBeforeMilliseconds: Int64 = (240 + 5) * 60_000
    /// How far after a booking's end its last claimed unit can lie: the longest buffer.
    static let reachAfterMilliseconds: Int64 = 240 * 60_000

    func prepare(on sql: any SQLDatabase) async throws {
        let release = """
            DELETE FROM booked_slots WHERE therapist_id = OLD.therapist_id AND slot_start >= OLD.start_at - \(Self.reachBeforeMilliseconds) \
            AND slot_start < OLD.end_at + \(Self.reachAfterMilliseconds) AND appointment_id = OLD.id
            """
        if sql.dialect.name == "postgresql" {
            // A heap table with its primary key: only the foreign key to the appointment and its index go.
            let keys = try await sql.raw(
                """
                SELECT c.conname AS name FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
                WHERE c.conrelid = 'booked_slots'::regclass AND c.contype = 'f' AND a.attname = 'appointment_id'
                """
            ).all()
            for key in keys {
                let name = try key.decode(column: "name", as: String.self)
                try await sql.raw("ALTER TABLE booked_slots DROP CONSTRAINT \(ident: name)").run()
            }
            try await sql.raw("DROP INDEX IF EXISTS booked_slots_appointment").run()
            try await sql.raw(
                SQLQueryString("CREATE FUNCTION appointment_claims_released() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(release); RETURN NULL; END $$")
            ).run()
            try await sql.raw(
                "CREATE TRIGGER appointment_claims_released AFTER DELETE ON appointments FOR EACH ROW EXECUTE FUNCTION appointment_claims_released()"
            ).run()
        } else {
            try await sql.raw(
                """
                CREATE TABLE booked_slots_by_time (therapist_id TEXT NOT NULL REFERENCES therapist_profiles (member_id), \
                slot_start INTEGER NOT NULL, appointment_id TEXT NOT NULL, PRIMARY KEY (therapist_id, slot_start)) WITHOUT ROWID
                """
            ).run()
            try await sql.raw(
                "INSERT INTO booked_slots_by_time (therapist_id, slot_start, appointment_id) SELECT therapist_id, slot_start, appointment_id FROM booked_slots"
            ).run()
            try await sql.raw("DROP TABLE booked_slots").run()
            try await sql.raw("ALTER TABLE booked_slots_by_time RENAME TO booked_slots").run()
            try await sql.raw(SQLQueryString("CREATE TRIGGER appointment_claims_released AFTER DELETE ON appointments BEGIN \(release); END")).run()
        }
    }
}
