import Foundation

/// Progressive throttling of failed sign-ins for one account; it slows guessing down but never locks anyone out
/// for good (DOMAIN.md §6.6, ASVS 5.0 6.1.1/6.3.1 "prevent malicious account lockout").
///
/// The policy, with the default values:
/// - The first 3 consecutive failures cost nothing, so a mistyped password is not punished.
/// - Each further failure doubles the wait before the next try: 1 s, 2 s, 4 s, 8 s, 16 s, 32 s.
/// - From the 10th consecutive failure on, the wait is a 15-minute soft lock after each failure.
/// - A successful sign-in resets the count to zero; nothing ever needs an administrator to unlock.
///
/// Callers refuse a try that comes before `nextAllowed` without checking the password and without counting it
/// as a failure. That caps guessing at about 14 failures in the first hour and 4 an hour after that, far under
/// the 100 failed attempts per hour per account that NIST SP 800-63B-4 and ASVS 4.0.3 2.2.1 allow.
/// The type is pure arithmetic over the stored count and time; storage and the reset belong to the caller.
public struct LoginThrottle: Sendable {
    /// Consecutive failures that carry no delay.
    public let freeAttempts: Int
    /// The consecutive-failure count from which every failure costs `softLock`.
    public let softLockAfter: Int
    /// How long a soft lock lasts, in seconds.
    public let softLock: TimeInterval
    /// The ceiling for the doubling delay before the soft lock begins, in seconds.
    public let maximumDelay: TimeInterval

    /// Creates a throttle; the defaults are the policy described on the type.
    public init(freeAttempts: Int = 3, softLockAfter: Int = 10, softLock: TimeInterval = 900, maximumDelay: TimeInterval = 900) {
        precondition(freeAttempts >= 0, "freeAttempts must not be negative")
        precondition(softLockAfter >= 1, "softLockAfter must be at least 1")
        precondition(softLock >= 0 && maximumDelay >= 0, "delays must not be negative")
        self.freeAttempts = freeAttempts
        self.softLockAfter = softLockAfter
        self.softLock = softLock
        self.maximumDelay = maximumDelay
    }

    /// Seconds to wait after the `n`th consecutive failure before another try is allowed.
    public func delay(afterConsecutiveFailures n: Int) -> TimeInterval {
        if n >= softLockAfter {
            return softLock
        }
        if n <= freeAttempts {
            return 0
        }
        let exponent = n - freeAttempts - 1
        // 2^62 seconds is past any sensible ceiling; stopping there keeps the shift from overflowing.
        guard exponent < 62 else { return maximumDelay }
        return min(TimeInterval(Int64(1) << Int64(exponent)), maximumDelay)
    }

    /// The earliest time of the next allowed try, or nil when a try is allowed at any time.
    public func nextAllowed(consecutiveFailures: Int, lastFailure: Date?) -> Date? {
        guard let lastFailure else { return nil }
        let wait = delay(afterConsecutiveFailures: consecutiveFailures)
        guard wait > 0 else { return nil }
        return lastFailure.addingTimeInterval(wait)
    }

    /// Whether a sign-in may be tried at `now`, given the stored failure count and time of the last failure.
    public func isAllowed(consecutiveFailures: Int, lastFailure: Date?, now: Date) -> Bool {
        guard let next = nextAllowed(consecutiveFailures: consecutiveFailures, lastFailure: lastFailure) else {
            return true
        }
        return now >= next
    }
}
