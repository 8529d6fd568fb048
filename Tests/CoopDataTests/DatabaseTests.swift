import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Runs `body` with a migrated throwaway database (SQLite, or PostgreSQL when COOPCARE_TEST_POSTGRES_URL is set).
/// With `migrations`, only those are applied first (a test of a later migration on an older schema applies the rest).
func withDatabase(migrations: [any Migration] = MigrationRunner.all, _ body: (Database) async throws -> Void) async throws {
    let (url, cleanup) = try await TestDatabase.make()
    let database = try await Database.open(url)
    do {
        try await MigrationRunner(database: database, migrations: migrations).migrate()
        try await body(database)
        await database.close()
        await cleanup()
    } catch {
        await database.close()
        await cleanup()
        throw error
    }
}

@Suite struct DatabaseTests {
    @Test func migrationsApplyOnceAndAreRecorded() async throws {
        try await withDatabase { database in
            let runner = MigrationRunner(database: database)
            let applied = try await runner.migrate()
            let current = try await runner.isCurrent()
            #expect(applied == [])
            #expect(current)
        }
    }

    @Test func transactionRollsBackOnError() async throws {
        struct Boom: Error {}
        try await withDatabase { database in
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await OutboxStore().enqueue(recipient: "a@example.org", subject: "s", body: "b", now: Date(), sql: sql)
                    throw Boom()
                }
            }
            let messages = try await database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(messages.isEmpty)
        }
    }

    @Test func databaseURLParsing() throws {
        #expect(try DatabaseURL(parsing: "sqlite://coopcare-data/x.sqlite") == .sqlite(path: "coopcare-data/x.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/coop.sqlite") == .sqlite(path: "/var/lib/coop.sqlite"))
        #expect(
            try DatabaseURL(parsing: "postgres://coop:s%40cret@db.local:5433/coopcare")
                == .postgres(host: "db.local", port: 5433, user: "coop", password: "s@cret", database: "coopcare")
        )
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "mysql://x") }
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "postgres://host") }
        #expect(!String(describing: try DatabaseURL(parsing: "postgres://u:secret@h/d")).contains("secret"))
    }
}

/// A new active client in `database`, with a made-up address.
func insertClient(_ database: Database, createdAt: Date = CareTestData.monday) async throws -> MemberID {
    let member = Member(
        id: .make(), email: try EmailAddress("client-\(UUID().uuidString.prefix(8))@example.org"), displayName: try DisplayName("Client"),
        roles: [.client], status: .active, language: .english, mfaEnabled: false, createdAt: createdAt
    )
    try await database.transaction { sql in try await MemberStore().insert(member, passwordHash: nil, sql: sql) }
    return member.id
}
