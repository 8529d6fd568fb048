import Foundation
import SQLKit

extension Database {
    /// Writes a consistent copy of the data to `file` while the service keeps running.
    /// SQLite: `VACUUM INTO`, which reads one snapshot and writes a compact new file. PostgreSQL: `pg_dump -Fc`.
    public func backup(to file: String) async throws {
        guard !FileManager.default.fileExists(atPath: file) else { throw DatabaseError.backupFailed("\(file) already exists") }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        switch url {
        case .sqlite:
            try await withoutTransaction { sql in try await sql.raw("VACUUM INTO \(bind: file)").run() }
        case .postgres(let host, let port, let user, let password, let database):
            try Self.runTool(
                "pg_dump", ["-Fc", "--no-owner", "-h", host, "-p", String(port), "-U", user, "-d", database, "-f", file],
                password: password, failure: DatabaseError.backupFailed
            )
        }
    }

    /// Replaces the data with a backup. The service must be stopped; the current data is kept beside it.
    public static func restore(from file: String, to url: DatabaseURL) async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw DatabaseError.restoreFailed("\(file) does not exist") }
        switch url {
        case .sqlite(let path):
            // Check the copy before replacing anything: it must open and pass SQLite's integrity check.
            let probe = try await Database.open(.sqlite(path: file), readers: 1)
            let ok = (try? await probe.read { sql -> Bool in
                let row = try await sql.raw("PRAGMA integrity_check").first()
                let status = try row?.decode(column: "integrity_check", as: String.self)
                guard status == "ok" else { return false }
                return try await MigrationRunner.tableExists("schema_migrations", sql: sql)
            }) ?? false
            await probe.close()
            try? FileManager.default.removeItem(atPath: file + "-wal")
            try? FileManager.default.removeItem(atPath: file + "-shm")
            guard ok else { throw DatabaseError.restoreFailed("\(file) is not a CoopCare database or is damaged") }
            let manager = FileManager.default
            let stamp = Int(Date().timeIntervalSince1970)
            if manager.fileExists(atPath: path) {
                try manager.moveItem(atPath: path, toPath: "\(path).before-restore-\(stamp)")
            }
            for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
                try manager.removeItem(atPath: path + suffix)
            }
            try manager.copyItem(atPath: file, toPath: path)
        case .postgres(let host, let port, let user, let password, let database):
            try runTool(
                "pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "-h", host, "-p", String(port), "-U", user, "-d", database, file],
                password: password, failure: DatabaseError.restoreFailed
            )
        }
    }

    private static func runTool(_ tool: String, _ arguments: [String], password: String?, failure: (String) -> DatabaseError) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw failure("\(tool) could not be started; install the PostgreSQL client tools")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw failure("\(tool) failed: \(message.prefix(500))") }
    }
}
