import CoopDomain
import Foundation
import SQLKit

/// Why and when a session was called off.
public struct GroupCancellationRecord: Sendable, Equatable {
    public var session: GroupSessionID
    /// Possibly empty.
    public var reason: String
    public var cancelledBy: MemberID?
    public var cancelledAt: Date

    public init(session: GroupSessionID, reason: String, cancelledBy: MemberID?, cancelledAt: Date) {
        self.session = session
        self.reason = reason
        self.cancelledBy = cancelledBy
        self.cancelledAt = cancelledAt
    }
}

/// Recurring group series (which sessions belong together), changes to a session's details, and cancellations
/// (the session is marked, never deleted: its registrations and attendance stay).
public struct GroupSeriesStore: Sendable {
    public init() {}

    /// Links `sessions` (in meeting order) as one series.
    public func insertSeries(_ id: GroupSeriesID, repeats: GroupRepeat, sessions: [GroupSessionID], now: Date, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "group_series").columns("id", "repeats", "created_at")
            .values(SQLBind(id.rawValue), SQLBind(repeats.rawValue), SQLBind(Clock.milliseconds(now))).run()
        for (position, session) in sessions.enumerated() {
            try await sql.insert(into: "group_series_sessions").columns("session_id", "series_id", "position")
                .values(SQLBind(session.rawValue), SQLBind(id.rawValue), SQLBind(position)).run()
        }
    }

    /// The series a session belongs to, or nil for a one-off session.
    public func series(of session: GroupSessionID, sql: any SQLDatabase) async throws -> GroupSeriesID? {
        try await sql.select().column("series_id").from("group_series_sessions").where("session_id", .equal, session.rawValue).first()
            .flatMap { GroupSeriesID(rawValue: try $0.decode(column: "series_id", as: String.self)) }
    }

    /// Every session of a series, by start (cancelled ones included).
    public func sessions(in series: GroupSeriesID, sql: any SQLDatabase) async throws -> [GroupSessionRecord] {
        let ids = try await sql.select().column("session_id").from("group_series_sessions").where("series_id", .equal, series.rawValue)
            .orderBy("position").all()
            .compactMap { GroupSessionID(rawValue: try $0.decode(column: "session_id", as: String.self)) }
        var found: [GroupSessionRecord] = []
        for id in ids {
            if let session = try await GroupStore().session(id, sql: sql) { found.append(session) }
        }
        return found.sorted { ($0.start, $0.id.rawValue) < ($1.start, $1.id.rawValue) }
    }

    /// Writes a session's title, description, times, seats and place.
    public func update(_ session: GroupSessionRecord, sql: any SQLDatabase) async throws {
        try await sql.update("group_sessions")
            .set("title", to: session.title).set("description", to: session.description)
            .set("start_at", to: Clock.milliseconds(session.start)).set("end_at", to: Clock.milliseconds(session.end))
            .set("seats", to: session.seats).set("online", to: session.online ? 1 : 0)
            .where("id", .equal, session.id.rawValue)
            .run()
    }

    /// Forgets the reminders sent for a session's registrations, so the new time is reminded again.
    public func resetReminders(_ session: GroupSessionID, sql: any SQLDatabase) async throws {
        try await sql.raw(
            "DELETE FROM group_reminders WHERE registration_id IN (SELECT id FROM group_registrations WHERE session_id = \(bind: session.rawValue))"
        ).run()
    }

    /// Marks a session cancelled and records why; false (nothing changed) when it was already cancelled.
    public func cancel(_ cancellation: GroupCancellationRecord, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.update("group_sessions").set("cancelled", to: 1)
            .where("id", .equal, cancellation.session.rawValue).where("cancelled", .equal, 0)
            .returning("id").all()
        guard !rows.isEmpty else { return false }
        try await sql.insert(into: "group_cancellations").columns("session_id", "reason", "cancelled_by", "cancelled_at")
            .values(
                SQLBind(cancellation.session.rawValue), SQLBind(cancellation.reason), SQLBind(cancellation.cancelledBy?.rawValue),
                SQLBind(Clock.milliseconds(cancellation.cancelledAt))
            )
            .run()
        return true
    }

    /// Why a session was cancelled, or nil.
    public func cancellation(_ session: GroupSessionID, sql: any SQLDatabase) async throws -> GroupCancellationRecord? {
        try await sql.select().column("*").from("group_cancellations").where("session_id", .equal, session.rawValue).first().map { row in
            GroupCancellationRecord(
                session: session, reason: try row.decode(column: "reason", as: String.self),
                cancelledBy: try row.decode(column: "cancelled_by", as: String?.self).flatMap(MemberID.init(rawValue:)),
                cancelledAt: Clock.date(try row.decode(column: "cancelled_at", as: Int64.self))
            )
        }
    }
}
