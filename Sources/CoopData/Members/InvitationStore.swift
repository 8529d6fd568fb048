import CoopDomain
import Foundation
import SQLKit

/// An invitation to join, as stored. The first-run setup link is an invitation with no inviter.
public struct InvitationRecord: Sendable, Equatable {
    public var tokenHash: String
    /// Nil for the first-run setup link.
    public var email: EmailAddress?
    public var displayName: DisplayName?
    public var roles: Set<Role>
    public var invitedBy: MemberID?
    public var createdAt: Date
    public var expiresAt: Date
    public var acceptedAt: Date?
}

/// Stores invitations.
public struct InvitationStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Stores a new invitation; returns the raw token for the link.
    public func create(
        email: EmailAddress?, displayName: DisplayName?, roles: Set<Role>, invitedBy: MemberID?, now: Date, lifetime: TimeInterval,
        sql: any SQLDatabase
    ) async throws -> (token: String, record: InvitationRecord) {
        let token = SecretToken.make(bytes: 24)
        let record = InvitationRecord(
            tokenHash: SecretToken.hash(token), email: email, displayName: displayName, roles: roles, invitedBy: invitedBy,
            createdAt: now, expiresAt: now.addingTimeInterval(lifetime), acceptedAt: nil
        )
        try await sql.insert(into: "invitations")
            .columns("token_hash", "email", "display_name", "roles", "invited_by", "created_at", "expires_at")
            .values(
                SQLBind(record.tokenHash), SQLBind(email?.value), SQLBind(displayName?.value),
                SQLBind(roles.sorted().map(\.rawValue).joined(separator: ",")), SQLBind(invitedBy?.rawValue),
                SQLBind(Clock.milliseconds(now)), SQLBind(Clock.milliseconds(record.expiresAt))
            )
            .run()
        return (token, record)
    }

    /// Finds the invitation for a raw token.
    public func find(token: String, sql: any SQLDatabase) async throws -> InvitationRecord? {
        let row = try await sql.select().column("*").from("invitations").where("token_hash", .equal, SQLBind(SecretToken.hash(token))).first()
        return try row.map(Self.record(from:))
    }

    /// Marks an invitation used, only if it was still open: returns false if someone used it first.
    public func markAccepted(tokenHash: String, memberID: MemberID, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw(
            """
            UPDATE invitations SET accepted_at = \(bind: Clock.milliseconds(now)), member_id = \(bind: memberID.rawValue)
            WHERE token_hash = \(bind: tokenHash) AND accepted_at IS NULL RETURNING token_hash
            """
        ).all()
        return !rows.isEmpty
    }

    /// Open invitations, newest first.
    public func pending(now: Date, sql: any SQLDatabase) async throws -> [InvitationRecord] {
        let rows = try await sql.select().column("*").from("invitations").where("accepted_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, SQLBind(Clock.milliseconds(now))).orderBy("created_at", .descending).all()
        return try rows.map(Self.record(from:))
    }

    private static func record(from row: any SQLRow) throws -> InvitationRecord {
        let roleText = try row.decode(column: "roles", as: String.self)
        return InvitationRecord(
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            email: try row.decode(column: "email", as: String?.self).map { try EmailAddress($0) },
            displayName: try row.decode(column: "display_name", as: String?.self).map { try DisplayName($0) },
            roles: Set(roleText.split(separator: ",").compactMap { Role(rawValue: String($0)) }),
            invitedBy: try row.decode(column: "invited_by", as: String?.self).flatMap(MemberID.init(rawValue:)),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Clock.date(try row.decode(column: "expires_at", as: Int64.self)),
            acceptedAt: try row.decode(column: "accepted_at", as: Int64?.self).map(Clock.date)
        )
    }
}
