import CoopDomain
import Foundation
import SQLKit

/// A signed-in session as stored (the token itself is never stored, only its hash).
public struct SessionRecord: Sendable, Equatable {
    public var tokenHash: String
    public var memberID: MemberID
    public var csrfToken: String
    /// Password verified, second factor still to come.
    public var mfaPending: Bool
    public var createdAt: Date
    public var lastSeenAt: Date
}

/// Stores sessions in the database so that several instances share them.
public struct SessionStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Creates a session; returns the raw token to put in the cookie.
    public func create(memberID: MemberID, mfaPending: Bool, sourceAddress: String?, now: Date, sql: any SQLDatabase) async throws -> (token: String, record: SessionRecord) {
        let token = SecretToken.make()
        let record = SessionRecord(
            tokenHash: SecretToken.hash(token), memberID: memberID, csrfToken: SecretToken.make(), mfaPending: mfaPending,
            createdAt: now, lastSeenAt: now
        )
        try await sql.insert(into: "sessions")
            .columns("token_hash", "member_id", "csrf_token", "mfa_pending", "created_at", "last_seen_at", "source_address")
            .values(
                SQLBind(record.tokenHash), SQLBind(memberID.rawValue), SQLBind(record.csrfToken), SQLBind(mfaPending ? 1 : 0),
                SQLBind(Clock.milliseconds(now)), SQLBind(Clock.milliseconds(now)), SQLBind(sourceAddress)
            )
            .run()
        return (token, record)
    }

    /// Finds the session for a raw cookie token.
    public func find(token: String, sql: any SQLDatabase) async throws -> SessionRecord? {
        guard let row = try await sql.select().column("*").from("sessions").where("token_hash", .equal, SQLBind(SecretToken.hash(token))).first() else {
            return nil
        }
        return SessionRecord(
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            memberID: MemberID(rawValue: try row.decode(column: "member_id", as: String.self))!,
            csrfToken: try row.decode(column: "csrf_token", as: String.self),
            mfaPending: try row.decode(column: "mfa_pending", as: Int.self) != 0,
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Clock.date(try row.decode(column: "last_seen_at", as: Int64.self))
        )
    }

    /// Records activity, for the idle timeout.
    public func touch(tokenHash: String, now: Date, sql: any SQLDatabase) async throws {
        try await sql.update("sessions").set("last_seen_at", to: SQLBind(Clock.milliseconds(now))).where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    /// Ends one session.
    public func delete(tokenHash: String, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "sessions").where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    /// Ends every session of a member (sign out everywhere, or a disabled account); returns how many.
    @discardableResult
    public func deleteAll(memberID: MemberID, except keep: String? = nil, sql: any SQLDatabase) async throws -> Int {
        let rows: [any SQLRow]
        if let keep {
            rows = try await sql.raw("DELETE FROM sessions WHERE member_id = \(bind: memberID.rawValue) AND token_hash <> \(bind: keep) RETURNING token_hash").all()
        } else {
            rows = try await sql.raw("DELETE FROM sessions WHERE member_id = \(bind: memberID.rawValue) RETURNING token_hash").all()
        }
        return rows.count
    }

    /// The number of sessions a member has open.
    public func count(memberID: MemberID, sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT count(*) AS n FROM sessions WHERE member_id = \(bind: memberID.rawValue)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Removes sessions that are past the absolute lifetime.
    public func deleteExpired(before cutoff: Date, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "sessions").where("created_at", .lessThan, SQLBind(Clock.milliseconds(cutoff))).run()
    }
}
