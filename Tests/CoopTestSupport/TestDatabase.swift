import CoopData
import Foundation
import PostgresNIO
import SQLKit

/// Where each test's database lives: a new SQLite file, or a new schema-free PostgreSQL database when
/// `COOPCARE_TEST_POSTGRES_URL` names a server (the test creates and drops it).
public enum TestDatabase {
    public static func make() async throws -> (DatabaseURL, @Sendable () async -> Void) {
        if let base = ProcessInfo.processInfo.environment["COOPCARE_TEST_POSTGRES_URL"], !base.isEmpty,
            case .postgres(let host, let port, let user, let password, let database) = try DatabaseURL(parsing: base)
        {
            let name = "coopcare_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Database.open(.postgres(host: host, port: port, user: user, password: password, database: database))
            try await admin.withoutTransaction { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
            await admin.close()
            let url = DatabaseURL.postgres(host: host, port: port, user: user, password: password, database: String(name))
            return (url, {
                if let admin = try? await Database.open(.postgres(host: host, port: port, user: user, password: password, database: database)) {
                    try? await admin.withoutTransaction { sql in try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
                    await admin.close()
                }
            })
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopcare-test-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("test.sqlite").path
        return (.sqlite(path: path), { try? FileManager.default.removeItem(at: folder) })
    }
}
