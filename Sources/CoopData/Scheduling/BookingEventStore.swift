import CoopDomain
import Foundation
import SQLKit

/// A change to a client's sessions waiting for its emails: written in the booking's own transaction (one small row, so
/// a booking stays fast and no email is lost on a crash), turned into emails by the scheduler's next tick. It keeps
/// the session as it was at that moment, so the email tells what happened even if the session changed again since.
public struct BookingEvent: Sendable, Equatable {
    /// The row's id.
    public var id: String
    /// Events written together (a series, or "this and all following") share a batch and make one email.
    public var batch: String
    /// `booked`, `moved` or `cancelled`.
    public var change: String
    /// The session as it was just after the change (its late-cancellation fee in `cancellation`).
    public var appointment: Appointment
    /// The old start of a single session moved.
    public var previousStart: Date?
    /// Who made the change (nil from the terminal).
    public var actor: MemberID?
    /// When.
    public var at: Date
}

/// Booking events in SQL (`booking_events`, M018).
public struct BookingEventStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Records one change of `sessions` (one batch), in the caller's transaction.
    public func record(change: String, sessions: [Appointment], previousStart: Date?, actor: MemberID?, now: Date, sql: any SQLDatabase) async throws {
        let batch = UUID().uuidString.lowercased()
        for session in sessions {
            try await sql.raw(
                """
                INSERT INTO booking_events (id, batch, kind, appointment_id, therapist_id, client_id, start_at, end_at, status, sequence, \
                delivery, fee_cents, previous_start, actor_id, created_at) VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: batch), \
                \(bind: change), \(bind: session.id.rawValue), \(bind: session.therapist.rawValue), \(bind: session.client.rawValue), \
                \(bind: Clock.milliseconds(session.slot.start)), \(bind: Clock.milliseconds(session.slot.end)), \(bind: session.status.rawValue), \
                \(bind: session.sequence), \(bind: session.delivery.rawValue), \(bind: Int64(session.cancellation?.fee.cents ?? 0)), \
                \(bind: previousStart.map(Clock.milliseconds)), \(bind: actor?.rawValue), \(bind: Clock.milliseconds(now)))
                """
            ).run()
        }
    }

    /// The oldest waiting events, at most `limit`, in the order they were written.
    public func pending(limit: Int, sql: any SQLDatabase) async throws -> [BookingEvent] {
        try await sql.raw("SELECT * FROM booking_events ORDER BY created_at, batch, start_at LIMIT \(bind: limit)").all().map { row in
            guard let id = AppointmentID(rawValue: try row.decode(column: "appointment_id", as: String.self)),
                let therapist = MemberID(rawValue: try row.decode(column: "therapist_id", as: String.self)),
                let client = MemberID(rawValue: try row.decode(column: "client_id", as: String.self))
            else { throw DatabaseError.notMigrated }
            let start = Clock.date(try row.decode(column: "start_at", as: Int64.self))
            var appointment = Appointment(
                id: id, therapist: therapist, client: client,
                slot: try Slot(start: start, end: Clock.date(try row.decode(column: "end_at", as: Int64.self))),
                // The client's state is not kept: no email or invitation shows it.
                status: AppointmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .booked, clientState: .CA,
                delivery: Delivery(rawValue: try row.decode(column: "delivery", as: String.self)) ?? .telehealth,
                sequence: try row.decode(column: "sequence", as: Int.self)
            )
            let fee = try row.decode(column: "fee_cents", as: Int64.self)
            if fee > 0 { appointment.cancellation = CancellationRecord(at: start, by: .client, timing: .late, fee: Money(cents: Int(fee))) }
            return BookingEvent(
                id: try row.decode(column: "id", as: String.self), batch: try row.decode(column: "batch", as: String.self),
                change: try row.decode(column: "kind", as: String.self), appointment: appointment,
                previousStart: try row.decode(column: "previous_start", as: Int64?.self).map(Clock.date),
                actor: try row.decode(column: "actor_id", as: String?.self).flatMap(MemberID.init(rawValue:)),
                at: Clock.date(try row.decode(column: "created_at", as: Int64.self))
            )
        }
    }

    /// Makes the booked events of `sessions` (written by the insert trigger, one batch each) one batch: a series is one
    /// email.
    public func group(_ sessions: [AppointmentID], sql: any SQLDatabase) async throws {
        guard sessions.count > 1 else { return }
        try await sql.update("booking_events").set("batch", to: SQLBind(UUID().uuidString.lowercased()))
            .where("appointment_id", .in, sessions.map(\.rawValue)).where("kind", .equal, "booked").run()
    }

    /// Takes events for sending: deletes them and returns how many this caller removed. Two instances taking the same
    /// batch at once cannot both get it (on PostgreSQL the second waits for the first and then finds none).
    public func take(_ ids: [String], sql: any SQLDatabase) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await sql.delete(from: "booking_events").where("id", .in, ids).returning("id").all().count
    }
}
