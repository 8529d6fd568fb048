import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import CoopTestSupport
import Logging
import Testing

@testable import CoopWeb

/// A throwaway co-op for web tests: a fresh database (SQLite file, or PostgreSQL schema when
/// COOPCARE_TEST_POSTGRES_URL is set), fast password hashing, and helpers to sign in and post forms.
struct WebHarness: Sendable {
    let services: CoopServices
    let cleanup: @Sendable () async -> Void

    static func make(now: @escaping @Sendable () -> Date = { Date() }) async throws -> WebHarness {
        let (url, cleanup) = try await TestDatabase.make()
        let database = try await Database.open(url)
        try await MigrationRunner(database: database).migrate()
        let envelope = try await Envelope.load(master: .random(), database: database)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let services = CoopServices(
            database: database, envelope: envelope, passwordHasher: PasswordHasher(cost: .fastForTests),
            passwordPolicy: PasswordPolicy(blocklist: try CommonPasswords.load()), publicURL: "http://coop.test", logger: logger, now: now
        )
        return WebHarness(services: services) {
            await database.close()
            await cleanup()
        }
    }

    /// Runs `body` against the app, then throws the database away.
    static func run(now: @escaping @Sendable () -> Date = { Date() }, _ body: @Sendable (WebHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await make(now: now)
        let router = try await buildRouter(
            services: harness.services, configuration: WebConfiguration(publicURL: "http://coop.test"), registry: PrometheusCollectorRegistry()
        )
        let app = Application(router: router)
        do {
            try await app.test(.router) { client in try await body(harness, client) }
            await harness.cleanup()
        } catch {
            await harness.cleanup()
            throw error
        }
    }
}
