import CoopData
import CoopDomain
import Foundation
import SQLKit
import Testing

@Suite struct AuditStoreTests {
    func appendSome(_ count: Int, to database: Database) async throws {
        for index in 0..<count {
            try await database.transaction { sql in
                try await AuditStore().append(
                    AuditEvent(actor: "member-\(index)", client: index % 2 == 0 ? "client-1" : nil, action: .read, resourceType: "clinical-note",
                               resourceID: "note-\(index)", outcome: .success),
                    origin: RequestOrigin(sourceAddress: "127.0.0.1", requestID: "req-\(index)"), sql: sql
                )
            }
        }
    }

    /// Lets the test change the log as an attacker with database access could, by lifting the append-only triggers.
    func liftAppendOnlyGuard(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_log_no_update").run()
            try await sql.raw("DROP TRIGGER audit_log_no_delete").run()
        }
    }

    @Test func chainVerifiesWhenUntouched() async throws {
        try await withDatabase { database in
            try await appendSome(25, to: database)
            let result = try await database.read { sql in try await AuditStore().verify(sql: sql, pageSize: 7) }
            #expect(result == .intact(entries: 25))
        }
    }

    @Test func appendOnlyIsEnforcedByTheDatabase() async throws {
        try await withDatabase { database in
            try await appendSome(2, to: database)
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in try await sql.raw("UPDATE audit_log SET outcome = 'denied' WHERE seq = 1").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in try await sql.raw("DELETE FROM audit_log WHERE seq = 2").run() }
            }
        }
    }

    @Test func changedContentIsFoundAtTheChangedEntry() async throws {
        try await withDatabase { database in
            try await appendSome(10, to: database)
            try await database.transaction { sql in
                try await liftAppendOnlyGuard(sql)
                try await sql.raw("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 6").run()
            }
            let result = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(result == .broken(sequence: 6, reason: .contentChanged, checked: 5))
        }
    }

    @Test func rehashedEntryIsFoundByTheNextLink() async throws {
        try await withDatabase { database in
            try await appendSome(10, to: database)
            try await database.transaction { sql in
                try await liftAppendOnlyGuard(sql)
                try await sql.raw("UPDATE audit_log SET hash = 'ffff' WHERE seq = 4").run()
            }
            let result = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(result == .broken(sequence: 4, reason: .contentChanged, checked: 3))
        }
    }

    @Test func removedEntryAndTruncationAreFound() async throws {
        try await withDatabase { database in
            try await appendSome(10, to: database)
            try await database.transaction { sql in
                try await liftAppendOnlyGuard(sql)
                try await sql.raw("DELETE FROM audit_log WHERE seq = 3").run()
            }
            let gap = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(gap == .broken(sequence: 3, reason: .missing, checked: 2))
        }
        try await withDatabase { database in
            try await appendSome(5, to: database)
            try await database.transaction { sql in
                try await liftAppendOnlyGuard(sql)
                try await sql.raw("DELETE FROM audit_log WHERE seq = 5").run()
            }
            let truncated = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(truncated == .broken(sequence: 5, reason: .truncated, checked: 4))
        }
    }

    @Test func entryRollsBackWithItsTransaction() async throws {
        struct Boom: Error {}
        try await withDatabase { database in
            try await appendSome(1, to: database)
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await AuditStore().append(AuditEvent(actor: "x", action: .update, resourceType: "t", outcome: .success), origin: .system, sql: sql)
                    throw Boom()
                }
            }
            try await appendSome(1, to: database)
            let count = try await database.read { sql in try await AuditStore().count(sql: sql) }
            let result = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(count == 2)
            #expect(result == .intact(entries: 2))
        }
    }

    @Test func concurrentAppendsKeepOneUnbrokenChain() async throws {
        try await withDatabase { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in 0..<10 {
                            try await database.transaction { sql in
                                try await AuditStore().append(
                                    AuditEvent(actor: "w\(worker)", action: .read, resourceType: "r", resourceID: "\(index)", outcome: .success),
                                    origin: .system, sql: sql
                                )
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await database.read { sql in try await AuditStore().verify(sql: sql) }
            #expect(result == .intact(entries: 80))
        }
    }
}
