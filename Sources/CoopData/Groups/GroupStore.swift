import CoopDomain
import Foundation
import SQLKit

/// A group session or workshop as stored, with its seat counts.
public struct GroupSessionRecord: Sendable, Equatable {
    public var id: GroupSessionID
    public var kind: GroupKind
    public var title: String
    public var description: String
    public var facilitator: MemberID
    /// The facilitator's name (filled on load).
    public var facilitatorName: String
    public var start: Date
    public var end: Date
    public var seats: Int
    /// Online (true) or in person.
    public var online: Bool
    public var cancelled: Bool
    /// Confirmed registrations (filled on load).
    public var confirmedCount: Int
    /// Waiting registrations (filled on load).
    public var waitlistCount: Int

    /// Creates a record.
    public init(
        id: GroupSessionID, kind: GroupKind, title: String, description: String, facilitator: MemberID, facilitatorName: String = "",
        start: Date, end: Date, seats: Int, online: Bool, cancelled: Bool = false, confirmedCount: Int = 0, waitlistCount: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.description = description
        self.facilitator = facilitator
        self.facilitatorName = facilitatorName
        self.start = start
        self.end = end
        self.seats = seats
        self.online = online
        self.cancelled = cancelled
        self.confirmedCount = confirmedCount
        self.waitlistCount = waitlistCount
    }

    /// Seats not yet taken.
    public var seatsLeft: Int { max(0, seats - confirmedCount) }
}

/// One registration as stored.
public struct GroupRegistrationRecord: Sendable, Equatable {
    public var id: RegistrationID
    public var session: GroupSessionID
    /// The member, nil for a workshop guest.
    public var member: MemberID?
    /// The name shown on the roster (a chosen name in peer support when `chosen`).
    public var name: String
    public var chosen: Bool
    /// A guest's email (workshops); members are written to at their account's address.
    public var email: String?
    public var language: Language
    public var status: GroupRegistration.Status
    public var attendance: GroupRegistration.Attendance
    public var registeredAt: Date

    /// Creates a record.
    public init(
        id: RegistrationID, session: GroupSessionID, member: MemberID?, name: String, chosen: Bool, email: String?, language: Language,
        status: GroupRegistration.Status, attendance: GroupRegistration.Attendance = .notRecorded, registeredAt: Date
    ) {
        self.id = id
        self.session = session
        self.member = member
        self.name = name
        self.chosen = chosen
        self.email = email
        self.language = language
        self.status = status
        self.attendance = attendance
        self.registeredAt = registeredAt
    }
}

/// Group sessions, workshops and their registrations. A confirmed registration holds a numbered seat in
/// `group_seats`; the primary key there is what stops two registrations taking the last seat.
public struct GroupStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Inserts a new session.
    public func insert(_ session: GroupSessionRecord, now: Date, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "group_sessions")
            .columns("id", "kind", "title", "description", "facilitator_id", "start_at", "end_at", "seats", "online", "cancelled", "created_at")
            .values(
                SQLBind(session.id.rawValue), SQLBind(session.kind.rawValue), SQLBind(session.title), SQLBind(session.description),
                SQLBind(session.facilitator.rawValue), SQLBind(Clock.milliseconds(session.start)), SQLBind(Clock.milliseconds(session.end)),
                SQLBind(session.seats), SQLBind(session.online ? 1 : 0), SQLBind(session.cancelled ? 1 : 0), SQLBind(Clock.milliseconds(now))
            )
            .run()
    }

    /// One session with its counts, or nil.
    public func session(_ id: GroupSessionID, sql: any SQLDatabase) async throws -> GroupSessionRecord? {
        try await sessions("s.id = \(bind: id.rawValue)", sql: sql).first
    }

    /// Sessions of `kinds` that have not ended by `now`, soonest first.
    public func upcoming(_ kinds: [GroupKind], now: Date, sql: any SQLDatabase) async throws -> [GroupSessionRecord] {
        guard !kinds.isEmpty else { return [] }
        let list = SQLQueryString(kinds.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        return try await sessions("s.kind IN (\(list)) AND s.end_at > \(bind: Clock.milliseconds(now)) AND s.cancelled = 0", sql: sql)
    }

    /// Sessions led by `facilitator` or with a live registration of `member`, soonest first (past ones included).
    public func involving(_ member: MemberID, sql: any SQLDatabase) async throws -> [GroupSessionRecord] {
        try await sessions(
            """
            (s.facilitator_id = \(bind: member.rawValue) OR s.id IN (SELECT session_id FROM group_registrations \
            WHERE member_id = \(bind: member.rawValue) AND status <> 'cancelled'))
            """,
            sql: sql
        )
    }

    private func sessions(_ condition: SQLQueryString, sql: any SQLDatabase) async throws -> [GroupSessionRecord] {
        let query: SQLQueryString = """
            SELECT s.*, m.display_name,
            (SELECT COUNT(*) FROM group_registrations r WHERE r.session_id = s.id AND r.status = 'confirmed') AS confirmed_count,
            (SELECT COUNT(*) FROM group_registrations r WHERE r.session_id = s.id AND r.status = 'waitlisted') AS waitlist_count
            FROM group_sessions s JOIN members m ON m.id = s.facilitator_id WHERE \(condition) ORDER BY s.start_at, s.id
            """
        return try await sql.raw(query).all().map { row in
            guard let id = GroupSessionID(rawValue: try row.decode(column: "id", as: String.self)),
                let kind = GroupKind(rawValue: try row.decode(column: "kind", as: String.self)),
                let facilitator = MemberID(rawValue: try row.decode(column: "facilitator_id", as: String.self))
            else { throw DatabaseError.notMigrated }
            return GroupSessionRecord(
                id: id, kind: kind, title: try row.decode(column: "title", as: String.self),
                description: try row.decode(column: "description", as: String.self), facilitator: facilitator,
                facilitatorName: try row.decode(column: "display_name", as: String.self),
                start: Clock.date(try row.decode(column: "start_at", as: Int64.self)), end: Clock.date(try row.decode(column: "end_at", as: Int64.self)),
                seats: try row.decode(column: "seats", as: Int.self), online: try row.decode(column: "online", as: Int.self) != 0,
                cancelled: try row.decode(column: "cancelled", as: Int.self) != 0,
                confirmedCount: try row.decode(column: "confirmed_count", as: Int.self), waitlistCount: try row.decode(column: "waitlist_count", as: Int.self)
            )
        }
    }

    /// Every registration of a session in order of arrival.
    public func registrations(_ session: GroupSessionID, sql: any SQLDatabase) async throws -> [GroupRegistrationRecord] {
        try await sql.raw("SELECT * FROM group_registrations WHERE session_id = \(bind: session.rawValue) ORDER BY queue, id").all().map(Self.registration)
    }

    /// The live (not cancelled) registration of `member` for a session, or nil.
    public func liveRegistration(_ session: GroupSessionID, member: MemberID, sql: any SQLDatabase) async throws -> GroupRegistrationRecord? {
        try await sql.raw(
            "SELECT * FROM group_registrations WHERE session_id = \(bind: session.rawValue) AND member_id = \(bind: member.rawValue) AND status <> 'cancelled'"
        ).first().map(Self.registration)
    }

    /// Whether a live registration with `email` exists for a session.
    public func hasLiveRegistration(_ session: GroupSessionID, email: String, sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw(
            "SELECT id FROM group_registrations WHERE session_id = \(bind: session.rawValue) AND email = \(bind: email) AND status <> 'cancelled'"
        ).first() != nil
    }

    /// The registration a cancel link's token belongs to, or nil.
    public func registration(cancelToken token: String, sql: any SQLDatabase) async throws -> GroupRegistrationRecord? {
        try await sql.select().column("*").from("group_registrations").where("cancel_token_hash", .equal, SecretToken.hash(token)).first().map(Self.registration)
    }

    /// Inserts a registration as waiting; `claimSeat` then confirms it if a seat is free.
    public func insert(_ registration: GroupRegistrationRecord, cancelToken: String?, sql: any SQLDatabase) async throws {
        let queue = try await sql.raw("SELECT COALESCE(MAX(queue), 0) + 1 AS next FROM group_registrations WHERE session_id = \(bind: registration.session.rawValue)")
            .first()?.decode(column: "next", as: Int.self) ?? 1
        try await sql.insert(into: "group_registrations")
            .columns(
                "id", "session_id", "member_id", "name", "chosen", "email", "language", "status", "attendance", "registered_at", "queue", "cancel_token_hash"
            )
            .values(
                SQLBind(registration.id.rawValue), SQLBind(registration.session.rawValue), SQLBind(registration.member?.rawValue),
                SQLBind(registration.name), SQLBind(registration.chosen ? 1 : 0), SQLBind(registration.email), SQLBind(registration.language.rawValue),
                SQLBind(GroupRegistration.Status.waitlisted.rawValue), SQLBind(registration.attendance.rawValue),
                SQLBind(Clock.milliseconds(registration.registeredAt)), SQLBind(queue), SQLBind(cancelToken.map(SecretToken.hash))
            )
            .run()
    }

    /// Gives `registration` the lowest free seat of the session's `seats` and marks it confirmed; false (and nothing
    /// changed) when every seat is held. A seat claimed by a concurrent transaction comes back missing (PostgreSQL waits
    /// for the other transaction first), so two registrations can never hold the same seat.
    public func claimSeat(_ registration: RegistrationID, session: GroupSessionID, seats: Int, sql: any SQLDatabase) async throws -> Bool {
        let taken = Set(
            try await sql.select().column("seat").from("group_seats").where("session_id", .equal, session.rawValue).all()
                .map { try $0.decode(column: "seat", as: Int.self) }
        )
        guard seats > 0 else { return false }
        for seat in 1...seats where !taken.contains(seat) {
            let claimed = try await sql.insert(into: "group_seats").columns("session_id", "seat", "registration_id")
                .values(SQLBind(session.rawValue), SQLBind(seat), SQLBind(registration.rawValue))
                .ignoringConflicts().returning("seat").all()
            guard !claimed.isEmpty else { continue }
            try await setStatus(registration, .confirmed, sql: sql)
            return true
        }
        return false
    }

    /// Cancels a registration and frees its seat.
    public func cancel(_ registration: RegistrationID, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "group_seats").where("registration_id", .equal, registration.rawValue).run()
        try await setStatus(registration, .cancelled, sql: sql)
    }

    /// Sets attendance.
    public func setAttendance(_ registration: RegistrationID, _ attendance: GroupRegistration.Attendance, sql: any SQLDatabase) async throws {
        try await sql.update("group_registrations").set("attendance", to: attendance.rawValue).where("id", .equal, registration.rawValue).run()
    }

    private func setStatus(_ registration: RegistrationID, _ status: GroupRegistration.Status, sql: any SQLDatabase) async throws {
        try await sql.update("group_registrations").set("status", to: status.rawValue).where("id", .equal, registration.rawValue).run()
    }

    static func registration(_ row: any SQLRow) throws -> GroupRegistrationRecord {
        guard let id = RegistrationID(rawValue: try row.decode(column: "id", as: String.self)),
            let session = GroupSessionID(rawValue: try row.decode(column: "session_id", as: String.self))
        else { throw DatabaseError.notMigrated }
        return GroupRegistrationRecord(
            id: id, session: session, member: try row.decode(column: "member_id", as: String?.self).flatMap(MemberID.init(rawValue:)),
            name: try row.decode(column: "name", as: String.self), chosen: try row.decode(column: "chosen", as: Int.self) != 0,
            email: try row.decode(column: "email", as: String?.self),
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .english,
            status: GroupRegistration.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
            attendance: GroupRegistration.Attendance(rawValue: try row.decode(column: "attendance", as: String.self)) ?? .notRecorded,
            registeredAt: Clock.date(try row.decode(column: "registered_at", as: Int64.self))
        )
    }
}
