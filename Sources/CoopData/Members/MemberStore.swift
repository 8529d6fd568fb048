import CoopDomain
import Foundation
import SQLKit

/// A member row with the sign-in fields the domain value leaves out.
public struct MemberRecord: Sendable, Equatable {
    public var member: Member
    /// The encoded scrypt hash, nil until the invitation is accepted.
    public var passwordHash: String?
    /// The sealed TOTP secret (enrolled or being enrolled).
    public var sealedMFASecret: String?
    /// The last TOTP time step accepted, so a code cannot be used twice.
    public var mfaLastStep: Int64
}

/// Stores members and their roles.
public struct MemberStore: Sendable {
    /// Creates the store.
    public init() {}

    /// Inserts a new member with their roles.
    public func insert(_ member: Member, passwordHash: String?, sql: any SQLDatabase) async throws {
        let now = Clock.milliseconds(member.createdAt)
        var columns = ["id", "email", "display_name", "status", "language", "password_hash", "mfa_enabled", "mfa_last_step", "created_at", "updated_at"]
        var values: [any SQLExpression] = [
            SQLBind(member.id.rawValue), SQLBind(member.email.value), SQLBind(member.displayName.value), SQLBind(member.status.rawValue),
            SQLBind(member.language.rawValue), SQLBind(passwordHash), SQLBind(member.mfaEnabled ? 1 : 0), SQLBind(0), SQLBind(now), SQLBind(now),
        ]
        // Only a member who chose a zone names the column (M016), so a member is written the same way before it.
        if let zone = member.timeZone {
            columns.append("time_zone")
            values.append(SQLBind(zone.identifier))
        }
        try await sql.insert(into: "members").columns(columns).values(values).run()
        try await setRoles(member.roles, for: member.id, sql: sql)
    }

    /// Replaces a member's roles.
    public func setRoles(_ roles: Set<Role>, for id: MemberID, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "member_roles").where("member_id", .equal, SQLBind(id.rawValue)).run()
        for role in roles.sorted() {
            try await sql.insert(into: "member_roles").columns("member_id", "role")
                .values(SQLBind(id.rawValue), SQLBind(role.rawValue)).run()
        }
    }

    /// Finds a member by id.
    public func find(id: MemberID, sql: any SQLDatabase) async throws -> MemberRecord? {
        try await fetch(where: "id", equals: id.rawValue, sql: sql)
    }

    /// Finds a member by email.
    public func find(email: EmailAddress, sql: any SQLDatabase) async throws -> MemberRecord? {
        try await fetch(where: "email", equals: email.value, sql: sql)
    }

    /// Whether any member exists (first-run detection).
    public func isEmpty(sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("members").limit(1).first() == nil
    }

    /// The number of members by status.
    public func count(sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT count(*) AS n FROM members").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Every member, by name, with roles.
    public func all(sql: any SQLDatabase) async throws -> [Member] {
        let rows = try await sql.select().column("*").from("members").orderBy("display_name").all()
        let roles = try await allRoles(sql: sql)
        return try rows.map { try Self.record(from: $0, roles: roles[try $0.decode(column: "id", as: String.self)] ?? []).member }
    }

    /// Sets the password hash and status.
    public func setPassword(_ hash: String, status: MemberStatus, for id: MemberID, sql: any SQLDatabase) async throws {
        try await sql.update("members").set("password_hash", to: SQLBind(hash)).set("status", to: SQLBind(status.rawValue))
            .set("updated_at", to: SQLBind(Clock.milliseconds(Date()))).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Stores a sealed TOTP secret and whether it is enabled.
    public func setMFA(sealedSecret: String?, enabled: Bool, lastStep: Int64, for id: MemberID, sql: any SQLDatabase) async throws {
        try await sql.update("members").set("mfa_secret", to: SQLBind(sealedSecret)).set("mfa_enabled", to: SQLBind(enabled ? 1 : 0))
            .set("mfa_last_step", to: SQLBind(lastStep)).set("updated_at", to: SQLBind(Clock.milliseconds(Date())))
            .where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Records the TOTP step just used, only if it is later than the last one: returns false on a replay.
    public func advanceMFAStep(to step: Int64, for id: MemberID, sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw(
            "UPDATE members SET mfa_last_step = \(bind: step) WHERE id = \(bind: id.rawValue) AND mfa_last_step < \(bind: step) RETURNING id"
        ).all()
        return !rows.isEmpty
    }

    /// Sets the time zone the member reads times in (nil: the co-op's).
    public func setTimeZone(_ zone: IANATimeZone?, for id: MemberID, sql: any SQLDatabase) async throws {
        try await sql.update("members").set("time_zone", to: SQLBind(zone?.identifier)).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    /// Sets the preferred language.
    public func setLanguage(_ language: Language, for id: MemberID, sql: any SQLDatabase) async throws {
        try await sql.update("members").set("language", to: SQLBind(language.rawValue)).where("id", .equal, SQLBind(id.rawValue)).run()
    }

    private func fetch(where column: String, equals value: String, sql: any SQLDatabase) async throws -> MemberRecord? {
        guard let row = try await sql.select().column("*").from("members").where(SQLIdentifier(column), .equal, SQLBind(value)).first() else {
            return nil
        }
        let id = try row.decode(column: "id", as: String.self)
        let roleRows = try await sql.select().column("role").from("member_roles").where("member_id", .equal, SQLBind(id)).all()
        let roles = Set(try roleRows.compactMap { Role(rawValue: try $0.decode(column: "role", as: String.self)) })
        return try Self.record(from: row, roles: roles)
    }

    private func allRoles(sql: any SQLDatabase) async throws -> [String: Set<Role>] {
        var roles: [String: Set<Role>] = [:]
        for row in try await sql.select().columns("member_id", "role").from("member_roles").all() {
            if let role = Role(rawValue: try row.decode(column: "role", as: String.self)) {
                roles[try row.decode(column: "member_id", as: String.self), default: []].insert(role)
            }
        }
        return roles
    }

    static func record(from row: any SQLRow, roles: Set<Role>) throws -> MemberRecord {
        let member = Member(
            id: MemberID(rawValue: try row.decode(column: "id", as: String.self))!,
            email: try EmailAddress(try row.decode(column: "email", as: String.self)),
            displayName: try DisplayName(try row.decode(column: "display_name", as: String.self)),
            roles: roles,
            status: MemberStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .disabled,
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .english,
            mfaEnabled: try row.decode(column: "mfa_enabled", as: Int.self) != 0,
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            // A zone this machine no longer knows reads as the co-op's.
            timeZone: try row.decode(column: "time_zone", as: String?.self).flatMap { try? IANATimeZone($0) }
        )
        return MemberRecord(
            member: member, passwordHash: try row.decode(column: "password_hash", as: String?.self),
            sealedMFASecret: try row.decode(column: "mfa_secret", as: String?.self),
            mfaLastStep: try row.decode(column: "mfa_last_step", as: Int64.self)
        )
    }
}
