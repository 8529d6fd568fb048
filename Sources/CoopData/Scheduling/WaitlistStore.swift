import CoopDomain
import Foundation
import SQLKit

/// A waitlist entry as stored: the pure entry, the extra constraints, and when it was left.
public struct WaitlistRecord: Sendable, Equatable {
    public var entry: WaitlistEntry
    public var constraints: WaitlistConstraints
    public var leftAt: Date?

    public init(entry: WaitlistEntry, constraints: WaitlistConstraints, leftAt: Date? = nil) {
        self.entry = entry
        self.constraints = constraints
        self.leftAt = leftAt
    }
}

/// Where an offer stands.
public enum OfferStatus: String, Sendable, Equatable, CaseIterable {
    case open, accepted, declined, expired, withdrawn
}

/// A freed time offered to one waiting client, held by the `proposed` appointment `hold`.
public struct WaitlistOffer: Sendable, Equatable {
    public var id: String
    public var entry: WaitlistEntryID
    public var client: MemberID
    public var therapist: MemberID
    public var hold: AppointmentID
    public var slot: Slot
    public var status: OfferStatus
    public var offeredAt: Date
    public var expiresAt: Date
    public var answeredAt: Date?

    public init(
        id: String, entry: WaitlistEntryID, client: MemberID, therapist: MemberID, hold: AppointmentID, slot: Slot, status: OfferStatus,
        offeredAt: Date, expiresAt: Date, answeredAt: Date? = nil
    ) {
        self.id = id
        self.entry = entry
        self.client = client
        self.therapist = therapist
        self.hold = hold
        self.slot = slot
        self.status = status
        self.offeredAt = offeredAt
        self.expiresAt = expiresAt
        self.answeredAt = answeredAt
    }
}

/// Waitlist entries and offers.
public struct WaitlistStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Adds an entry.
    public func insert(_ record: WaitlistRecord, sql: any SQLDatabase) async throws {
        let entry = record.entry, constraints = record.constraints
        try await sql.insert(into: "waitlist_entries")
            .columns(
                "id", "client_id", "therapist_id", "state", "language", "windows", "zone", "needs_sliding_scale", "modality", "delivery",
                "earliest", "latest", "joined_at"
            )
            .values(
                SQLBind(entry.id.rawValue), SQLBind(entry.client.rawValue), SQLBind(entry.therapist?.rawValue), SQLBind(entry.state.code),
                SQLBind(entry.language?.tag), SQLBind(Self.encode(entry.windows)), SQLBind(entry.zone.identifier),
                SQLBind(entry.needsSlidingScale ? 1 : 0), SQLBind(constraints.modality.rawValue), SQLBind(constraints.delivery.rawValue),
                SQLBind(constraints.earliest?.description), SQLBind(constraints.latest?.description), SQLBind(Clock.milliseconds(entry.joinedAt))
            )
            .run()
    }

    /// Marks an entry as left; false when it was not active.
    public func leave(_ id: WaitlistEntryID, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.update("waitlist_entries").set("left_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, id.rawValue).where("left_at", .is, SQLLiteral.null)
            .returning("id").all()
        return !rows.isEmpty
    }

    /// One entry (active or not), or nil.
    public func find(_ id: WaitlistEntryID, sql: any SQLDatabase) async throws -> WaitlistRecord? {
        try await sql.select().column("*").from("waitlist_entries").where("id", .equal, id.rawValue).first().map(Self.record)
    }

    /// Every active entry, by join time (then id).
    public func active(sql: any SQLDatabase) async throws -> [WaitlistRecord] {
        try await sql.select().column("*").from("waitlist_entries").where("left_at", .is, SQLLiteral.null)
            .orderBy("joined_at").orderBy("id").all().map(Self.record)
    }

    /// A client's active entries.
    public func active(client: MemberID, sql: any SQLDatabase) async throws -> [WaitlistRecord] {
        try await active(sql: sql).filter { $0.entry.client == client }
    }

    // MARK: Offers

    /// Records a new open offer.
    public func insert(_ offer: WaitlistOffer, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "waitlist_offers")
            .columns("id", "entry_id", "client_id", "therapist_id", "hold_id", "start_at", "end_at", "status", "offered_at", "expires_at")
            .values(
                SQLBind(offer.id), SQLBind(offer.entry.rawValue), SQLBind(offer.client.rawValue), SQLBind(offer.therapist.rawValue),
                SQLBind(offer.hold.rawValue), SQLBind(Clock.milliseconds(offer.slot.start)), SQLBind(Clock.milliseconds(offer.slot.end)),
                SQLBind(offer.status.rawValue), SQLBind(Clock.milliseconds(offer.offeredAt)), SQLBind(Clock.milliseconds(offer.expiresAt))
            )
            .run()
    }

    /// Moves an open offer to `status`; false when it was no longer open (someone answered or expired it first).
    /// The conditional update is the race guard: of two concurrent answers only one sees the row still open.
    public func close(_ id: String, as status: OfferStatus, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.update("waitlist_offers")
            .set("status", to: SQLBind(status.rawValue)).set("answered_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, id).where("status", .equal, OfferStatus.open.rawValue)
            .returning("id").all()
        return !rows.isEmpty
    }

    /// One offer, or nil.
    public func offer(_ id: String, sql: any SQLDatabase) async throws -> WaitlistOffer? {
        try await sql.select().column("*").from("waitlist_offers").where("id", .equal, id).first().map(Self.offer)
    }

    /// Open offers, soonest expiry first.
    public func openOffers(sql: any SQLDatabase) async throws -> [WaitlistOffer] {
        try await sql.select().column("*").from("waitlist_offers").where("status", .equal, OfferStatus.open.rawValue)
            .orderBy("expires_at").all().map(Self.offer)
    }

    /// Every offer made with one hold, oldest first.
    public func offers(hold: AppointmentID, sql: any SQLDatabase) async throws -> [WaitlistOffer] {
        try await sql.select().column("*").from("waitlist_offers").where("hold_id", .equal, hold.rawValue)
            .orderBy("offered_at").all().map(Self.offer)
    }

    /// A client's offers, newest first.
    public func offers(client: MemberID, sql: any SQLDatabase) async throws -> [WaitlistOffer] {
        try await sql.select().column("*").from("waitlist_offers").where("client_id", .equal, client.rawValue)
            .orderBy("offered_at", .descending).all().map(Self.offer)
    }

    // MARK: Holds

    /// Gives a hold (a `proposed` appointment) to another client, keeping its claimed time.
    public func reassignHold(_ hold: AppointmentID, to client: MemberID, state: USState, now: Date, sql: any SQLDatabase) async throws {
        try await sql.update("appointments").set("client_id", to: SQLBind(client.rawValue)).set("client_state", to: SQLBind(state.code))
            .set("updated_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, hold.rawValue).where("status", .equal, AppointmentStatus.proposed.rawValue).run()
    }

    /// Turns a hold into a booking for its client; false unless it was still a hold for `client`.
    public func confirmHold(_ hold: AppointmentID, client: MemberID, delivery: Delivery, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.update("appointments")
            .set("status", to: SQLBind(AppointmentStatus.booked.rawValue)).set("delivery", to: SQLBind(delivery.rawValue))
            .set("updated_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, hold.rawValue).where("status", .equal, AppointmentStatus.proposed.rawValue)
            .where("client_id", .equal, client.rawValue)
            .returning("id").all()
        return !rows.isEmpty
    }

    /// Removes a hold nobody took, freeing its time (the trigger of `M019ClaimsByTime` releases its claims).
    public func releaseHold(_ hold: AppointmentID, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "appointments").where("id", .equal, hold.rawValue)
            .where("status", .equal, AppointmentStatus.proposed.rawValue).run()
    }

    // MARK: Rows

    static func encode(_ windows: [WaitlistWindow]) -> String {
        windows.map { "\($0.weekday.rawValue) \($0.start)-\($0.end)" }.joined(separator: ";")
    }

    static func decode(_ text: String) throws -> [WaitlistWindow] {
        try text.split(separator: ";").map { part in
            let pieces = part.split(separator: " ")
            let times = pieces.count == 2 ? pieces[1].split(separator: "-") : []
            guard pieces.count == 2, times.count == 2, let number = Int(pieces[0]), let weekday = Weekday(rawValue: number) else {
                throw DatabaseError.notMigrated
            }
            return try WaitlistWindow(weekday, LocalTime(String(times[0])), LocalTime(String(times[1])))
        }
    }

    static func record(_ row: any SQLRow) throws -> WaitlistRecord {
        guard let id = WaitlistEntryID(rawValue: try row.decode(column: "id", as: String.self)),
            let client = MemberID(rawValue: try row.decode(column: "client_id", as: String.self))
        else { throw DatabaseError.notMigrated }
        let entry = WaitlistEntry(
            id: id, client: client, joinedAt: Clock.date(try row.decode(column: "joined_at", as: Int64.self)),
            therapist: try row.decode(column: "therapist_id", as: String?.self).flatMap(MemberID.init(rawValue:)),
            state: try USState(code: row.decode(column: "state", as: String.self)),
            language: try row.decode(column: "language", as: String?.self).map { try LanguageCode($0) },
            windows: try decode(row.decode(column: "windows", as: String.self)),
            zone: try IANATimeZone(row.decode(column: "zone", as: String.self)),
            needsSlidingScale: try row.decode(column: "needs_sliding_scale", as: Int.self) != 0
        )
        let constraints = try WaitlistConstraints(
            earliest: try row.decode(column: "earliest", as: String?.self).map { try LocalDate($0) },
            latest: try row.decode(column: "latest", as: String?.self).map { try LocalDate($0) },
            modality: Modality(rawValue: try row.decode(column: "modality", as: String.self)) ?? .individual,
            delivery: Delivery(rawValue: try row.decode(column: "delivery", as: String.self)) ?? .telehealth
        )
        return WaitlistRecord(entry: entry, constraints: constraints, leftAt: try row.decode(column: "left_at", as: Int64?.self).map(Clock.date))
    }

    static func offer(_ row: any SQLRow) throws -> WaitlistOffer {
        guard let entry = WaitlistEntryID(rawValue: try row.decode(column: "entry_id", as: String.self)),
            let client = MemberID(rawValue: try row.decode(column: "client_id", as: String.self)),
            let therapist = MemberID(rawValue: try row.decode(column: "therapist_id", as: String.self)),
            let hold = AppointmentID(rawValue: try row.decode(column: "hold_id", as: String.self))
        else { throw DatabaseError.notMigrated }
        return WaitlistOffer(
            id: try row.decode(column: "id", as: String.self), entry: entry, client: client, therapist: therapist, hold: hold,
            slot: try Slot(start: Clock.date(row.decode(column: "start_at", as: Int64.self)), end: Clock.date(row.decode(column: "end_at", as: Int64.self))),
            status: OfferStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .withdrawn,
            offeredAt: Clock.date(try row.decode(column: "offered_at", as: Int64.self)),
            expiresAt: Clock.date(try row.decode(column: "expires_at", as: Int64.self)),
            answeredAt: try row.decode(column: "answered_at", as: Int64?.self).map(Clock.date)
        )
    }
}
