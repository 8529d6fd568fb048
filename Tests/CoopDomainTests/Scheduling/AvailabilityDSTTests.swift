import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// Open slots across the 2026 daylight-saving changes. Expected instants were computed independently with Python's
/// `zoneinfo` (tz database 2025+): each grid start that exists, at its first occurrence (fold=0), kept when it ends
/// by the window's last instant.
@Suite("Availability across DST")
struct AvailabilityDSTTests {
    /// (zone, local date, rule start, rule end, session minutes, step minutes, expected UTC starts)
    static let transitionDays: [(String, String, String, String, Int, Int, [String])] = [
        ("America/Los_Angeles", "2026-03-08", "01:00", "03:00", 60, 60, ["2026-03-08T09:00:00Z"]),
        ("America/Los_Angeles", "2026-03-08", "01:00", "03:00", 30, 30, ["2026-03-08T09:00:00Z", "2026-03-08T09:30:00Z"]),
        ("America/Los_Angeles", "2026-03-08", "00:00", "04:00", 50, 60, ["2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z"]),
        ("America/Los_Angeles", "2026-11-01", "01:00", "03:00", 60, 60, ["2026-11-01T08:00:00Z", "2026-11-01T10:00:00Z"]),
        (
            "America/Los_Angeles", "2026-11-01", "01:00", "03:00", 30, 30,
            ["2026-11-01T08:00:00Z", "2026-11-01T08:30:00Z", "2026-11-01T10:00:00Z", "2026-11-01T10:30:00Z"]
        ),
        (
            "America/Los_Angeles", "2026-11-01", "00:00", "04:00", 50, 60,
            ["2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z", "2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z"]
        ),
        ("America/New_York", "2026-03-08", "01:00", "03:00", 60, 60, ["2026-03-08T06:00:00Z"]),
        ("America/New_York", "2026-03-08", "01:00", "03:00", 30, 30, ["2026-03-08T06:00:00Z", "2026-03-08T06:30:00Z"]),
        ("America/New_York", "2026-03-08", "00:00", "04:00", 50, 60, ["2026-03-08T05:00:00Z", "2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"]),
        ("America/New_York", "2026-11-01", "01:00", "03:00", 60, 60, ["2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z"]),
        (
            "America/New_York", "2026-11-01", "01:00", "03:00", 30, 30,
            ["2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z"]
        ),
        (
            "America/New_York", "2026-11-01", "00:00", "04:00", 50, 60,
            ["2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"]
        ),
    ]

    @Test("Windows over the skipped and repeated hours", arguments: transitionDays)
    func transitionDay(zone: String, date: String, start: String, end: String, minutes: Int, step: Int, expected: [String]) throws {
        let rules = F.rules([F.rule(.sunday, start, end)], zone: try IANATimeZone(zone), session: F.session(minutes, every: step))
        let found = try F.openStarts(rules, from: "\(date)T00:00:00Z", to: F.text(F.utc("\(date)T00:00:00Z").addingTimeInterval(2 * 86_400)))
        #expect(found == expected)
    }

    /// Tuesday 09:00 stays 09:00 local in the weeks either side of each change: (zone, date, first slot UTC).
    static let weekAfter: [(String, String, String)] = [
        ("America/Los_Angeles", "2026-03-03", "2026-03-03T17:00:00Z"), ("America/Los_Angeles", "2026-03-10", "2026-03-10T16:00:00Z"),
        ("America/Los_Angeles", "2026-10-27", "2026-10-27T16:00:00Z"), ("America/Los_Angeles", "2026-11-03", "2026-11-03T17:00:00Z"),
        ("America/New_York", "2026-03-03", "2026-03-03T14:00:00Z"), ("America/New_York", "2026-03-10", "2026-03-10T13:00:00Z"),
        ("America/New_York", "2026-10-27", "2026-10-27T13:00:00Z"), ("America/New_York", "2026-11-03", "2026-11-03T14:00:00Z"),
    ]

    @Test("09:00 local stays 09:00 local", arguments: weekAfter)
    func nineStaysNine(zone: String, date: String, firstSlot: String) throws {
        let tz = try IANATimeZone(zone)
        let rules = F.rules([F.rule(.tuesday, "09:00", "17:00")], zone: tz)
        let slots = try AvailabilityCalculator.openSlots(
            rules: rules,
            exceptions: [],
            bookings: [],
            from: F.utc("\(date)T00:00:00Z"),
            to: F.utc("\(date)T00:00:00Z").addingTimeInterval(2 * 86_400),
            now: F.utc("2026-01-01T00:00:00Z")
        )
        #expect(slots.count == 8)
        let first = try #require(slots.first)
        #expect(F.text(first.start) == firstSlot)
        #expect(SlotDisplay(first, in: tz).startTime.description == "09:00")
        #expect(SlotDisplay(try #require(slots.last), in: tz).startTime.description == "16:00")
    }

    @Test func aWholeMonthAcrossTheChangeKeepsLocalHours() throws {
        let rules = F.rules([F.rule(.monday, "09:00", "12:00"), F.rule(.thursday, "13:00", "15:00")])
        let slots = try AvailabilityCalculator.openSlots(
            rules: rules,
            exceptions: [],
            bookings: [],
            from: F.utc("2026-02-20T00:00:00Z"),
            to: F.utc("2026-03-31T00:00:00Z"),
            now: F.utc("2026-01-01T00:00:00Z")
        )
        let local = slots.map { SlotDisplay($0, in: F.losAngeles) }
        #expect(Set(local.map(\.startTime.description)) == ["09:00", "10:00", "11:00", "13:00", "14:00"])
        #expect(Set(local.map(\.weekday)) == [.monday, .thursday])
        // 6 Mondays (23 Feb … 30 Mar) x 3 + 5 Thursdays (26 Feb … 26 Mar) x 2.
        #expect(slots.count == 6 * 3 + 5 * 2)
    }

    @Test func aRepeatedStartIsOfferedOnceAtItsFirstOccurrence() throws {
        let rules = F.rules([F.rule(.sunday, "01:00", "02:00")], session: F.session(50))
        let starts = try F.openStarts(rules, from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z")
        #expect(starts == ["2026-11-01T08:00:00Z"])
    }
}
