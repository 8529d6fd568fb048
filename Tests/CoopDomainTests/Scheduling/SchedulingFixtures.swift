import CoopDomain
import Foundation

/// Builders with readable defaults for the scheduling tests. Known instants are written as UTC text taken from the
/// tz database (checked with Python's `zoneinfo`), never computed by the code under test.
enum SchedulingFixtures {
    static let losAngeles = try! IANATimeZone("America/Los_Angeles")
    static let newYork = try! IANATimeZone("America/New_York")

    /// An instant from `2026-03-10T16:00:00Z`.
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
        return date
    }

    /// UTC text for an instant, to compare with expected tables.
    static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func day(_ text: String) -> LocalDate { try! LocalDate(text) }
    static func time(_ text: String) -> LocalTime { try! LocalTime(text) }
    static func rule(_ weekday: Weekday, _ start: String, _ end: String) -> WeeklyRule { WeeklyRule(weekday, time(start), time(end)) }

    static func session(
        _ minutes: Int = 50,
        before: Int = 0,
        after: Int = 0,
        every: Int? = 60,
        notice: Int = 0,
        perDay: Int? = nil,
        perWeek: Int? = nil
    ) -> SessionSettings {
        try! SessionSettings(
            sessionMinutes: minutes,
            bufferBeforeMinutes: before,
            bufferAfterMinutes: after,
            startEveryMinutes: every,
            minimumNoticeMinutes: notice,
            maximumPerDay: perDay,
            maximumPerWeek: perWeek
        )
    }

    static func rules(
        _ weekly: [WeeklyRule],
        zone: IANATimeZone = losAngeles,
        session: SessionSettings = session(),
        timeOff: [TimeOff] = []
    ) -> AvailabilityRules {
        try! AvailabilityRules(zone: zone, weekly: weekly, timeOff: timeOff, session: session)
    }

    static func slot(_ start: String, minutes: Int = 50) -> Slot { try! Slot(start: utc(start), minutes: minutes) }

    static func busy(_ start: String, minutes: Int = 50, kind: BusyTime.Kind = .session) -> BusyTime {
        try! BusyTime(start: utc(start), end: utc(start).addingTimeInterval(TimeInterval(minutes * 60)), kind: kind)
    }

    /// Open slot starts as UTC text, for the whole of [from, to).
    static func openStarts(
        _ rules: AvailabilityRules,
        from: String,
        to: String,
        now: String = "2026-01-01T00:00:00Z",
        exceptions: [DateException] = [],
        bookings: [BusyTime] = []
    ) throws -> [String] {
        try AvailabilityCalculator.openSlots(rules: rules, exceptions: exceptions, bookings: bookings, from: utc(from), to: utc(to), now: utc(now))
            .map { text($0.start) }
    }

    static let therapist = MemberID.make()
    static let client = MemberID.make()

    static func caLicense(_ type: LicenseType = .lmft, expires: String = "2027-12-31", status: CredentialStatus = .active) -> Credential {
        try! Credential(state: .CA, type: type, number: "123456", status: status, expires: day(expires))
    }

    /// A therapist licensed in California only.
    static let caCredentials = PracticeCredentials(therapist: therapist, licenses: [caLicense()])
}
