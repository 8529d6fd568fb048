import Foundation

/// When a message that could not be sent is tried again: after 1 minute, then 2, 4, 8 … (never more than the
/// longest delay), and given up after ``maximumAttempts`` tries. A permanent refusal (an SMTP 5xx reply) is not retried.
public struct MailRetryPolicy: Sendable, Equatable {
    /// Tries in all, the first included.
    public var maximumAttempts: Int
    /// The wait after the first failed try.
    public var firstDelay: TimeInterval
    /// The longest wait between tries.
    public var longestDelay: TimeInterval

    /// Creates a policy.
    public init(maximumAttempts: Int = 8, firstDelay: TimeInterval = 60, longestDelay: TimeInterval = 3600) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
    }

    /// The standard policy: 8 tries over about two hours.
    public static let standard = MailRetryPolicy()

    /// The wait after the `attempts`-th failed try (1-based): first, 2×first, 4×first …, capped.
    public func delay(afterAttempt attempts: Int) -> TimeInterval {
        let exponent = min(max(attempts - 1, 0), 30)
        return min(firstDelay * Double(1 << exponent), longestDelay)
    }

    /// When to try again after the `attempts`-th try failed, or nil to give up.
    public func nextAttempt(afterAttempt attempts: Int, permanent: Bool, at now: Date) -> Date? {
        guard !permanent, attempts < maximumAttempts else { return nil }
        return now.addingTimeInterval(delay(afterAttempt: attempts))
    }
}

/// Where an outbox message stands.
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting to be sent (again).
    case queued
    /// Accepted by the mail relay.
    case sent
    /// Given up: refused permanently or too many failed tries.
    case failed
}
