import CoopDomain
import Foundation
import SQLKit

/// Stores the other sign-in credentials: recovery codes, failed-attempt counters, and API tokens.
public struct CredentialStore: Sendable {
    /// Creates the store.
    public init() {}

    // MARK: Recovery codes

    /// Replaces a member's recovery codes with new hashed ones.
    public func replaceRecoveryCodes(_ hashes: [String], for id: MemberID, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "recovery_codes").where("member_id", .equal, SQLBind(id.rawValue)).run()
        for hash in hashes {
            try await sql.insert(into: "recovery_codes").columns("member_id", "code_hash").values(SQLBind(id.rawValue), SQLBind(hash)).run()
        }
    }

    /// Uses a recovery code once: returns false if it is unknown or already used.
    public func useRecoveryCode(hash: String, for id: MemberID, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw(
            """
            UPDATE recovery_codes SET used_at = \(bind: Clock.milliseconds(now))
            WHERE member_id = \(bind: id.rawValue) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING code_hash
            """
        ).all()
        return !rows.isEmpty
    }

    /// How many unused recovery codes a member has left.
    public func remainingRecoveryCodes(for id: MemberID, sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT count(*) AS n FROM recovery_codes WHERE member_id = \(bind: id.rawValue) AND used_at IS NULL").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    // MARK: Failed sign-ins

    /// The consecutive failures and the time of the last one, for a key such as `account:<email>` or `address:<ip>`.
    public func failures(key: String, sql: any SQLDatabase) async throws -> (count: Int, last: Date?) {
        guard let row = try await sql.select().columns("failures", "last_failure_at").from("login_failures").where("key", .equal, SQLBind(key)).first() else {
            return (0, nil)
        }
        return (try row.decode(column: "failures", as: Int.self), Clock.date(try row.decode(column: "last_failure_at", as: Int64.self)))
    }

    /// Counts one more failure.
    public func recordFailure(key: String, now: Date, sql: any SQLDatabase) async throws {
        let at = Clock.milliseconds(now)
        try await sql.raw(
            """
            INSERT INTO login_failures (key, failures, last_failure_at) VALUES (\(bind: key), 1, \(bind: at))
            ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = \(bind: at)
            """
        ).run()
    }

    /// Clears the counter after a success.
    public func clearFailures(key: String, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "login_failures").where("key", .equal, SQLBind(key)).run()
    }

    // MARK: API tokens

    /// Stores a new API token; returns its id and the raw token (shown once).
    public func createAPIToken(for id: MemberID, name: String, now: Date, sql: any SQLDatabase) async throws -> (id: String, token: String) {
        let tokenID = UUID().uuidString.lowercased()
        let token = "cc_" + SecretToken.make(bytes: 32)
        try await sql.insert(into: "api_tokens").columns("id", "member_id", "name", "token_hash", "created_at")
            .values(SQLBind(tokenID), SQLBind(id.rawValue), SQLBind(name), SQLBind(SecretToken.hash(token)), SQLBind(Clock.milliseconds(now)))
            .run()
        return (tokenID, token)
    }

    /// The member an unrevoked API token belongs to.
    public func memberForAPIToken(_ token: String, sql: any SQLDatabase) async throws -> (tokenID: String, member: MemberID)? {
        guard let row = try await sql.select().columns("id", "member_id").from("api_tokens")
            .where("token_hash", .equal, SQLBind(SecretToken.hash(token))).where("revoked_at", .is, SQLLiteral.null).first()
        else { return nil }
        return (try row.decode(column: "id", as: String.self), MemberID(rawValue: try row.decode(column: "member_id", as: String.self))!)
    }

    /// A member's API tokens (never the secrets).
    public func apiTokens(for id: MemberID, sql: any SQLDatabase) async throws -> [APITokenRecord] {
        let rows = try await sql.select().column("*").from("api_tokens").where("member_id", .equal, SQLBind(id.rawValue))
            .orderBy("created_at", .descending).all()
        return try rows.map { row in
            APITokenRecord(
                id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
                revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Clock.date)
            )
        }
    }

    /// Revokes one of a member's tokens; returns false if there was no such live token.
    public func revokeAPIToken(id tokenID: String, for id: MemberID, now: Date, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: Clock.milliseconds(now))
            WHERE id = \(bind: tokenID) AND member_id = \(bind: id.rawValue) AND revoked_at IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }
}

/// An API token's public facts.
public struct APITokenRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?
}
