import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

@Suite("Cancellation, reschedule and no-show")
struct CancellationTests {
    static let start = "2026-03-16T16:00:00Z"
    static let policy = try! CancellationPolicy(
        windowSeconds: 86_400,
        lateCancellationFee: .fixed(Money(cents: 7500)),
        noShowFee: .percentOfSessionFee(100)
    )
    static let fullFee = Money(cents: 15000)

    static func appointment() -> Appointment {
        Appointment(id: .make(), therapist: F.therapist, client: F.client, slot: F.slot(start), clientState: .CA)
    }

    /// (seconds before the start, timing, fee charged to the client on a $150 session)
    @Test(arguments: [
        (86_460.0, CancellationTiming.onTime, 0), (86_400, .onTime, 0), (86_399, .late, 7500), (3_600, .late, 7500), (-600, .late, 7500),
    ])
    func clientCancellation(secondsBefore: Double, timing: CancellationTiming, fee: Int) throws {
        let at = F.utc(Self.start).addingTimeInterval(-secondsBefore)
        let cancelled = try Self.appointment().cancelled(by: .client, at: at, policy: Self.policy, sessionFee: Self.fullFee)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.sequence == 1)
        #expect(cancelled.cancellation?.timing == timing)
        #expect(cancelled.cancellation?.fee == Money(cents: fee))
    }

    @Test func aTherapistsLateCancellationCostsTheClientNothing() throws {
        let at = F.utc(Self.start).addingTimeInterval(-3_600)
        let cancelled = try Self.appointment().cancelled(by: .therapist, at: at, policy: Self.policy, sessionFee: Self.fullFee)
        #expect(cancelled.cancellation == CancellationRecord(at: at, by: .therapist, timing: .late, fee: .zero))
    }

    @Test func aFeeNeverExceedsASlidingScaleSessionFee() throws {
        let at = F.utc(Self.start).addingTimeInterval(-3_600)
        let cancelled = try Self.appointment().cancelled(by: .client, at: at, policy: Self.policy, sessionFee: Money(cents: 3000))
        #expect(cancelled.cancellation?.fee == Money(cents: 3000))
    }

    @Test func cancellingTwiceIsRefused() throws {
        let once = try Self.appointment().cancelled(by: .client, at: F.utc("2026-03-01T00:00:00Z"), policy: Self.policy, sessionFee: Self.fullFee)
        #expect(throws: SchedulingError.appointmentNotActive(once.id, .cancelled)) {
            try once.cancelled(by: .client, at: F.utc("2026-03-02T00:00:00Z"), policy: Self.policy, sessionFee: Self.fullFee)
        }
    }

    @Test func lateRescheduleIsChargedOnlyWhenThePolicySaysSo() throws {
        let late = F.utc(Self.start).addingTimeInterval(-7_200)
        let newSlot = F.slot("2026-03-23T16:00:00Z")
        let free = try Self.appointment().rescheduled(to: newSlot, by: .client, at: late, policy: Self.policy, sessionFee: Self.fullFee)
        #expect(free.timing == .late)
        #expect(free.fee == .zero)
        #expect(free.appointment.slot == newSlot)
        #expect(free.appointment.sequence == 1)
        let strict = try CancellationPolicy(
            windowSeconds: 86_400,
            lateCancellationFee: .fixed(Money(cents: 7500)),
            noShowFee: .none,
            lateRescheduleIsCharged: true
        )
        let charged = try Self.appointment().rescheduled(to: newSlot, by: .client, at: late, policy: strict, sessionFee: Self.fullFee)
        #expect(charged.fee == Money(cents: 7500))
    }

    @Test func noShow() throws {
        let appointment = Self.appointment()
        #expect(throws: SchedulingError.noShowBeforeStart(appointment.id)) {
            try appointment.noShow(at: F.utc(Self.start).addingTimeInterval(-60), policy: Self.policy, sessionFee: Self.fullFee)
        }
        let missed = try appointment.noShow(at: F.utc(Self.start).addingTimeInterval(900), policy: Self.policy, sessionFee: Money(cents: 4525))
        #expect(missed.status == .noshow)
        #expect(missed.noShowFee == Money(cents: 4525))
    }

    @Test func percentagesRoundHalfUpToTheCent() throws {
        #expect(Money(cents: 4525).percent(50) == Money(cents: 2263))
        #expect(Money(cents: 4524).percent(50) == Money(cents: 2262))
        #expect(FeeRule.percentOfSessionFee(25).amount(sessionFee: Money(cents: 999)) == Money(cents: 250))
        #expect(Money(cents: 123_456).description == "$1234.56")
        #expect(Money(cents: -5).description == "-$0.05")
    }

    @Test func policyValuesAreChecked() {
        #expect(throws: SchedulingError.invalidSetting(name: "windowSeconds", value: -1)) {
            try CancellationPolicy(windowSeconds: -1, lateCancellationFee: .none, noShowFee: .none)
        }
        #expect(throws: SchedulingError.invalidSetting(name: "percentOfSessionFee", value: 150)) {
            try CancellationPolicy(windowSeconds: 3600, lateCancellationFee: .percentOfSessionFee(150), noShowFee: .none)
        }
    }
}
