import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct BackupTests {
    func messageCount(_ database: Database) async throws -> Int {
        try await database.read { sql in try await OutboxStore().recent(limit: 10_000, sql: sql).count }
    }

    func enqueue(_ count: Int, _ database: Database) async throws {
        for index in 0..<count {
            try await database.transaction { sql in
                try await OutboxStore().enqueue(recipient: "r\(index)@example.org", subject: "s", body: "b", now: Date(), sql: sql)
            }
        }
    }

    @Test func backupWhileWritingThenRestore() async throws {
        try await withDatabase { database in
            try await enqueue(20, database)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("coop.backup").path
            // Writers keep going while the backup is taken; the copy is one consistent snapshot.
            async let writes: Void = enqueue(30, database)
            try await database.backup(to: file)
            try await writes
            #expect(try await messageCount(database) == 50)
            await #expect(throws: DatabaseError.self) { try await database.backup(to: file) }

            if database.engine == .sqlite {
                let target = DatabaseURL.sqlite(path: folder.appendingPathComponent("restored/coop.sqlite").path)
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("restored"), withIntermediateDirectories: true)
                try await Database.restore(from: file, to: target)
                let restored = try await Database.open(target)
                let count = try await messageCount(restored)
                let current = try await MigrationRunner(database: restored).isCurrent()
                await restored.close()
                #expect((20...50).contains(count))
                #expect(current)
            } else {
                try await enqueue(5, database)
                try await Database.restore(from: file, to: database.url)
                let count = try await messageCount(database)
                #expect((20...50).contains(count))
            }
        }
    }

    @Test func restoreRefusesAFileThatIsNotABackup() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junk = folder.appendingPathComponent("junk.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        let target = DatabaseURL.sqlite(path: folder.appendingPathComponent("live.sqlite").path)
        await #expect(throws: (any Error).self) { try await Database.restore(from: junk, to: target) }
        await #expect(throws: DatabaseError.self) { try await Database.restore(from: folder.appendingPathComponent("missing").path, to: target) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("live.sqlite").path))
    }
}
