import CoopApp
import CoopData
import CoopDomain
import Foundation
import Logging

/// A clock tests can move.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Starts at `start`.
    public init(_ start: Date = Date()) { current = start }

    /// The current time.
    public var now: Date { lock.withLock { current } }

    /// Moves time forward.
    public func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// Services over a throwaway database, with fast password hashing, for use-case and web tests.
public struct TestServices: Sendable {
    public let services: CoopServices
    public let cleanup: @Sendable () async -> Void

    /// Makes services on a fresh database; `clock` drives `services.now`.
    public static func make(clock: TestClock = TestClock()) async throws -> TestServices {
        let (url, cleanup) = try await TestDatabase.make()
        let database = try await Database.open(url)
        do {
            try await MigrationRunner(database: database).migrate()
            let envelope = try await Envelope.load(master: .random(), database: database)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let services = CoopServices(
                database: database, envelope: envelope, passwordHasher: PasswordHasher(cost: .fastForTests),
                passwordPolicy: PasswordPolicy(blocklist: try CommonPasswords.load()), publicURL: "http://coop.test", logger: logger,
                now: { clock.now }
            )
            return TestServices(services: services) {
                await database.close()
                await cleanup()
            }
        } catch {
            await database.close()
            await cleanup()
            throw error
        }
    }

    /// Runs `body` with fresh services and always cleans up.
    public static func with(clock: TestClock = TestClock(), _ body: (CoopServices) async throws -> Void) async throws {
        let made = try await make(clock: clock)
        do {
            try await body(made.services)
            await made.cleanup()
        } catch {
            await made.cleanup()
            throw error
        }
    }

    /// Creates an active member directly (no invitation), with a TOTP secret when `mfa` is true; returns it and the secret.
    @discardableResult
    public static func member(
        _ services: CoopServices, roles: Set<Role>, mfa: Bool? = nil, email: String? = nil, password: String = "a long test passphrase here",
        language: Language = .english
    ) async throws -> (member: Member, totpSecret: [UInt8]?) {
        let enabled = mfa ?? roles.requireMFA
        let member = Member(
            id: .make(), email: try EmailAddress(email ?? "person-\(UUID().uuidString.prefix(8))@example.org"), displayName: try DisplayName("Test Person"),
            roles: roles, status: .active, language: language, mfaEnabled: enabled, createdAt: services.now()
        )
        let hash = try services.passwordHasher.hash(password)
        let secret = enabled ? TOTP.generateSecret() : nil
        let sealed = try secret.map { try services.envelope.seal($0, context: SealedColumn.mfaSecret.context(id: member.id.rawValue)) }
        try await services.database.transaction { sql in
            try await MemberStore().insert(member, passwordHash: hash, sql: sql)
            if let sealed { try await MemberStore().setMFA(sealedSecret: sealed, enabled: true, lastStep: 0, for: member.id, sql: sql) }
        }
        return (member, secret)
    }
}
