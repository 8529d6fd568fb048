import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// Recurring series; expected instants from Python's `zoneinfo` (fold=0, which reads a skipped time with the offset
/// before the gap and a repeated time at its first occurrence, as RFC 5545 §3.3.5 does).
@Suite("Recurring series")
struct AppointmentSeriesTests {
    static func series(
        zone: IANATimeZone = F.losAngeles,
        first: String,
        at time: String,
        _ frequency: RecurrenceRule.Frequency = .weekly,
        end: RecurrenceRule.End = .count(4)
    ) throws -> AppointmentSeries {
        try AppointmentSeries(
            id: .make(),
            therapist: F.therapist,
            client: F.client,
            zone: zone,
            firstDate: F.day(first),
            startTime: F.time(time),
            durationMinutes: 50,
            rule: RecurrenceRule(frequency, end: end)
        )
    }

    static func starts(_ series: AppointmentSeries) -> [String] { series.occurrences().map { F.text($0.slot.start) } }

    @Test(arguments: [
        (
            "America/Los_Angeles", "2026-02-24", "09:00", RecurrenceRule.Frequency.weekly, 4,
            ["2026-02-24T17:00:00Z", "2026-03-03T17:00:00Z", "2026-03-10T16:00:00Z", "2026-03-17T16:00:00Z"]
        ),
        ("America/New_York", "2026-10-20", "09:00", .everyTwoWeeks, 3, ["2026-10-20T13:00:00Z", "2026-11-03T14:00:00Z", "2026-11-17T14:00:00Z"]),
        ("America/Los_Angeles", "2026-03-01", "02:30", .weekly, 2, ["2026-03-01T10:30:00Z", "2026-03-08T10:30:00Z"]),
        ("America/Los_Angeles", "2026-10-25", "01:30", .weekly, 2, ["2026-10-25T08:30:00Z", "2026-11-01T08:30:00Z"]),
    ])
    func occurrencesAcrossDST(zone: String, first: String, time: String, frequency: RecurrenceRule.Frequency, count: Int, expected: [String]) throws {
        let series = try Self.series(zone: IANATimeZone(zone), first: first, at: time, frequency, end: .count(count))
        #expect(Self.starts(series) == expected)
        #expect(series.occurrences().allSatisfy { $0.slot.duration == 50 * 60 })
    }

    @Test func untilCountsOccurrencesOnOrBeforeTheDate() throws {
        #expect(try Self.series(first: "2026-03-03", at: "09:00", end: .until(F.day("2026-03-24"))).count == 4)
        #expect(try Self.series(first: "2026-03-03", at: "09:00", .everyTwoWeeks, end: .until(F.day("2026-03-24"))).count == 2)
        #expect(try Self.series(first: "2026-03-03", at: "09:00", end: .until(F.day("2026-03-03"))).count == 1)
    }

    @Test func changingOneOccurrenceLeavesTheOthers() throws {
        let series = try Self.series(first: "2026-02-24", at: "09:00")
        let moved = try series.moving(1, to: F.slot("2026-03-05T17:00:00Z"))
        #expect(Self.starts(moved) == ["2026-02-24T17:00:00Z", "2026-03-05T17:00:00Z", "2026-03-10T16:00:00Z", "2026-03-17T16:00:00Z"])
        let occurrence = moved.occurrences()[1]
        #expect(occurrence.isMoved)
        #expect(F.text(occurrence.originalStart) == "2026-03-03T17:00:00Z")
        let cancelled = try moved.cancelling(2)
        #expect(cancelled.occurrences().map(\.isCancelled) == [false, false, true, false])
        #expect(cancelled.count == 4)
    }

    @Test func cancellingAllRemainingRemovesEveryLaterOccurrence() throws {
        let series = try Self.series(first: "2026-02-24", at: "09:00", end: .count(6))
        let cut = try #require(try series.endingBefore(2))
        #expect(cut.count == 2)
        #expect(Self.starts(cut) == ["2026-02-24T17:00:00Z", "2026-03-03T17:00:00Z"])
        #expect(try series.endingBefore(0) == nil)
    }

    @Test func changingThisAndAllFollowingSplitsTheSeries() throws {
        let series = try Self.series(first: "2026-02-24", at: "09:00", end: .count(6)).moving(1, to: F.slot("2026-03-05T17:00:00Z")).moving(
            4,
            to: F.slot("2026-03-26T17:00:00Z")
        )
        let newID = SeriesID.make()
        let (earlier, following) = try series.splitting(at: 2, newID: newID, startTime: F.time("10:00"))
        let kept = try #require(earlier)
        #expect(Self.starts(kept) == ["2026-02-24T17:00:00Z", "2026-03-05T17:00:00Z"])
        #expect(following.id == newID)
        #expect(following.count == 4)
        // From 10 March on at 10:00 PDT; the single change to the old occurrence 4 is dropped.
        #expect(Self.starts(following) == ["2026-03-10T17:00:00Z", "2026-03-17T17:00:00Z", "2026-03-24T17:00:00Z", "2026-03-31T17:00:00Z"])
        #expect(kept.count + following.count == series.count)

        let untilSeries = try Self.series(first: "2026-03-03", at: "09:00", end: .until(F.day("2026-03-31")))
        let moved = try untilSeries.splitting(at: 1, newID: .make(), firstDate: F.day("2026-03-12"))
        #expect(moved.following.firstDate.weekday == .thursday)
        #expect(moved.following.rule.end == .until(F.day("2026-03-31")))
        #expect(moved.following.count == 3)
    }

    @Test func badSeriesAreRefused() throws {
        #expect(throws: SchedulingError.invalidOccurrenceCount(0, maximum: 260)) { try Self.series(first: "2026-03-03", at: "09:00", end: .count(0)) }
        #expect(throws: SchedulingError.invalidOccurrenceCount(261, maximum: 260)) {
            try Self.series(first: "2026-03-03", at: "09:00", end: .count(261))
        }
        #expect(throws: SchedulingError.untilBeforeStart(until: F.day("2026-03-02"), start: F.day("2026-03-03"))) {
            try Self.series(first: "2026-03-03", at: "09:00", end: .until(F.day("2026-03-02")))
        }
        let series = try Self.series(first: "2026-03-03", at: "09:00")
        #expect(throws: SchedulingError.noSuchOccurrence(4)) { try series.cancelling(4) }
        #expect(throws: SchedulingError.noSuchOccurrence(-1)) { try series.moving(-1, to: F.slot("2026-03-05T17:00:00Z")) }
    }

    @Test func occurrencesBecomeAppointmentsAndAreCheckedForBooking() throws {
        let rules = F.rules([F.rule(.tuesday, "09:00", "12:00")])
        let series = try Self.series(first: "2026-03-03", at: "09:00")
        let credentials = PracticeCredentials(therapist: F.therapist, licenses: [F.caLicense(expires: "2026-03-12")])
        let clash = Appointment(id: .make(), therapist: F.therapist, client: .make(), slot: F.slot("2026-03-10T16:00:00Z"), clientState: .CA)
        let problems = BookingRules.seriesProblems(
            series,
            clientState: .CA,
            rules: rules,
            appointments: [clash],
            credentials: credentials,
            now: F.utc("2026-03-01T00:00:00Z")
        )
        #expect(problems.keys.sorted() == [1, 2, 3])
        #expect(problems[1] == [.overlapsBooking(clash.id)])
        #expect(problems[2]?.count == 1)
        let appointment = try series.appointment(2, id: .make(), clientState: .CA)
        #expect(appointment.series == series.id)
        #expect(appointment.occurrence == 2)
        #expect(F.text(appointment.slot.start) == "2026-03-17T16:00:00Z")
    }
}
