import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

@Suite("Local dates, times and IANA zones")
struct LocalTimeTests {
    /// Weekdays from any printed calendar.
    @Test(arguments: [
        ("1970-01-01", Weekday.thursday), ("2000-02-29", .tuesday), ("2026-03-08", .sunday), ("2026-11-01", .sunday),
        ("2026-03-10", .tuesday), ("2024-12-31", .tuesday), ("1969-12-31", .wednesday),
    ])
    func weekdays(date: String, weekday: Weekday) throws {
        #expect(try LocalDate(date).weekday == weekday)
    }

    @Test func dayArithmeticRoundTrips() throws {
        let start = try LocalDate("2024-02-28")
        #expect(start.adding(days: 1).description == "2024-02-29")
        #expect(start.adding(days: 2).description == "2024-03-01")
        #expect(try LocalDate("2026-12-31").adding(days: 1).description == "2027-01-01")
        #expect(try LocalDate("1970-01-01").daysSinceEpoch == 0)
        // 2026-03-08 is 20520 days after the epoch (Python: date(2026,3,8) - date(1970,1,1)).
        #expect(try LocalDate("2026-03-08").daysSinceEpoch == 20520)
        #expect(try LocalDate("2026-03-11").startOfWeek(firstDay: .monday).description == "2026-03-09")
        #expect(try LocalDate("2026-03-08").startOfWeek(firstDay: .monday).description == "2026-03-02")
        #expect(try LocalDate("2026-03-08").startOfWeek(firstDay: .sunday).description == "2026-03-08")
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-04-31", "26-03-08", "2026-3-8", "2026/03/08", "", "2026-03-0x"])
    func invalidDates(text: String) {
        #expect(throws: SchedulingError.invalidDate(text)) { try LocalDate(text) }
    }

    @Test(arguments: ["24:01", "25:00", "9:00", "09:60", "-1:00", "0900", "ab:cd"])
    func invalidTimes(text: String) {
        #expect(throws: SchedulingError.self) { try LocalTime(text) }
    }

    @Test func timesParse() throws {
        #expect(try LocalTime("00:00") == .midnight)
        #expect(try LocalTime("24:00") == .endOfDay)
        #expect(try LocalTime("09:30").minutes == 570)
    }

    @Test(arguments: ["PST", "EST", "Mars/Base", "America/Nowhere", "GMT+5", "", "America/Los Angeles", "/etc/passwd"])
    func unknownZones(identifier: String) {
        #expect(throws: SchedulingError.unknownTimeZone(identifier)) { try IANATimeZone(identifier) }
    }

    @Test(arguments: ["America/Los_Angeles", "America/New_York", "Asia/Kolkata", "Europe/London", "UTC", "America/Phoenix"])
    func knownZones(identifier: String) throws {
        #expect(try IANATimeZone(identifier).identifier == identifier)
    }

    /// The 2026 transitions in the tz database: LA jumps at 10:00Z on 8 March and falls back at 09:00Z on
    /// 1 November; New York at 07:00Z and 06:00Z.
    @Test func resolvingAcrossTransitions() throws {
        let la = F.losAngeles
        #expect(la.resolve(F.day("2026-03-08"), F.time("01:59")) == .unique(F.utc("2026-03-08T09:59:00Z")))
        #expect(
            la.resolve(F.day("2026-03-08"), F.time("02:30"))
                == .skipped(transition: F.utc("2026-03-08T10:00:00Z"), shiftedForward: F.utc("2026-03-08T10:30:00Z"))
        )
        #expect(la.resolve(F.day("2026-03-08"), F.time("03:00")) == .unique(F.utc("2026-03-08T10:00:00Z")))
        #expect(
            la.resolve(F.day("2026-11-01"), F.time("01:30"))
                == .repeated(earlier: F.utc("2026-11-01T08:30:00Z"), later: F.utc("2026-11-01T09:30:00Z"))
        )
        #expect(la.resolve(F.day("2026-11-01"), F.time("02:00")) == .unique(F.utc("2026-11-01T10:00:00Z")))
        let ny = F.newYork
        #expect(
            ny.resolve(F.day("2026-03-08"), F.time("02:00"))
                == .skipped(transition: F.utc("2026-03-08T07:00:00Z"), shiftedForward: F.utc("2026-03-08T07:00:00Z"))
        )
        #expect(
            ny.resolve(F.day("2026-11-01"), F.time("01:00"))
                == .repeated(earlier: F.utc("2026-11-01T05:00:00Z"), later: F.utc("2026-11-01T06:00:00Z"))
        )
    }

    @Test func localDateOfAnInstant() {
        // 2026-03-11T06:30Z is still 10 March in Los Angeles (23:30 PDT) and already 11 March in New York.
        #expect(F.losAngeles.localDate(at: F.utc("2026-03-11T06:30:00Z")).description == "2026-03-10")
        #expect(F.newYork.localDate(at: F.utc("2026-03-11T06:30:00Z")).description == "2026-03-11")
        #expect(F.losAngeles.local(at: F.utc("2026-11-01T09:30:00Z")).time.description == "01:30")
    }

    @Test func zoneRoundTripsThroughCodable() throws {
        let data = try JSONEncoder().encode(F.losAngeles)
        #expect(String(decoding: data, as: UTF8.self).contains("Los_Angeles"))
        #expect(try JSONDecoder().decode(IANATimeZone.self, from: data) == F.losAngeles)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IANATimeZone.self, from: Data("\"PST\"".utf8)) }
    }
}
