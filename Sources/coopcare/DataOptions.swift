import ArgumentParser
import CoopApp
import CoopData
import Foundation
import Logging

/// The options every command that touches data takes: where the data is and where the master key is.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB (env COOPCARE_DATABASE_URL).")
    var database: String?

    @Option(name: .long, help: "The master key file, created (mode 0600) if absent (env COOPCARE_KEY_FILE). COOPCARE_MASTER_KEY overrides it.")
    var keyFile: String?

    /// Command line, then environment, then the default.
    func databaseURL() throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment["COOPCARE_DATABASE_URL"]
        guard let text, !text.isEmpty else { return .defaultURL }
        return try DatabaseURL(parsing: text)
    }

    /// The master key: the environment value, or the key file (next to an SQLite database by default).
    func masterKey() throws -> MasterKey {
        let environment = ProcessInfo.processInfo.environment
        let file = keyFile ?? environment["COOPCARE_KEY_FILE"] ?? "coopcare-data/master.key"
        return try MasterKey.load(environmentValue: environment["COOPCARE_MASTER_KEY"], file: file)
    }

    /// Opens the database alone (no keys, no migrations), runs `body`, and closes it.
    func withDatabase<T>(_ body: (Database) async throws -> T) async throws -> T {
        let database = try await Database.open(try databaseURL(), readers: 1, logger: quietLogger())
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    /// Opens the data with migrations applied and keys loaded, runs `body`, and closes it.
    func withServices<T>(publicURL: String = "http://127.0.0.1:8080", logger: Logger = quietLogger(), _ body: (CoopServices) async throws -> T) async throws -> T {
        let services = try await CoopServices.start(
            databaseURL: try databaseURL(), masterKey: try masterKey(), publicURL: publicURL, passwordCost: PasswordCostOption.fromEnvironment(),
            logger: logger
        )
        do {
            let result = try await body(services)
            await services.database.close()
            return result
        } catch {
            await services.database.close()
            throw error
        }
    }
}

/// Terminal commands log only warnings.
func quietLogger() -> Logger {
    var logger = Logger(label: "coopcare")
    logger.logLevel = .warning
    return logger
}

/// `COOPCARE_PASSWORD_COST=test` lowers the scrypt cost for test runs; anything else keeps the standard cost.
enum PasswordCostOption {
    static func fromEnvironment() -> PasswordHasher.Cost {
        ProcessInfo.processInfo.environment["COOPCARE_PASSWORD_COST"] == "test" ? .fastForTests : .standard
    }
}
