import CoopDomain
import Foundation
import SQLKit

/// A clinician's calendar feed token as stored (only its hash is kept).
public struct CalendarFeedToken: Sendable, Equatable {
    public var id: String
    public var member: MemberID
    public var createdAt: Date
    public var revokedAt: Date?
}

/// Revocable, random calendar feed tokens; only their SHA-256 reaches the database.
public struct CalendarFeedStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Makes a new token for `member`; returns the token (shown once, inside the feed URL) and its record.
    public func create(for member: MemberID, now: Date, sql: any SQLDatabase) async throws -> (token: String, record: CalendarFeedToken) {
        let token = SecretToken.make(bytes: 24)
        let record = CalendarFeedToken(id: UUID().uuidString.lowercased(), member: member, createdAt: Clock.date(Clock.milliseconds(now)))
        try await sql.insert(into: "calendar_feed_tokens").columns("id", "member_id", "token_hash", "created_at")
            .values(SQLBind(record.id), SQLBind(member.rawValue), SQLBind(SecretToken.hash(token)), SQLBind(Clock.milliseconds(now)))
            .run()
        return (token, record)
    }

    /// Revokes one of `member`'s tokens; false when there is no such active token.
    public func revoke(id: String, of member: MemberID, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.update("calendar_feed_tokens").set("revoked_at", to: SQLBind(Clock.milliseconds(now)))
            .where("id", .equal, id).where("member_id", .equal, member.rawValue).where("revoked_at", .is, SQLLiteral.null)
            .returning("id").all()
        return !rows.isEmpty
    }

    /// The member an active token belongs to, or nil for an unknown or revoked token.
    public func member(forToken token: String, sql: any SQLDatabase) async throws -> MemberID? {
        let row = try await sql.select().column("member_id").from("calendar_feed_tokens")
            .where("token_hash", .equal, SecretToken.hash(token)).where("revoked_at", .is, SQLLiteral.null).first()
        return try row.flatMap { MemberID(rawValue: try $0.decode(column: "member_id", as: String.self)) }
    }

    /// A member's tokens, newest first.
    public func list(for member: MemberID, sql: any SQLDatabase) async throws -> [CalendarFeedToken] {
        try await sql.select().column("*").from("calendar_feed_tokens").where("member_id", .equal, member.rawValue)
            .orderBy("created_at", .descending).all().map { row in
                CalendarFeedToken(
                    id: try row.decode(column: "id", as: String.self), member: member,
                    createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Clock.date)
                )
            }
    }
}
