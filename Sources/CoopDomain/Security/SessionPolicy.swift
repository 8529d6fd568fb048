import Foundation

/// How long a signed-in session lasts (DOMAIN.md §6.6; OWASP ASVS 7.3): an idle timeout and an absolute lifetime.
public struct SessionPolicy: Sendable, Equatable {
    /// Idle timeout for staff roles.
    public var staffIdle: TimeInterval
    /// Idle timeout for everyone else.
    public var otherIdle: TimeInterval
    /// Absolute lifetime of any session.
    public var absolute: TimeInterval
    /// Time a password-verified session may wait for its second factor.
    public var pendingSecondFactor: TimeInterval

    /// The defaults: 30 minutes idle, 12 hours absolute, 5 minutes to enter a second factor.
    public static let standard = SessionPolicy(staffIdle: 30 * 60, otherIdle: 30 * 60, absolute: 12 * 3600, pendingSecondFactor: 5 * 60)

    /// Creates a policy.
    public init(staffIdle: TimeInterval, otherIdle: TimeInterval, absolute: TimeInterval, pendingSecondFactor: TimeInterval) {
        self.staffIdle = staffIdle
        self.otherIdle = otherIdle
        self.absolute = absolute
        self.pendingSecondFactor = pendingSecondFactor
    }

    /// The idle timeout for a person with these roles.
    public func idleTimeout(for roles: Set<Role>) -> TimeInterval {
        roles.contains(where: \.isStaff) ? staffIdle : otherIdle
    }

    /// Whether a session created at `created` and last used at `lastSeen` is still valid at `now`.
    public func isValid(created: Date, lastSeen: Date, roles: Set<Role>, mfaPending: Bool, now: Date) -> Bool {
        if mfaPending { return now.timeIntervalSince(created) < pendingSecondFactor }
        return now.timeIntervalSince(created) < absolute && now.timeIntervalSince(lastSeen) < idleTimeout(for: roles)
    }
}
