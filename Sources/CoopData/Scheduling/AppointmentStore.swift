import CoopDomain
import Foundation
import SQLKit

/// Appointments, and the slot units each active one claims so the database itself refuses overlaps.
public struct AppointmentStore: Sendable {
    /// The claim grid: five minutes, the smallest session step. Two bookings whose times (with buffers) overlap
    /// always share at least one unit, so the `booked_slots` primary key lets only one of them in.
    public static let unitMilliseconds: Int64 = 5 * 60 * 1000

    /// Creates the store.
    public init() {}

    /// An appointment as stored, with who booked it and when it last changed.
    public struct Stored: Sendable, Equatable {
        public var appointment: Appointment
        public var bookedBy: String
        public var updatedAt: Date
    }

    /// Inserts `appointment` and claims the units of `footprint` (its time widened by the buffers).
    /// Throws `CareAccessError.slotJustTaken` when any unit is already held: the caller's transaction must roll back.
    public func insert(_ appointment: Appointment, footprint: Slot, bookedBy: MemberID?, now: Date, sql: any SQLDatabase) async throws {
        let at = Clock.milliseconds(now)
        // Plain SQL text: SQLKit's builders spend more time quoting identifiers than SQLite spends on the insert.
        let statement: SQLQueryString = """
            INSERT INTO appointments (id, therapist_id, client_id, booked_by, start_at, end_at, status, client_state, delivery, sequence, \
            created_at, updated_at) VALUES (\(bind: appointment.id.rawValue), \(bind: appointment.therapist.rawValue), \
            \(bind: appointment.client.rawValue), \(bind: bookedBy?.rawValue ?? "system"), \(bind: Clock.milliseconds(appointment.slot.start)), \
            \(bind: Clock.milliseconds(appointment.slot.end)), \(bind: appointment.status.rawValue), \(bind: appointment.clientState.code), \
            \(bind: appointment.delivery.rawValue), \(bind: appointment.sequence), \(bind: at), \(bind: at))
            """
        try await sql.raw(statement).run()
        try await claim(appointment, footprint: footprint, sql: sql)
    }

    /// Moves an appointment to its new slot: releases its old units and claims the new ones.
    public func reschedule(_ appointment: Appointment, footprint: Slot, now: Date, sql: any SQLDatabase) async throws {
        try await release(appointment.id, sql: sql)
        try await sql.update("appointments")
            .set("start_at", to: SQLBind(Clock.milliseconds(appointment.slot.start)))
            .set("end_at", to: SQLBind(Clock.milliseconds(appointment.slot.end)))
            .set("sequence", to: SQLBind(appointment.sequence))
            .set("updated_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, appointment.id.rawValue)
            .run()
        try await claim(appointment, footprint: footprint, sql: sql)
    }

    /// Records a session as missed (status `noshow`, the time and the fee). Its time stays claimed: it has passed.
    public func recordNoShow(_ appointment: Appointment, now: Date, sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE appointments SET status = \(bind: appointment.status.rawValue), noshow_at = \(bind: Clock.milliseconds(now)), \
            noshow_fee_cents = \(bind: appointment.noShowFee.map { Int64($0.cents) }), updated_at = \(bind: Clock.milliseconds(now)) \
            WHERE id = \(bind: appointment.id.rawValue)
            """
        ).run()
    }

    /// Records that the session's fee was waived (the fee itself stays on record).
    public func waiveFee(_ appointment: Appointment, now: Date, sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE appointments SET fee_waived_at = \(bind: appointment.feeWaiver.map { Clock.milliseconds($0.at) }), \
            fee_waived_by = \(bind: appointment.feeWaiver?.by?.rawValue), updated_at = \(bind: Clock.milliseconds(now)) \
            WHERE id = \(bind: appointment.id.rawValue)
            """
        ).run()
    }

    /// Records a cancellation and frees the time.
    public func cancel(_ appointment: Appointment, now: Date, sql: any SQLDatabase) async throws {
        try await release(appointment.id, sql: sql)
        let record = appointment.cancellation
        try await sql.update("appointments")
            .set("status", to: SQLBind(appointment.status.rawValue))
            .set("sequence", to: SQLBind(appointment.sequence))
            .set("cancelled_at", to: SQLBind(record.map { Clock.milliseconds($0.at) }))
            .set("cancelled_by", to: SQLBind(record?.by.rawValue))
            .set("cancel_timing", to: SQLBind(record?.timing.rawValue))
            .set("cancel_fee_cents", to: SQLBind(record.map { Int64($0.fee.cents) }))
            .set("updated_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, appointment.id.rawValue)
            .run()
    }

    /// One appointment, or nil.
    public func find(_ id: AppointmentID, sql: any SQLDatabase) async throws -> Stored? {
        try await sql.select().column("*").from("appointments").where("id", .equal, id.rawValue).first().map(Self.stored)
    }

    /// A therapist's appointments that overlap `from…to`, every status, by start.
    public func forTherapist(_ therapist: MemberID, from: Date, to: Date, sql: any SQLDatabase) async throws -> [Stored] {
        try await sql.raw(
            """
            SELECT * FROM appointments WHERE therapist_id = \(bind: therapist.rawValue) AND end_at > \(bind: Clock.milliseconds(from)) \
            AND start_at > \(bind: Clock.milliseconds(from) - Self.longestSessionMilliseconds) \
            AND start_at < \(bind: Clock.milliseconds(to)) ORDER BY start_at
            """
        ).all().map(Self.stored)
    }

    /// Longer than any session (`SessionSettings` allows 720 minutes): an appointment that ends after a time started
    /// less than this before it, so the index on (therapist, start) is read over that range only, not over the
    /// therapist's whole history (a year of sessions is a thousand rows).
    static let longestSessionMilliseconds: Int64 = 24 * 3_600_000

    /// The statuses that hold time, as an SQL list of literals (the enum's own raw values, never user input).
    private static let holdingStatuses = AppointmentStatus.allCases.filter(\.holdsTime).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The times `therapist`'s bookings hold between `from` and `to`, each naming its appointment: all that the booking
    /// rules need to know of the calendar, read without the rest of each row (a booking reads this every time).
    public func heldTimes(_ therapist: MemberID, from: Date, to: Date, sql: any SQLDatabase) async throws -> [BusyTime] {
        let statement: SQLQueryString = """
            SELECT id, start_at, end_at FROM appointments WHERE therapist_id = \(bind: therapist.rawValue) \
            AND end_at > \(bind: Clock.milliseconds(from)) AND start_at > \(bind: Clock.milliseconds(from) - Self.longestSessionMilliseconds) \
            AND start_at < \(bind: Clock.milliseconds(to)) \
            AND status IN (\(unsafeRaw: Self.holdingStatuses))
            """
        return try await sql.raw(statement).all().map { row in
            guard let id = AppointmentID(rawValue: try row.decode(column: "id", as: String.self)) else { throw DatabaseError.notMigrated }
            return try BusyTime(
                start: Clock.date(row.decode(column: "start_at", as: Int64.self)), end: Clock.date(row.decode(column: "end_at", as: Int64.self)),
                kind: .session, appointment: id
            )
        }
    }

    /// The busy times of every therapist who may hold a credential for `state` (the filter of
    /// `TherapistStore.stamps(licensedIn:sql:)`) between `from` and `to`, by therapist: what the directory search
    /// reads, named by the same condition instead of a list of 400 ids bound one by one.
    public func busyTimes(licensedIn state: USState, from: Date, to: Date, sql: any SQLDatabase) async throws -> [MemberID: [BusyTime]] {
        let statement: SQLQueryString = """
            SELECT therapist_id, start_at, end_at FROM appointments WHERE \(TherapistStore.Filter.licensedIn(state).condition("therapist_id")) \
            AND status IN (\(unsafeRaw: Self.holdingStatuses)) AND end_at > \(bind: Clock.milliseconds(from)) \
            AND start_at > \(bind: Clock.milliseconds(from) - Self.longestSessionMilliseconds) AND start_at < \(bind: Clock.milliseconds(to))
            """
        var grouped: [MemberID: [BusyTime]] = [:]
        for row in try await sql.raw(statement).all() {
            guard let therapist = MemberID(rawValue: try row.decode(column: "therapist_id", as: String.self)) else { throw DatabaseError.notMigrated }
            let busy = try BusyTime(
                start: Clock.date(row.decode(column: "start_at", as: Int64.self)), end: Clock.date(row.decode(column: "end_at", as: Int64.self))
            )
            grouped[therapist, default: []].append(busy)
        }
        // In time order, whichever index the database walked: the search's cache of first openings hashes this list.
        return grouped.mapValues { $0.sorted { ($0.start, $0.end) < ($1.start, $1.end) } }
    }

    /// A client's appointments, newest first.
    public func forClient(_ client: MemberID, sql: any SQLDatabase) async throws -> [Stored] {
        try await sql.select().column("*").from("appointments").where("client_id", .equal, client.rawValue)
            .orderBy("start_at", .descending).all().map(Self.stored)
    }

    /// Frees the time an appointment claims, found by its therapist and the range around its stored time (before that
    /// time is changed): its units lie within the longest buffers of it, and only its own rows in the range go.
    public func release(_ id: AppointmentID, sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            DELETE FROM booked_slots WHERE appointment_id = \(bind: id.rawValue) \
            AND therapist_id = (SELECT therapist_id FROM appointments WHERE id = \(bind: id.rawValue)) \
            AND slot_start >= (SELECT start_at FROM appointments WHERE id = \(bind: id.rawValue)) - \(bind: M019ClaimsByTime.reachBeforeMilliseconds) \
            AND slot_start < (SELECT end_at FROM appointments WHERE id = \(bind: id.rawValue)) + \(bind: M019ClaimsByTime.reachAfterMilliseconds)
            """
        ).run()
    }

    /// How many slot units are claimed for a therapist (tests check that cancelling frees them).
    public func claimedUnits(_ therapist: MemberID, sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT count(*) AS n FROM booked_slots WHERE therapist_id = \(bind: therapist.rawValue)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The claim-grid units `footprint` covers, rounded outwards.
    public static func units(of footprint: Slot) -> [Int64] {
        let start = Clock.milliseconds(footprint.start)
        let end = Clock.milliseconds(footprint.end)
        let first = Int64((Double(start) / Double(unitMilliseconds)).rounded(.down)) * unitMilliseconds
        return Array(stride(from: first, to: end, by: Int(unitMilliseconds)))
    }

    private func claim(_ appointment: Appointment, footprint: Slot, sql: any SQLDatabase) async throws {
        let units = Self.units(of: footprint)
        guard let first = units.first, let last = units.last else { return }
        // The units are counted out by the database from the first to the last (four values bound, not three per unit).
        // ON CONFLICT DO NOTHING … RETURNING (SQLite ≥ 3.35 and PostgreSQL): a unit someone else holds comes back
        // missing instead of aborting the statement, so the answer is a clear "just taken" rather than a raw error.
        // On PostgreSQL a concurrent claim of the same unit waits for the other transaction and then comes back missing.
        // (`WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join in the SELECT.)
        let insert: SQLQueryString = """
            WITH RECURSIVE units (slot_start) AS (SELECT CAST(\(bind: first) AS BIGINT) UNION ALL \
            SELECT slot_start + \(unsafeRaw: String(Self.unitMilliseconds)) FROM units WHERE slot_start < CAST(\(bind: last) AS BIGINT)) \
            INSERT INTO booked_slots (therapist_id, slot_start, appointment_id) \
            SELECT \(bind: appointment.therapist.rawValue), slot_start, \(bind: appointment.id.rawValue) FROM units WHERE true \
            ON CONFLICT DO NOTHING RETURNING slot_start
            """
        let claimed = try await sql.raw(insert).all()
        guard claimed.count == units.count else { throw CareAccessError.slotJustTaken }
    }

    static func stored(_ row: any SQLRow) throws -> Stored {
        guard let id = AppointmentID(rawValue: try row.decode(column: "id", as: String.self)),
            let therapist = MemberID(rawValue: try row.decode(column: "therapist_id", as: String.self)),
            let client = MemberID(rawValue: try row.decode(column: "client_id", as: String.self))
        else { throw DatabaseError.notMigrated }
        var appointment = Appointment(
            id: id, therapist: therapist, client: client,
            slot: try Slot(start: Clock.date(row.decode(column: "start_at", as: Int64.self)), end: Clock.date(row.decode(column: "end_at", as: Int64.self))),
            status: AppointmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .booked,
            clientState: try USState(code: row.decode(column: "client_state", as: String.self)),
            delivery: Delivery(rawValue: try row.decode(column: "delivery", as: String.self)) ?? .telehealth,
            sequence: try row.decode(column: "sequence", as: Int.self)
        )
        appointment.noShowFee = try row.decode(column: "noshow_fee_cents", as: Int64?.self).map { Money(cents: Int($0)) }
        if let waivedAt = try row.decode(column: "fee_waived_at", as: Int64?.self) {
            let by = try row.decode(column: "fee_waived_by", as: String?.self).flatMap(MemberID.init(rawValue:))
            appointment.feeWaiver = FeeWaiver(at: Clock.date(waivedAt), by: by)
        }
        if let cancelledAt = try row.decode(column: "cancelled_at", as: Int64?.self) {
            appointment.cancellation = CancellationRecord(
                at: Clock.date(cancelledAt),
                by: CancelledBy(rawValue: try row.decode(column: "cancelled_by", as: String?.self) ?? "") ?? .client,
                timing: CancellationTiming(rawValue: try row.decode(column: "cancel_timing", as: String?.self) ?? "") ?? .onTime,
                fee: Money(cents: Int(try row.decode(column: "cancel_fee_cents", as: Int64?.self) ?? 0))
            )
        }
        return Stored(
            appointment: appointment, bookedBy: try row.decode(column: "booked_by", as: String.self),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
