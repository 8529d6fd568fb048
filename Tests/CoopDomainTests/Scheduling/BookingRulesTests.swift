import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// Booking checks on Monday 16 March 2026, Los Angeles (09:00 PDT = 16:00Z), hours 09:00–12:00, 50-minute sessions
/// on the hour, 10-minute after-buffer, 24 h notice.
@Suite("Booking rules")
struct BookingRulesTests {
    static let rules = F.rules([F.rule(.monday, "09:00", "12:00")], session: F.session(50, after: 10, notice: 1440))
    static let now = F.utc("2026-03-10T12:00:00Z")

    static func request(_ start: String, minutes: Int = 50, state: USState = .CA) -> BookingRequest {
        BookingRequest(client: F.client, slot: F.slot(start, minutes: minutes), clientState: state)
    }

    static func existing(_ start: String, status: AppointmentStatus = .booked) -> Appointment {
        Appointment(id: .make(), therapist: F.therapist, client: .make(), slot: F.slot(start), status: status, clientState: .CA)
    }

    static func problems(
        _ request: BookingRequest,
        appointments: [Appointment] = [],
        now: Date = now,
        alignment: SlotAlignment = .offeredSlot
    )
        -> [BookingProblem]
    {
        BookingRules.problems(request, rules: rules, appointments: appointments, credentials: F.caCredentials, now: now, alignment: alignment)
    }

    @Test func anOfferedSlotCanBeBooked() throws {
        #expect(Self.problems(Self.request("2026-03-16T16:00:00Z")).isEmpty)
        try BookingRules.requireBookable(
            Self.request("2026-03-16T16:00:00Z"),
            rules: Self.rules,
            appointments: [],
            credentials: F.caCredentials,
            now: Self.now
        )
    }

    @Test func overlappingAnotherBookingIsRefused() {
        let other = Self.existing("2026-03-16T17:00:00Z")
        #expect(Self.problems(Self.request("2026-03-16T17:00:00Z"), appointments: [other]) == [.overlapsBooking(other.id)])
        // A 16:00 session ends 16:50 and its buffer 17:00, touching but not overlapping.
        #expect(Self.problems(Self.request("2026-03-16T16:00:00Z"), appointments: [other]).isEmpty)
        // Cancelled appointments free their time.
        #expect(
            Self.problems(Self.request("2026-03-16T17:00:00Z"), appointments: [Self.existing("2026-03-16T17:00:00Z", status: .cancelled)]).isEmpty
        )
    }

    @Test func reschedulingIgnoresTheAppointmentBeingMoved() {
        let moving = Self.existing("2026-03-16T17:00:00Z")
        let found = BookingRules.problems(
            Self.request("2026-03-16T17:00:00Z"),
            rules: Self.rules,
            appointments: [moving],
            credentials: F.caCredentials,
            now: Self.now,
            ignoring: moving.id
        )
        #expect(found.isEmpty)
    }

    @Test func pastAndNotice() {
        #expect(Self.problems(Self.request("2026-03-16T16:00:00Z"), now: F.utc("2026-03-16T16:30:00Z")).first == .inPast)
        let notice = Self.problems(Self.request("2026-03-16T16:00:00Z"), now: F.utc("2026-03-15T17:00:00Z"))
        #expect(notice == [.insideMinimumNotice(earliest: F.utc("2026-03-16T17:00:00Z"))])
    }

    @Test func outsideTheHoursOrOffTheGrid() {
        #expect(Self.problems(Self.request("2026-03-16T20:00:00Z")) == [.outsideAvailability])
        #expect(Self.problems(Self.request("2026-03-16T16:30:00Z")) == [.outsideAvailability])
        #expect(Self.problems(Self.request("2026-03-16T16:00:00Z", minutes: 80)) == [.outsideAvailability])
        // Staff may book off the grid or longer, as long as it stays inside the hours.
        #expect(Self.problems(Self.request("2026-03-16T16:30:00Z"), alignment: .insideHours).isEmpty)
        #expect(Self.problems(Self.request("2026-03-16T18:30:00Z", minutes: 50), alignment: .insideHours) == [.outsideAvailability])
    }

    @Test func licenceMustCoverTheClientsState() {
        let found = Self.problems(Self.request("2026-03-16T16:00:00Z", state: .OR))
        #expect(found == [.notLicensed(.OR, [.noAuthorityInState(.OR)])])
        let expired = PracticeCredentials(therapist: F.therapist, licenses: [F.caLicense(expires: "2026-03-15")])
        let late = BookingRules.problems(
            Self.request("2026-03-16T16:00:00Z"),
            rules: Self.rules,
            appointments: [],
            credentials: expired,
            now: Self.now
        )
        #expect(late == [.notLicensed(.CA, [.credentialExpired(state: .CA, type: .lmft, number: "123456", expiredAfter: F.day("2026-03-15"))])])
    }

    @Test func capsApplyToBooking() {
        let capped = F.rules([F.rule(.monday, "09:00", "12:00")], session: F.session(50, after: 10, perDay: 1, perWeek: 1))
        let found = BookingRules.problems(
            Self.request("2026-03-16T18:00:00Z"),
            rules: capped,
            appointments: [Self.existing("2026-03-16T16:00:00Z")],
            credentials: F.caCredentials,
            now: Self.now
        )
        #expect(found == [.dailyLimitReached(F.day("2026-03-16"), limit: 1), .weeklyLimitReached(weekStarting: F.day("2026-03-16"), limit: 1)])
    }

    @Test func everyProblemIsReportedTogether() {
        let other = Self.existing("2026-03-16T16:30:00Z")
        let found = Self.problems(Self.request("2026-03-16T16:30:00Z", state: .NV), appointments: [other], now: F.utc("2026-03-16T10:00:00Z"))
        #expect(found.count == 4)
        #expect(throws: SchedulingError.notBookable(found)) {
            try BookingRules.requireBookable(
                Self.request("2026-03-16T16:30:00Z", state: .NV),
                rules: Self.rules,
                appointments: [other],
                credentials: F.caCredentials,
                now: F.utc("2026-03-16T10:00:00Z")
            )
        }
    }
}
