import Foundation
import SQLKit

/// Changes to clients' sessions waiting for their emails (booked, moved, cancelled), written in the change's own
/// transaction and turned into outbox emails by the scheduler. A booking's event is written by a trigger on the
/// appointment's insert, inside the database, so the booking path has no statement more; moves and cancellations
/// write theirs with the change.
struct M018BookingEvents: Migration {
    let number = 18
    let name = "booking-events"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "booking_events")
            // Not a key: a booking then appends a row instead of placing a random id in a key's tree.
            .column("id", type: .text, .notNull)
            .column("batch", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("appointment_id", type: .text, .notNull)
            .column("therapist_id", type: .text, .notNull)
            .column("client_id", type: .text, .notNull)
            .column("start_at", type: .bigint, .notNull)
            .column("end_at", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("sequence", type: .int, .notNull)
            .column("delivery", type: .text, .notNull)
            .column("fee_cents", type: .bigint, .notNull)
            .column("previous_start", type: .bigint)
            .column("actor_id", type: .text)
            .column("created_at", type: .bigint, .notNull)
            .run()
        // No index at all: the scheduler drains the table every tick, and each booking would pay for every index.
        // Only a booked session (a waitlist hold is `proposed`: accepting it writes its own event).
        let values = """
            (NEW.id, NEW.id, 'booked', NEW.id, NEW.therapist_id, NEW.client_id, NEW.start_at, NEW.end_at, NEW.status, NEW.sequence, \
            NEW.delivery, 0, NULL, NEW.booked_by, NEW.created_at)
            """
        let insert = """
            INSERT INTO booking_events (id, batch, kind, appointment_id, therapist_id, client_id, start_at, end_at, status, sequence, \
            delivery, fee_cents, previous_start, actor_id, created_at) VALUES \(values)
            """
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                SQLQueryString("CREATE FUNCTION appointment_booked_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(insert); RETURN NULL; END $$")
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER appointment_booked AFTER INSERT ON appointments FOR EACH ROW WHEN (NEW.status = 'booked') \
                EXECUTE FUNCTION appointment_booked_event()
                """
            ).run()
        } else {
            try await sql.raw(
                SQLQueryString("CREATE TRIGGER appointment_booked AFTER INSERT ON appointments WHEN NEW.status = 'booked' BEGIN \(insert); END")
            ).run()
        }
    }
}
