import Foundation
import SQLKit

/// One numbered change to the schema. Never edited after it lands: a later change is a new migration.
public protocol Migration: Sendable {
    /// The position in the ordered list; applied in ascending order.
    var number: Int { get }
    /// A short name, recorded in `schema_migrations`.
    var name: String { get }
    /// Applies the change. Runs inside a transaction.
    func prepare(on sql: any SQLDatabase) async throws
}

/// Applies migrations in order and records each in `schema_migrations`.
public struct MigrationRunner: Sendable {
    /// The list every database is built from, in order. Each line says why the migration exists.
    public static let all: [any Migration] = [
        // Accounts, sessions, invitations, MFA, throttling, API tokens, audit chain, data keys, mail outbox.
        M001Foundation(),
        // Governance: member classes, governed settings with history (seeded from the sample bylaws), polls, ballots, proxies.
        M002Governance(),
        // Therapist directory, licences, availability, appointments with a database-enforced no-overlap rule, feeds.
        M003Care(),
        // Mail delivery (status, tries, lease) and the record of session and credential-expiry reminders sent.
        M004Mail(),
        // Applications to join a member class, decided by admission polls; discussion threads; emergency changes; consent rounds.
        M005Membership(),
        // Meetings: agenda with per-item minutes and sign-off, linked polls (time poll, votes), attendance toward quorum.
        M006Meetings(),
        // Waitlists with offers that hold a freed time, and recurring series of appointments.
        M007Waitlist(),
        // Groups and workshops with seat claims and a waitlist; privileges, temporary authorisations, offices, verifications.
        M008Groups(),
        // Caps on sessions per day and per week in therapists' session settings.
        M009SessionLimits(),
        // Governed reminder lead times and waitlist offer duration; session reminders per stage; group reminders.
        M010ReminderSettings(),
        // Therapists' profile photos (checked, stripped of metadata, served publicly with their SHA-256 as ETag).
        M011Photos(),
        // The audit chain's head follows each inserted entry by a trigger: one statement less per audited change.
        M012AuditHead(),
        // Sessions recorded as missed (no-show), with the time recorded and the policy's fee.
        M013NoShow(),
        // A late-cancellation or no-show fee waived by the session's therapist or a coordinator.
        M014FeeWaivers(),
        // Recurring group series (sessions linked by a series id) and cancelled sessions' reasons.
        M015GroupSeries(),
        // The time zone each member reads times in (pages and emails).
        M016MemberTimeZone(),
        // A file sent with an outbox message: the calendar invitation of a booking, a move or a cancellation.
        M017OutboxAttachments(),
        // Changes to clients' sessions waiting for their emails, written with the change, sent by the scheduler.
        M018BookingEvents(),
        // Time claims found by therapist and time alone (one tree per booking's claims, not three), released by range.
        M019ClaimsByTime(),
    ]

    let database: Database
    let migrations: [any Migration]

    /// Creates a runner over `migrations` (the full list unless a test says otherwise).
    public init(database: Database, migrations: [any Migration] = MigrationRunner.all) {
        self.database = database
        self.migrations = migrations.sorted { $0.number < $1.number }
    }

    /// Applies every migration not yet recorded; returns the numbers it applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await database.transaction { sql in
            try await sql.create(table: "schema_migrations").ifNotExists()
                .column("number", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .bigint, .notNull)
                .run()
        }
        var applied: [Int] = []
        for migration in migrations {
            let done = try await database.transaction { sql -> Bool in
                if sql.dialect.name == "postgresql" {
                    // Several instances may start at once: one applies, the others wait and then see it done.
                    try await sql.raw("SELECT pg_advisory_xact_lock(7272017)").run()
                }
                let existing = try await sql.select().column("number").from("schema_migrations")
                    .where("number", .equal, migration.number).first()
                guard existing == nil else { return true }
                try await migration.prepare(on: sql)
                try await sql.insert(into: "schema_migrations")
                    .columns("number", "name", "applied_at")
                    .values(SQLBind(migration.number), SQLBind(migration.name), SQLBind(Clock.milliseconds(Date())))
                    .run()
                return false
            }
            if !done { applied.append(migration.number) }
        }
        return applied
    }

    /// Whether every known migration has been applied.
    public func isCurrent() async throws -> Bool {
        try await pending().isEmpty
    }

    /// The numbers of migrations not yet applied.
    public func pending() async throws -> [Int] {
        let appliedNumbers: Set<Int> = try await database.read { sql in
            let exists = try await Self.tableExists("schema_migrations", sql: sql)
            guard exists else { return [] }
            let rows = try await sql.select().column("number").from("schema_migrations").all()
            return Set(try rows.map { try $0.decode(column: "number", as: Int.self) })
        }
        return migrations.map(\.number).filter { !appliedNumbers.contains($0) }
    }

    static func tableExists(_ table: String, sql: any SQLDatabase) async throws -> Bool {
        if sql.dialect.name == "postgresql" {
            let row = try await sql.raw("SELECT to_regclass(\(bind: table)) IS NOT NULL AS present").first()
            return try row?.decode(column: "present", as: Bool.self) ?? false
        }
        let row = try await sql.raw("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)").first()
        return try (row?.decode(column: "n", as: Int.self) ?? 0) > 0
    }
}

/// Time as stored: integer milliseconds since 1970, UTC.
public enum Clock {
    /// Milliseconds since 1970 for `date`.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    /// The date for stored milliseconds.
    public static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
