import CoopDomain
import Foundation
import Testing

/// Known answers from DOMAIN.md §6.6: 3 free tries, then 1 s doubling, then a 15-minute soft lock from failure 10.
@Suite("Login throttle")
struct LoginThrottleTests {
    let throttle = LoginThrottle()
    let lastFailure = Date(timeIntervalSince1970: 1_700_000_000)

    @Test(
        "Delay after n consecutive failures",
        arguments: [
            (0, 0.0), (1, 0), (2, 0), (3, 0), (4, 1), (5, 2), (6, 4), (7, 8), (8, 16), (9, 32),
            (10, 900), (11, 900), (99, 900), (10_000, 900),
        ] as [(Int, TimeInterval)]
    )
    func delays(failures: Int, expected: TimeInterval) {
        #expect(throttle.delay(afterConsecutiveFailures: failures) == expected)
    }

    @Test("The doubling delay is capped at maximumDelay")
    func cappedDoubling() {
        let slow = LoginThrottle(freeAttempts: 0, softLockAfter: 1_000, softLock: 3_600, maximumDelay: 60)
        #expect(slow.delay(afterConsecutiveFailures: 6) == 32)
        #expect(slow.delay(afterConsecutiveFailures: 7) == 60)
        #expect(slow.delay(afterConsecutiveFailures: 999) == 60)
        #expect(slow.delay(afterConsecutiveFailures: 1_000) == 3_600)
    }

    @Test("No wait before the first failure or during the free attempts")
    func freeAttempts() {
        #expect(throttle.nextAllowed(consecutiveFailures: 0, lastFailure: nil) == nil)
        #expect(throttle.nextAllowed(consecutiveFailures: 12, lastFailure: nil) == nil)
        #expect(throttle.nextAllowed(consecutiveFailures: 3, lastFailure: lastFailure) == nil)
        #expect(throttle.isAllowed(consecutiveFailures: 3, lastFailure: lastFailure, now: lastFailure))
    }

    @Test("Exponential phase: allowed exactly when the delay has passed")
    func exponentialPhase() {
        #expect(throttle.nextAllowed(consecutiveFailures: 6, lastFailure: lastFailure) == lastFailure + 4)
        #expect(!throttle.isAllowed(consecutiveFailures: 6, lastFailure: lastFailure, now: lastFailure + 3.9))
        #expect(throttle.isAllowed(consecutiveFailures: 6, lastFailure: lastFailure, now: lastFailure + 4))
    }

    @Test("Soft lock of 15 minutes after 10 failures, never permanent")
    func softLockEnds() {
        for failures in [10, 11, 50, 100, 1_000_000] {
            #expect(throttle.nextAllowed(consecutiveFailures: failures, lastFailure: lastFailure) == lastFailure + 900)
            #expect(!throttle.isAllowed(consecutiveFailures: failures, lastFailure: lastFailure, now: lastFailure + 899))
            #expect(throttle.isAllowed(consecutiveFailures: failures, lastFailure: lastFailure, now: lastFailure + 900))
        }
    }

    @Test("An attacker trying as soon as allowed stays far under 100 failures an hour")
    func hourlyCeiling() {
        let start = lastFailure
        var now = start
        var failures = 0
        var last: Date?
        while now < start + 3_600 {
            if throttle.isAllowed(consecutiveFailures: failures, lastFailure: last, now: now) {
                failures += 1
                last = now
            }
            now = throttle.nextAllowed(consecutiveFailures: failures, lastFailure: last) ?? now + 0.1
        }
        #expect(failures <= 15)
        #expect(failures < 100)
    }
}
