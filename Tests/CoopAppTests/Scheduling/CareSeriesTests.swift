import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Recurring series through the use cases: DST in Los Angeles keeps the local time, conflicts name their dates and
/// change nothing (or book the free dates only when asked), "this and all following" moves and cancels.
@Suite struct CareSeriesTests {
    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }
    let losAngeles = try! IANATimeZone("America/Los_Angeles")

    func appointments(_ services: CoopServices, client: MemberID) async throws -> [Appointment] {
        try await services.database.read { sql in try await AppointmentStore().forClient(client, sql: sql) }.map(\.appointment)
            .sorted { $0.slot.start < $1.slot.start }
    }

    @Test(arguments: [
        // Spring forward on Sunday 2026-03-08: weekly Tuesdays 10:00 from 2026-03-03.
        ("2026-02-23", "2026-03-03", RecurrenceRule.Frequency.weekly, 4, ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"]),
        // Fall back on Sunday 2026-11-01: every two weeks from Tuesday 2026-10-27.
        ("2026-10-19", "2026-10-27", RecurrenceRule.Frequency.everyTwoWeeks, 3, ["2026-10-27", "2026-11-10", "2026-11-24"]),
    ])
    func aSeriesKeepsItsLocalTimeAcrossDaylightSaving(today: String, first: String, frequency: RecurrenceRule.Frequency, count: Int, dates: [String]) async throws {
        try await TestServices.with(clock: TestClock(CareTestData.instant(today, "08:00"))) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let booked = try await care.bookSeries(
                SeriesCommand(therapist: therapist.id, start: CareTestData.instant(first, "10:00"), frequency: frequency, count: count, clientState: .CA),
                actor: signedIn(client), origin: .system
            )
            #expect(booked.skipped.isEmpty)
            let stored = try await appointments(services, client: client.id)
            #expect(stored.map { losAngeles.localDate(at: $0.slot.start).description } == dates)
            #expect(stored.allSatisfy { losAngeles.local(at: $0.slot.start).time.description == "10:00" })
            // The UTC hour does change: that is what keeping the local time means.
            #expect(Set(stored.map { $0.slot.start.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) }).count == 2)
            let places = try await care.seriesPlaces(actor: signedIn(client), origin: .system)
            #expect(places.values.map(\.number).sorted() == Array(1...count))
        }
    }

    @Test(arguments: [
        // Every date from the first up to and including the end date, across the spring change.
        ("2026-03-24", RecurrenceRule.Frequency.weekly, ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"]),
        ("2026-03-23", RecurrenceRule.Frequency.weekly, ["2026-03-03", "2026-03-10", "2026-03-17"]),
        ("2026-03-30", RecurrenceRule.Frequency.everyTwoWeeks, ["2026-03-03", "2026-03-17"]),
    ])
    func aSeriesCanEndOnADate(until: String, frequency: RecurrenceRule.Frequency, dates: [String]) async throws {
        try await TestServices.with(clock: TestClock(CareTestData.instant("2026-02-23", "08:00"))) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            _ = try await care.bookSeries(
                SeriesCommand(
                    therapist: therapist.id, start: CareTestData.instant("2026-03-03", "10:00"), frequency: frequency, count: 0, clientState: .CA,
                    until: try LocalDate(until)
                ),
                actor: signedIn(client), origin: .system
            )
            let stored = try await appointments(services, client: client.id)
            #expect(stored.map { losAngeles.localDate(at: $0.slot.start).description } == dates)
        }
    }

    @Test(arguments: ["2026-03-02", "2026-03-09", "2026-06-30"])
    func anEndDateBeforeTheStartOrGivingTooFewOrTooManySessionsIsRefused(until: String) async throws {
        try await TestServices.with(clock: TestClock(CareTestData.instant("2026-02-23", "08:00"))) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let command = SeriesCommand(
                therapist: therapist.id, start: CareTestData.instant("2026-03-03", "10:00"), frequency: .weekly, count: 4, clientState: .CA,
                until: try LocalDate(until)
            )
            await #expect(throws: WaitlistError.invalidSeriesEnd(maximum: CareAccess.maximumSeriesSessions)) {
                try await care.bookSeries(command, actor: signedIn(client), origin: .system)
            }
            #expect(try await appointments(services, client: client.id).isEmpty)
        }
    }

    @Test func aTakenDateRefusesTheWholeSeriesUnlessTheFreeOnesAreAskedFor() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (other, _) = try await TestServices.member(services, roles: [.client])
            let (client, _) = try await TestServices.member(services, roles: [.client])
            try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-20", "10:00"), clientState: .CA), actor: signedIn(other), origin: .system
            )
            let command = SeriesCommand(
                therapist: therapist.id, start: CareTestData.instant("2026-01-06", "10:00"), frequency: .weekly, count: 4, clientState: .CA
            )
            await #expect(throws: WaitlistError.seriesConflicts([try LocalDate("2026-01-20")])) {
                try await care.bookSeries(command, actor: signedIn(client), origin: .system)
            }
            #expect(try await appointments(services, client: client.id).isEmpty)

            var skipping = command
            skipping.skipTaken = true
            let booked = try await care.bookSeries(skipping, actor: signedIn(client), origin: .system)
            #expect(booked.skipped == [try LocalDate("2026-01-20")])
            #expect(try await appointments(services, client: client.id).map { losAngeles.localDate(at: $0.slot.start).description } == [
                "2026-01-06", "2026-01-13", "2026-01-27",
            ])
        }
    }

    @Test(arguments: [0, 1, 13, 100])
    func aSeriesOfTheWrongLengthIsRefused(count: Int) async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            await #expect(throws: WaitlistError.invalidSeriesLength(maximum: CareAccess.maximumSeriesSessions)) {
                try await care.bookSeries(
                    SeriesCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-06", "10:00"), frequency: .weekly, count: count, clientState: .CA),
                    actor: signedIn(client), origin: .system
                )
            }
            #expect(try await appointments(services, client: client.id).isEmpty)
        }
    }

    @Test func thisAndAllFollowingMoveAndCancel() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let (other, _) = try await TestServices.member(services, roles: [.client])
            try await care.bookSeries(
                SeriesCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-06", "10:00"), frequency: .weekly, count: 4, clientState: .CA),
                actor: signedIn(client), origin: .system
            )
            var sessions = try await appointments(services, client: client.id)
            // Moving from the second session onto a Thursday time someone holds in week 4 changes nothing.
            let blocker = try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-29", "14:00"), clientState: .CA), actor: signedIn(other), origin: .system
            )
            await #expect(throws: WaitlistError.seriesConflicts([try LocalDate("2026-01-29")])) {
                try await care.moveFollowing(sessions[1].id, weekday: .thursday, time: try LocalTime("14:00"), actor: signedIn(client), origin: .system)
            }
            #expect(try await appointments(services, client: client.id) == sessions)
            try await care.cancel(blocker.id, actor: signedIn(other), origin: .system)

            let moved = try await care.moveFollowing(sessions[1].id, weekday: .thursday, time: try LocalTime("14:00"), actor: signedIn(client), origin: .system)
            #expect(moved.count == 3)
            sessions = try await appointments(services, client: client.id)
            #expect(sessions.map { losAngeles.local(at: $0.slot.start).date.description + " " + losAngeles.local(at: $0.slot.start).time.description } == [
                "2026-01-06 10:00", "2026-01-15 14:00", "2026-01-22 14:00", "2026-01-29 14:00",
            ])
            #expect(sessions.map(\.sequence) == [0, 1, 1, 1])
            let places = try await care.seriesPlaces(actor: signedIn(client), origin: .system)
            #expect(places[sessions[0].id]?.total == 1)
            #expect(places[sessions[2].id]?.number == 2 && places[sessions[2].id]?.total == 3)

            // One session alone: the others stay.
            try await care.cancel(sessions[1].id, actor: signedIn(client), origin: .system)
            // This and all following from the third.
            let cancelled = try await care.cancelFollowing(sessions[2].id, actor: signedIn(client), origin: .system)
            #expect(cancelled.count == 2)
            #expect(try await appointments(services, client: client.id).map(\.status) == [.booked, .cancelled, .cancelled, .cancelled])
            // An appointment outside any series has no "following".
            let single = try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-07", "10:00"), clientState: .CA), actor: signedIn(client), origin: .system
            )
            await #expect(throws: WaitlistError.notInSeries) { try await care.cancelFollowing(single.id, actor: signedIn(client), origin: .system) }
            // Someone else's series is not found.
            await #expect(throws: CareAccessError.appointmentNotFound) {
                try await care.cancelFollowing(sessions[0].id, actor: signedIn(other), origin: .system)
            }
        }
    }
}
