import CoopData
import CoopDomain
import Foundation
import Logging

/// Everything the use cases need, gathered in one plain struct and passed through initialisers.
public struct CoopServices: Sendable {
    public var database: Database
    public var envelope: Envelope
    public var passwordHasher: PasswordHasher
    public var passwordPolicy: PasswordPolicy
    public var throttle: LoginThrottle
    public var sessionPolicy: SessionPolicy
    /// How long an invitation link stays valid.
    public var invitationLifetime: TimeInterval
    /// The address people reach the service at, for links in emails and printed setup links.
    public var publicURL: String
    public var logger: Logger
    /// Sessions resolved in the last moment (see `SessionCache`).
    public var sessionCache: SessionCache
    /// Therapist records between bookings, checked against the database on every use (see `TherapistCache`).
    public var therapistCache: TherapistCache
    /// The time source; tests move it.
    public var now: @Sendable () -> Date

    /// Creates the services.
    public init(
        database: Database, envelope: Envelope, passwordHasher: PasswordHasher = PasswordHasher(),
        passwordPolicy: PasswordPolicy, throttle: LoginThrottle = LoginThrottle(), sessionPolicy: SessionPolicy = .standard,
        invitationLifetime: TimeInterval = 7 * 24 * 3600, publicURL: String, logger: Logger = Logger(label: "coopcare"),
        sessionCache: SessionCache = SessionCache(), therapistCache: TherapistCache = TherapistCache(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.envelope = envelope
        self.passwordHasher = passwordHasher
        self.passwordPolicy = passwordPolicy
        self.throttle = throttle
        self.sessionPolicy = sessionPolicy
        self.invitationLifetime = invitationLifetime
        self.publicURL = publicURL
        self.logger = logger
        self.sessionCache = sessionCache
        self.therapistCache = therapistCache
        self.now = now
    }

    /// Opens the database, applies migrations, loads the keys and the password blocklist.
    public static func start(
        databaseURL: DatabaseURL, masterKey: MasterKey, publicURL: String, passwordCost: PasswordHasher.Cost = .standard,
        logger: Logger = Logger(label: "coopcare")
    ) async throws -> CoopServices {
        let database = try await Database.open(databaseURL, logger: logger)
        do {
            try await MigrationRunner(database: database).migrate()
            let envelope = try await Envelope.load(master: masterKey, database: database)
            return CoopServices(
                database: database, envelope: envelope, passwordHasher: PasswordHasher(cost: passwordCost),
                passwordPolicy: PasswordPolicy(blocklist: try CommonPasswords.load()), publicURL: publicURL, logger: logger
            )
        } catch {
            await database.close()
            throw error
        }
    }
}
