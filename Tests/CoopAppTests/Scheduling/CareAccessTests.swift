import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// The care-access use cases over a real database: licence rule, DST, cancellation window, the booking race, feeds.
@Suite struct CareAccessTests {
    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    func audited(_ services: CoopServices, resourceType: String) async throws -> [AuditEntry] {
        try await services.database.read { sql in try await AuditStore().recent(limit: 1000, sql: sql) }.filter { $0.resourceType == resourceType }
    }

    @Test func searchAndBookingFollowTheLicenceRule() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let newYork = try await CareTestData.therapist(services.database, name: "NY Only", states: [.NY], zone: "America/New_York")
            let california = try await CareTestData.therapist(services.database, name: "CA Licensed", states: [.CA], languages: ["es", "en"])
            let (client, _) = try await TestServices.member(services, roles: [.client])

            let inCA = try await care.search(DirectoryQuery(state: .CA, language: try LanguageCode("es")), actor: .anonymous, origin: .system)
            #expect(inCA.map(\.therapist.id) == [california.id])
            #expect(inCA[0].match.reasons.contains { $0.message.key == "match.reason.language" })
            let inNY = try await care.search(DirectoryQuery(state: .NY), actor: .anonymous, origin: .system)
            #expect(inNY.map(\.therapist.id) == [newYork.id])

            // A client in California can't book the New York therapist, even at an open time.
            let start = CareTestData.instant("2026-01-06", "10:00", "America/New_York")
            let refused = await #expect(throws: SchedulingError.self) {
                try await care.book(BookingCommand(therapist: newYork.id, start: start, clientState: .CA), actor: signedIn(client), origin: .system)
            }
            guard case .notBookable(let problems) = refused else { Issue.record("not refused as not bookable"); return }
            #expect(problems.contains { if case .notLicensed(.CA, _) = $0 { true } else { false } })
            let booked = try await care.book(BookingCommand(therapist: newYork.id, start: start, clientState: .NY), actor: signedIn(client), origin: .system)
            #expect(booked.clientState == .NY)
            let entries = try await audited(services, resourceType: "appointment")
            #expect(entries.count == 1)
            #expect(entries.first?.client == client.id.rawValue)
        }
    }

    @Test func theSearchsRememberedFirstOpeningAlwaysMatchesAFreshOne() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            var therapist = try await CareTestData.therapist(services.database, name: "Cached Opening", states: [.CA])
            let (client, _) = try await TestServices.member(services, roles: [.client])
            // The first opening as the search gives it, and as the therapist's own page computes it afresh.
            func both() async throws -> (search: Date?, fresh: Date?) {
                let found = try await care.search(DirectoryQuery(state: .CA), actor: .anonymous, origin: .system)
                let view = try await care.therapist(therapist.id, actor: .anonymous, origin: .system)
                return (found.first { $0.therapist.id == therapist.id }?.match.firstOpening, view.openSlots.first?.start)
            }
            let initial = try await both()
            #expect(initial.search != nil && initial.search == initial.fresh)
            #expect(try await both().search == initial.search)
            // Booked: the next time is the first.
            let booked = try await care.book(
                BookingCommand(therapist: therapist.id, start: try #require(initial.search), clientState: .CA), actor: signedIn(client), origin: .system
            )
            let afterBooking = try await both()
            #expect(afterBooking.search != initial.search && afterBooking.search == afterBooking.fresh)
            // Cancelled: the time is free again.
            try await care.cancel(booked.id, actor: signedIn(client), origin: .system)
            #expect(try await both().search == initial.search)
            // The clock passes the first opening: the remembered time is not offered any more.
            clock.advance(try #require(initial.search).timeIntervalSince(clock.now) + 60)
            let later = try await both()
            #expect(later.search != initial.search && later.search == later.fresh)
            // A longer minimum notice changes the record: the first opening moves with it.
            therapist.session = try SessionSettings(sessionMinutes: therapist.session.sessionMinutes, minimumNoticeMinutes: 3 * 1440)
            let changed = therapist
            try await services.database.transaction { sql in try await TherapistStore().save(changed, now: clock.now, sql: sql) }
            let noticed = try await both()
            #expect(noticed.search == noticed.fresh && noticed.search != later.search)
            #expect(try #require(noticed.search) >= clock.now.addingTimeInterval(3 * 86_400))
        }
    }

    @Test func openTimesKeepTheirWallClockHourAcrossTheNovemberChange() async throws {
        // Thursday 2026-10-29, before Los Angeles falls back on Sunday 2026-11-01.
        let clock = TestClock(CareTestData.instant("2026-10-29", "08:00"))
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let view = try await care.therapist(therapist.id, actor: .anonymous, origin: .system)
            let friday = Date(timeIntervalSince1970: 1_793_376_000)  // 2026-10-30 16:00 UTC = 09:00 PDT (UTC-7)
            let monday = Date(timeIntervalSince1970: 1_793_638_800)  // 2026-11-02 17:00 UTC = 09:00 PST (UTC-8)
            #expect(view.openSlots.contains { $0.start == friday })
            #expect(view.openSlots.contains { $0.start == monday })
            #expect(!view.openSlots.contains { $0.start == monday.addingTimeInterval(-3600) })
            let (client, _) = try await TestServices.member(services, roles: [.client])
            try await care.book(BookingCommand(therapist: therapist.id, start: monday, clientState: .CA), actor: signedIn(client), origin: .system)
            // 08:00 PST is before the hours, though it is 09:00 by the summer offset.
            await #expect(throws: SchedulingError.notBookable([.outsideAvailability])) {
                try await care.book(
                    BookingCommand(therapist: therapist.id, start: monday.addingTimeInterval(-3600), clientState: .CA), actor: signedIn(client), origin: .system
                )
            }
        }
    }

    @Test func theCancellationWindowMakesLateCancelsLateAndStopsLateMoves() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let tuesday10 = CareTestData.instant("2026-01-06", "10:00")
            let first = try await care.book(BookingCommand(therapist: therapist.id, start: tuesday10, clientState: .CA), actor: signedIn(client), origin: .system)
            // 34 hours ahead: moving is fine, and the SEQUENCE goes up.
            let moved = try await care.reschedule(first.id, to: CareTestData.instant("2026-01-06", "11:00"), actor: signedIn(client), origin: .system)
            #expect(moved.sequence == 1)
            // 12 hours later the session is 23 hours away: inside the 24-hour window.
            clock.advance(12 * 3600)
            await #expect(throws: CareAccessError.rescheduleTooLate(windowHours: 24)) {
                try await care.reschedule(first.id, to: CareTestData.instant("2026-01-06", "14:00"), actor: signedIn(client), origin: .system)
            }
            let cancelled = try await care.cancel(first.id, actor: signedIn(client), origin: .system)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.cancellation?.timing == .late)
            #expect(cancelled.cancellation?.by == .client)
            await #expect(throws: SchedulingError.self) { try await care.cancel(first.id, actor: signedIn(client), origin: .system) }
            let details = try await audited(services, resourceType: "appointment").compactMap(\.detail)
            #expect(details.contains { $0.contains("timing=late") })
        }
    }

    @Test func strangersCannotSeeOrChangeSomeoneElsesBooking() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let (stranger, _) = try await TestServices.member(services, roles: [.client])
            let booked = try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-07", "09:00"), clientState: .CA), actor: signedIn(client), origin: .system
            )
            await #expect(throws: CareAccessError.appointmentNotFound) { try await care.cancel(booked.id, actor: signedIn(stranger), origin: .system) }
            await #expect(throws: CareAccessError.appointmentNotFound) { try await care.calendarFile(booked.id, actor: signedIn(stranger), origin: .system) }
            let file = try await care.calendarFile(booked.id, actor: signedIn(client), origin: .system)
            #expect(file.contains("UID:\(booked.id.rawValue)"))
            #expect(file.contains("METHOD:REQUEST"))
        }
    }

    @Test func coordinatorsBookForAClientByEmail() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let (coordinator, _) = try await TestServices.member(services, roles: [.coordinator])
            let command = BookingCommand(
                therapist: therapist.id, start: CareTestData.instant("2026-01-08", "13:00"), clientState: .CA, clientEmail: client.email.value
            )
            let booked = try await care.book(command, actor: signedIn(coordinator), origin: .system)
            #expect(booked.client == client.id)
            let entry = try #require(try await audited(services, resourceType: "appointment").first)
            #expect(entry.actor == coordinator.id.rawValue)
            #expect(entry.onBehalfOf == client.id.rawValue)
            // A client can't do the same for someone else.
            let (other, _) = try await TestServices.member(services, roles: [.client])
            var forOther = command
            forOther.start = CareTestData.instant("2026-01-08", "14:00")
            forOther.clientEmail = other.email.value
            await #expect(throws: AccessDenied.self) { try await care.book(forOther, actor: signedIn(client), origin: .system) }
        }
    }

    @Test func twoHundredSimultaneousBookingsOfOneSlotLetExactlyOneThrough() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            var clients: [Member] = []
            for _ in 0..<200 { clients.append(try await TestServices.member(services, roles: [.client]).member) }
            let start = CareTestData.instant("2026-01-09", "15:00")
            let started = Date()
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for actor in clients.map(signedIn) {
                    group.addTask {
                        do {
                            try await care.book(BookingCommand(therapist: therapist.id, start: start, clientState: .CA), actor: actor, origin: .system)
                            return "booked"
                        } catch CareAccessError.slotJustTaken {
                            return "taken"
                        }
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let elapsed = Date().timeIntervalSince(started)
            #expect(outcomes.filter { $0 == "booked" }.count == 1)
            #expect(outcomes.filter { $0 == "taken" }.count == 199)
            let held = try await services.database.read { sql in
                try await AppointmentStore().forTherapist(therapist.id, from: start.addingTimeInterval(-86_400), to: start.addingTimeInterval(86_400), sql: sql)
            }
            #expect(held.count == 1)
            #expect(try await audited(services, resourceType: "appointment").count == 1)
            print("care-race: 200 attempts on \(services.database.engine.rawValue) in \(Int(elapsed * 1000)) ms")
        }
    }

    @Test func simultaneousBookingsOfDifferentTimesNeverPassADailyCap() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            var therapist = try await CareTestData.therapist(services.database, name: "Capped Therapist")
            therapist.session = try SessionSettings(sessionMinutes: therapist.session.sessionMinutes, maximumPerDay: 2)
            let capped = therapist
            try await services.database.transaction { sql in try await TherapistStore().save(capped, now: CareTestData.monday, sql: sql) }
            let day = try LocalDate("2026-01-09")
            let zone = try IANATimeZone("America/Los_Angeles")
            let times = try await care.therapist(therapist.id, actor: .anonymous, origin: .system).openSlots
                .filter { zone.localDate(at: $0.start) == day }.map(\.start)
            #expect(times.count >= 6)
            var clients: [Member] = []
            for _ in times { clients.append(try await TestServices.member(services, roles: [.client]).member) }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (time, client) in zip(times, clients) {
                    group.addTask {
                        do {
                            try await care.book(BookingCommand(therapist: capped.id, start: time, clientState: .CA), actor: signedIn(client), origin: .system)
                            return true
                        } catch is SchedulingError {
                            return false
                        } catch CareAccessError.slotJustTaken {
                            return false
                        }
                    }
                }
                var all: [Bool] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 }.count == 2)
            let held = try await services.database.read { sql in
                try await AppointmentStore().forTherapist(capped.id, from: CareTestData.instant("2026-01-09", "00:00"), to: CareTestData.instant("2026-01-10", "00:00"), sql: sql)
            }
            #expect(held.count == 2)
        }
    }

    @Test func aWeeklyCapSetAfterABookingCountsThatBooking() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            var therapist = try await CareTestData.therapist(services.database, name: "Later Capped Therapist")
            let client = try await TestServices.member(services, roles: [.client]).member
            // Booked while the therapist has no cap: the record is kept in memory, with a day's reach of held times.
            try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-06", "10:00"), clientState: .CA),
                actor: signedIn(client), origin: .system
            )
            therapist.session = try SessionSettings(sessionMinutes: therapist.session.sessionMinutes, bufferAfterMinutes: 10, maximumPerWeek: 1)
            let capped = therapist
            try await services.database.transaction { sql in try await TherapistStore().save(capped, now: CareTestData.monday.addingTimeInterval(60), sql: sql) }
            // Three days later in the same week: the changed record is read again, and the week's booking counts.
            await #expect {
                try await care.book(
                    BookingCommand(therapist: capped.id, start: CareTestData.instant("2026-01-09", "10:00"), clientState: .CA),
                    actor: signedIn(client), origin: .system
                )
            } throws: { error in
                guard case SchedulingError.notBookable(let problems) = error else { return false }
                return problems.contains { if case .weeklyLimitReached = $0 { true } else { false } }
            }
            // The next week is free again.
            try await care.book(
                BookingCommand(therapist: capped.id, start: CareTestData.instant("2026-01-13", "10:00"), clientState: .CA),
                actor: signedIn(client), origin: .system
            )
        }
    }

    @Test func theCoopsGovernedCancellationWindowIsTheOneApplied() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = CareAccess(services: services)
            let therapist = try await CareTestData.therapist(services.database)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let tuesday10 = CareTestData.instant("2026-01-06", "10:00")
            let first = try await care.book(BookingCommand(therapist: therapist.id, start: tuesday10, clientState: .CA), actor: signedIn(client), origin: .system)
            // 34 hours ahead: outside the founding 24-hour window, so a move is allowed …
            let moved = try await care.reschedule(first.id, to: CareTestData.instant("2026-01-06", "11:00"), actor: signedIn(client), origin: .system)
            #expect(moved.sequence == 1)
            // … until the co-op's window becomes 48 hours (as a passed decision puts it in force): then it is late.
            let value = GovernanceJSON.encode(.cancellationWindow(.hours(48)))
            try await services.database.transaction { sql in
                try await sql.raw("UPDATE governed_settings SET value = \(bind: value) WHERE key = 'cancellation-window'").run()
            }
            await #expect(throws: CareAccessError.rescheduleTooLate(windowHours: 48)) {
                try await care.reschedule(first.id, to: CareTestData.instant("2026-01-06", "14:00"), actor: signedIn(client), origin: .system)
            }
            let mine = try await care.myAppointments(actor: signedIn(client), origin: .system)
            #expect(mine.windowHours == 48 && mine.asClient.first?.wouldBeLate == true)
            let cancelled = try await care.cancel(first.id, actor: signedIn(client), origin: .system)
            #expect(cancelled.cancellation?.timing == .late)
        }
    }

    @Test func theFeedHidesClientsAndStopsWhenRevoked() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = CareAccess(services: services)
            let record = try await CareTestData.therapist(services.database)
            let therapist = Actor(memberID: record.id, roles: [.clinician], mfaSatisfied: true)
            let (client, _) = try await TestServices.member(services, roles: [.client])
            try await care.book(
                BookingCommand(therapist: record.id, start: CareTestData.instant("2026-01-07", "10:00"), clientState: .CA), actor: signedIn(client), origin: .system
            )
            let token = try await care.createFeedToken(actor: therapist, origin: .system)
            let feed = try await care.feed(token: token, origin: .system)
            #expect(feed.contains("SUMMARY:Session"))
            #expect(!feed.contains(client.displayName.value))
            #expect(!feed.contains(client.email.value))
            await #expect(throws: AccessDenied.self) { try await care.createFeedToken(actor: signedIn(client), origin: .system) }
            let id = try #require(try await care.feedTokens(actor: therapist, origin: .system).first?.id)
            try await care.revokeFeedToken(id, actor: therapist, origin: .system)
            await #expect(throws: CareAccessError.feedTokenNotFound) { try await care.feed(token: token, origin: .system) }
            await #expect(throws: CareAccessError.feedTokenNotFound) { try await care.feed(token: "forged-token-forged-token", origin: .system) }
        }
    }
}
