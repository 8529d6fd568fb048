import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// Buffers, notice, caps, exceptions and time off, on Monday 16 and Tuesday 17 March 2026 in Los Angeles (PDT,
/// UTC-7, so 09:00 local is 16:00Z).
@Suite("Availability rules")
struct AvailabilityRulesTests {
    static let monTue = [F.rule(.monday, "09:00", "12:00"), F.rule(.tuesday, "09:00", "12:00")]
    static let monday = ("2026-03-16T00:00:00Z", "2026-03-17T00:00:00Z")

    @Test func afterBufferKeepsTenMinutesAfterASession() throws {
        let rules = F.rules([F.rule(.monday, "09:00", "12:00")], session: F.session(50, after: 10, every: 30))
        let starts = try F.openStarts(rules, from: Self.monday.0, to: Self.monday.1, bookings: [F.busy("2026-03-16T17:00:00Z")])
        #expect(starts == ["2026-03-16T16:00:00Z", "2026-03-16T18:00:00Z"])
    }

    @Test func bothBuffersAddUpBetweenSessions() throws {
        let rules = F.rules([F.rule(.monday, "09:00", "13:00")], session: F.session(50, before: 10, after: 10, every: 30))
        let starts = try F.openStarts(rules, from: Self.monday.0, to: Self.monday.1, bookings: [F.busy("2026-03-16T17:00:00Z")])
        // The booking occupies 16:50–18:00 with its buffers; a slot needs 10 minutes clear before it as well.
        #expect(starts == ["2026-03-16T18:30:00Z", "2026-03-16T19:00:00Z"])
    }

    @Test func otherBusyTimeBlocksOnlyItsOwnSpan() throws {
        let rules = F.rules([F.rule(.monday, "09:00", "13:00")], session: F.session(50, after: 10, every: 30))
        let meeting = F.busy("2026-03-16T18:00:00Z", minutes: 60, kind: .blocked)
        let starts = try F.openStarts(rules, from: Self.monday.0, to: Self.monday.1, bookings: [meeting])
        #expect(starts == ["2026-03-16T16:00:00Z", "2026-03-16T16:30:00Z", "2026-03-16T17:00:00Z", "2026-03-16T19:00:00Z"])
    }

    @Test(arguments: [
        // (now, expected starts): 24 h notice from Monday 08:00 PDT leaves Tuesday; exactly 24 h before a slot is enough.
        ("2026-03-16T15:00:00Z", ["2026-03-17T16:00:00Z", "2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"]),
        ("2026-03-16T16:00:00Z", ["2026-03-17T16:00:00Z", "2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"]),
        ("2026-03-16T16:00:01Z", ["2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"]),
    ])
    func minimumNotice(now: String, expected: [String]) throws {
        let rules = F.rules(Self.monTue, session: F.session(notice: 1440))
        #expect(try F.openStarts(rules, from: "2026-03-16T00:00:00Z", to: "2026-03-18T00:00:00Z", now: now) == expected)
    }

    @Test func slotsInThePastAreNotOffered() throws {
        let rules = F.rules(Self.monTue)
        #expect(try F.openStarts(rules, from: Self.monday.0, to: Self.monday.1, now: "2026-03-16T17:30:00Z") == ["2026-03-16T18:00:00Z"])
    }

    @Test func dailyCapCountsSessionsOnTheLocalDay() throws {
        let rules = F.rules(Self.monTue, session: F.session(perDay: 2))
        let bookings = [F.busy("2026-03-16T16:00:00Z"), F.busy("2026-03-16T17:00:00Z")]
        let starts = try F.openStarts(rules, from: "2026-03-16T00:00:00Z", to: "2026-03-18T00:00:00Z", bookings: bookings)
        #expect(starts == ["2026-03-17T16:00:00Z", "2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"])
        // Other busy time is not a session and does not count.
        let blocked = [F.busy("2026-03-16T16:00:00Z", kind: .blocked), F.busy("2026-03-16T17:00:00Z", kind: .blocked)]
        #expect(try F.openStarts(rules, from: Self.monday.0, to: Self.monday.1, bookings: blocked) == ["2026-03-16T18:00:00Z"])
    }

    @Test func weeklyCapClosesTheRestOfTheLocalWeek() throws {
        let rules = F.rules(Self.monTue, session: F.session(perWeek: 3))
        let bookings = [F.busy("2026-03-16T16:00:00Z"), F.busy("2026-03-16T17:00:00Z"), F.busy("2026-03-17T16:00:00Z")]
        let starts = try F.openStarts(rules, from: "2026-03-16T00:00:00Z", to: "2026-03-24T00:00:00Z", bookings: bookings)
        #expect(starts == ["2026-03-23T16:00:00Z", "2026-03-23T17:00:00Z", "2026-03-23T18:00:00Z"])
    }

    @Test func exceptionsAndTimeOff() throws {
        let rules = F.rules(Self.monTue)
        let range = ("2026-03-16T00:00:00Z", "2026-03-19T00:00:00Z")
        let dayOff = try F.openStarts(rules, from: range.0, to: range.1, exceptions: [.dayOff(F.day("2026-03-16"))])
        #expect(dayOff == ["2026-03-17T16:00:00Z", "2026-03-17T17:00:00Z", "2026-03-17T18:00:00Z"])

        let extra: [DateException] = [
            .extraHours(F.day("2026-03-16"), start: F.time("12:00"), end: F.time("14:00")),
            .extraHours(F.day("2026-03-18"), start: F.time("14:00"), end: F.time("16:00")),
        ]
        let withExtra = try F.openStarts(rules, from: range.0, to: range.1, exceptions: extra)
        #expect(withExtra.filter { $0.hasPrefix("2026-03-16") }.count == 5)
        #expect(withExtra.filter { $0.hasPrefix("2026-03-18") } == ["2026-03-18T21:00:00Z", "2026-03-18T22:00:00Z"])

        let away = F.rules(Self.monTue, timeOff: [try TimeOff(days: F.day("2026-03-16"), through: F.day("2026-03-16"), in: F.losAngeles)])
        #expect(try F.openStarts(away, from: range.0, to: range.1).allSatisfy { $0.hasPrefix("2026-03-17") })
    }

    @Test func onlySlotsInsideTheRangeAreReturned() throws {
        let rules = F.rules(Self.monTue)
        #expect(
            try F.openStarts(rules, from: "2026-03-16T16:30:00Z", to: "2026-03-16T18:50:00Z") == ["2026-03-16T17:00:00Z", "2026-03-16T18:00:00Z"]
        )
    }

    @Test func firstOpenSlot() throws {
        let rules = F.rules(Self.monTue)
        let first = try AvailabilityCalculator.firstOpenSlot(rules: rules, exceptions: [], bookings: [], now: F.utc("2026-03-18T00:00:00Z"))
        #expect(first.map { F.text($0.start) } == "2026-03-23T16:00:00Z")
    }
}

@Suite("Slots shown in the viewer's zone")
struct SlotDisplayTests {
    /// 2026-03-10T16:00Z–16:50Z in several zones (Python zoneinfo). London is still on GMT until 29 March.
    @Test(arguments: [
        ("America/Los_Angeles", "2026-03-10T09:00-07:00/2026-03-10T09:50-07:00", Weekday.tuesday),
        ("America/New_York", "2026-03-10T12:00-04:00/2026-03-10T12:50-04:00", .tuesday),
        ("Europe/London", "2026-03-10T16:00+00:00/2026-03-10T16:50+00:00", .tuesday),
        ("Asia/Kolkata", "2026-03-10T21:30+05:30/2026-03-10T22:20+05:30", .tuesday),
        ("Asia/Tokyo", "2026-03-11T01:00+09:00/2026-03-11T01:50+09:00", .wednesday),
    ])
    func viewerZones(zone: String, iso: String, weekday: Weekday) throws {
        let display = SlotDisplay(F.slot("2026-03-10T16:00:00Z"), in: try IANATimeZone(zone))
        #expect(display.iso8601 == iso)
        #expect(display.weekday == weekday)
    }

    @Test func textLine() {
        #expect(SlotDisplay(F.slot("2026-03-10T16:00:00Z"), in: F.losAngeles).text == "Tue 2026-03-10 09:00–09:50 (America/Los_Angeles, UTC-07:00)")
    }

    @Test func aSlotAcrossTheFallBackShowsBothOffsets() {
        let display = SlotDisplay(F.slot("2026-11-01T08:30:00Z"), in: F.losAngeles)
        #expect(display.iso8601 == "2026-11-01T01:30-07:00/2026-11-01T01:20-08:00")
    }

    @Test func localisedTextNamesTheViewersHour() {
        let text = SlotDisplay(F.slot("2026-03-10T16:00:00Z"), in: F.newYork).formatted(locale: Locale(identifier: "en_US"))
        #expect(text.contains("12:00"))
        #expect(text.contains("2026"))
    }
}
