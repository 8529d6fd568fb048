import CoopData
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Many transactions at once: on SQLite they share commits (`WriteLane`); on PostgreSQL each commits alone. Either
/// way each one is all or nothing, and a transaction that returned is committed.
@Suite struct GroupCommitTests {
    struct Refused: Error {}

    @Test func concurrentTransactionsAreEachAllOrNothingAndCommittedWhenTheyReturn() async throws {
        try await withDatabase { database in
            try await database.withoutTransaction { sql in
                try await sql.raw("CREATE TABLE lane_probe (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)").run()
                try await sql.raw("INSERT INTO lane_probe (id, writer) VALUES (1000000, -1)").run()
            }
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for writer in 0..<60 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                try await sql.raw("INSERT INTO lane_probe (id, writer) VALUES (\(bind: writer * 2), \(bind: writer))").run()
                                try await sql.raw("INSERT INTO lane_probe (id, writer) VALUES (\(bind: writer * 2 + 1), \(bind: writer))").run()
                                // Every fourth gives up after writing; every fifth hits the database's own refusal.
                                if writer % 4 == 3 { throw Refused() }
                                if writer % 5 == 4 { try await sql.raw("INSERT INTO lane_probe (id, writer) VALUES (1000000, \(bind: writer))").run() }
                            }
                        } catch {
                            return (writer, false)
                        }
                        // Returned: committed, so a reader sees both rows at once.
                        let seen = try await database.read { sql in
                            try await sql.raw("SELECT count(*) AS n FROM lane_probe WHERE writer = \(bind: writer)").first()?.decode(column: "n", as: Int.self)
                        }
                        #expect(seen == 2)
                        return (writer, true)
                    }
                }
                // Statements outside any transaction, queued among them, never land inside someone's open transaction.
                for alone in 0..<5 {
                    group.addTask {
                        try await database.withoutTransaction { sql in
                            try await sql.raw("BEGIN").run()
                            try await sql.raw("INSERT INTO lane_probe (id, writer) VALUES (\(bind: 2_000_000 + alone), -2)").run()
                            try await sql.raw("COMMIT").run()
                        }
                        return (-1, true)
                    }
                }
                var outcomes: [Int: Bool] = [:]
                for try await (writer, committed) in group where writer >= 0 { outcomes[writer] = committed }
                return outcomes
            }
            let expected = Set((0..<60).filter { $0 % 4 != 3 && $0 % 5 != 4 })
            #expect(Set(outcomes.filter(\.value).keys) == expected)
            let rows = try await database.read { sql in
                try await sql.raw("SELECT writer, count(*) AS n FROM lane_probe WHERE writer >= 0 GROUP BY writer").all()
            }
            var stored: [Int: Int] = [:]
            for row in rows { stored[try row.decode(column: "writer", as: Int.self)] = try row.decode(column: "n", as: Int.self) }
            #expect(Set(stored.keys) == expected)
            #expect(stored.values.allSatisfy { $0 == 2 })
            let alone = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM lane_probe WHERE writer = -2").first()?.decode(column: "n", as: Int.self)
            }
            #expect(alone == 5)
        }
    }

    @Test func aTransactionAfterAFailedOneStartsClean() async throws {
        try await withDatabase { database in
            try await database.withoutTransaction { sql in try await sql.raw("CREATE TABLE lane_after (id INTEGER PRIMARY KEY)").run() }
            await #expect(throws: Refused.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO lane_after (id) VALUES (1)").run()
                    throw Refused()
                }
            }
            try await database.transaction { sql in try await sql.raw("INSERT INTO lane_after (id) VALUES (2)").run() }
            let ids = try await database.read { sql in try await sql.raw("SELECT id FROM lane_after").all().map { try $0.decode(column: "id", as: Int.self) } }
            #expect(ids == [2])
        }
    }
}
