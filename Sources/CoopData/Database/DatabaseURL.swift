import Foundation

/// Where the data lives: an SQLite file (the default) or a PostgreSQL server.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, user: String, password: String?, database: String)

    /// The default: an SQLite file in `coopcare-data/` under the working directory.
    public static let defaultURL = DatabaseURL.sqlite(path: "coopcare-data/coopcare.sqlite")

    /// Parses `sqlite://relative/path.sqlite`, `sqlite:///absolute/path.sqlite` or `postgres://user:pass@host:port/db`.
    public init(parsing text: String) throws(DatabaseError) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalidURL("an SQLite URL needs a file path") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"),
            let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else { throw .invalidURL("use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard let user = components.user, !database.isEmpty else {
            throw .invalidURL("a PostgreSQL URL needs a user and a database name")
        }
        self = .postgres(
            host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database
        )
    }

    /// The URL with any password hidden, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let host, let port, let user, _, let database): "postgres://\(user):***@\(host):\(port)/\(database)"
        }
    }
}

/// What can go wrong opening or using the database.
public enum DatabaseError: Error, Equatable, Sendable {
    case invalidURL(String)
    case notMigrated
    case backupFailed(String)
    case restoreFailed(String)
}
