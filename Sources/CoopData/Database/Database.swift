import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The one way to the data. Two doors: `read` for queries and `transaction` for anything that writes, so that a
/// change and its audit entry commit together. Everything behind the doors is written once in SQLKit.
public final class Database: Sendable {
    /// Which engine is behind the doors.
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    private enum Backend: Sendable {
        case sqlite(
            writer: SQLiteConnection, lane: WriteLane, readers: AsyncPool<SQLiteConnection>, all: [SQLiteConnection], path: String,
            writerThread: NIOThreadPool, onWriterThread: ThreadPoolExecutor
        )
        case postgres(client: PostgresClient, runner: Task<Void, Never>)
    }

    private let backend: Backend
    /// Where the data lives.
    public let url: DatabaseURL
    let logger: Logger

    private init(backend: Backend, url: DatabaseURL, logger: Logger) {
        self.backend = backend
        self.url = url
        self.logger = logger
    }

    /// The engine behind this database.
    public var engine: Engine {
        switch backend {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Opens the database at `url`. SQLite: creates the folder and file, one writer and `readers` reader
    /// connections in WAL mode. PostgreSQL: a `PostgresClient` pool whose run loop lives until `close()`.
    public static func open(_ url: DatabaseURL, readers: Int = 3, logger: Logger = Logger(label: "coopcare.db")) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var quiet = logger
            quiet.logLevel = max(logger.logLevel, .notice)
            var opened: [SQLiteConnection] = []
            // The writer has a thread of its own: its statements never queue behind the readers' on the shared pool,
            // so the write lock is held no longer than the writer's own work takes.
            let writerThread = NIOThreadPool(numberOfThreads: 1)
            writerThread.start()
            do {
                let writer = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: writerThread, logger: quiet, on: MultiThreadedEventLoopGroup.singleton.any()
                )
                opened.append(writer)
                // WAL lets readers go on while the writer writes; FULL sync so a committed change survives a crash.
                for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000"] {
                    _ = try await writer.query(pragma)
                }
                for _ in 0..<max(1, readers) {
                    let reader = try await SQLiteConnection.open(
                        storage: .file(path: path), threadPool: readerThreads, logger: quiet, on: MultiThreadedEventLoopGroup.singleton.any()
                    )
                    opened.append(reader)
                    for pragma in ["PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA query_only=ON"] {
                        _ = try await reader.query(pragma)
                    }
                }
            } catch {
                // A connection must be closed before it is released, even when opening the file failed half-way.
                for connection in opened { try? await connection.close() }
                try? await writerThread.shutdownGracefully()
                throw error
            }
            let writer = opened[0]
            let readerConnections = Array(opened.dropFirst())
            return Database(
                backend: .sqlite(
                    writer: writer, lane: WriteLane(), readers: AsyncPool(readerConnections), all: [writer] + readerConnections, path: path,
                    writerThread: writerThread, onWriterThread: ThreadPoolExecutor(writerThread)
                ),
                url: url, logger: logger
            )
        case .postgres(let host, let port, let user, let password, let database):
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable
            )
            configuration.options.maximumConnections = 20
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let db = Database(backend: .postgres(client: client, runner: runner), url: url, logger: logger)
            // Fail early with a clear error when the server cannot be reached.
            do {
                _ = try await db.read { sql in try await sql.raw("SELECT 1 AS one").first() }
            } catch {
                await db.close()
                throw error
            }
            return db
        }
    }

    /// The threads the readers' statements run on (the process's shared pool)…
    private static let readerThreads = NIOThreadPool.singleton
    /// …as an executor for the code that reads, so a statement's result is picked up where it was made.
    private static let onReaderThreads = ThreadPoolExecutor(readerThreads)

    /// Runs `body` with a connection for reading.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(_, _, let readers, _, _, _, _):
            return try await withTaskExecutorPreference(Self.onReaderThreads) {
                try await readers.with { connection in try await body(connection.sql(queryLogLevel: nil)) }
            }
        case .postgres(let client, _):
            return try await client.withConnection { connection in try await body(connection.sql(queryLogLevel: nil)) }
        }
    }

    /// Runs `body` inside one transaction: committed if it returns, rolled back if it throws.
    /// SQLite: on the single writer with `BEGIN IMMEDIATE`, so writers queue instead of failing with SQLITE_BUSY.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let writer, let lane, _, _, _, _, let onWriterThread):
            // BEGIN IMMEDIATE on the one writer, in turn; transactions waiting together share one commit (`WriteLane`).
            return try await withTaskExecutorPreference(onWriterThread) {
                try await lane.run(writer.sql(queryLogLevel: nil), body)
            }
        case .postgres(let client, _):
            return try await client.withConnection { connection in
                try await Self.inTransaction(connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
            }
        }
    }

    private static func inTransaction<T: Sendable>(
        _ sql: any SQLDatabase, begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await sql.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Runs `body` on the writer (SQLite) or a pooled connection outside any transaction (for statements such as `VACUUM INTO` that refuse one).
    public func withoutTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let writer, let lane, _, _, _, _, _):
            _ = await lane.enter(.alone)
            defer { lane.release() }
            return try await body(writer.sql(queryLogLevel: nil))
        case .postgres(let client, _):
            return try await client.withConnection { connection in try await body(connection.sql(queryLogLevel: nil)) }
        }
    }

    /// The SQLite file path, when the engine is SQLite.
    public var sqlitePath: String? {
        if case .sqlite(_, _, _, _, let path, _, _) = backend { return path }
        return nil
    }

    /// Closes every connection.
    public func close() async {
        switch backend {
        case .sqlite(_, _, _, let all, _, let writerThread, _):
            for connection in all { try? await connection.close() }
            try? await writerThread.shutdownGracefully()
        case .postgres(_, let runner):
            runner.cancel()
            await runner.value
        }
    }
}
