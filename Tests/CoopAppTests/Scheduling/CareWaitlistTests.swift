import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// Offer emails in tests: a fixed text naming the language, so the test can see which language was chosen.
struct StubWaitlistMessages: WaitlistMessages {
    func offerEmail(slot: Slot, expiresAt: Date, zone: IANATimeZone, language: Language) -> (subject: String, body: String) {
        ("offer-\(language.rawValue)", "held until \(ICalendar.isoUTC(expiresAt))")
    }
}

/// Waitlists through the use cases over a real database: matching, FIFO, decline and expiry passing on, the hold that
/// keeps others out, accepting exactly once under a race, leaving, new hours.
@Suite struct CareWaitlistTests {
    static let tuesday10 = CareTestData.instant("2026-01-06", "10:00")

    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    func care(_ services: CoopServices) -> CareAccess {
        var care = CareAccess(services: services)
        care.waitlistMessages = StubWaitlistMessages()
        return care
    }

    func request(_ therapist: MemberID?, state: USState = .CA, windows: [WaitlistWindow] = []) throws -> WaitlistRequest {
        WaitlistRequest(therapist: therapist, state: state, windows: windows, zone: try IANATimeZone("America/Los_Angeles"), constraints: try WaitlistConstraints())
    }

    func openOffers(_ services: CoopServices) async throws -> [WaitlistOffer] {
        try await services.database.read { sql in try await WaitlistStore().openOffers(sql: sql) }
    }

    func bookedAt(_ services: CoopServices, _ start: Date) async throws -> [Appointment] {
        try await services.database.read { sql in
            try await sql.select().column("id").from("appointments").where("start_at", .equal, Clock.milliseconds(start)).all()
                .compactMap { AppointmentID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }.asyncCompactMap { id in try await services.database.read { sql in try await AppointmentStore().find(id, sql: sql)?.appointment } }
    }

    // MARK: Matching table

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var state: USState = .CA
        var language: String?
        var windows: [(Weekday, String, String, String)] = []
        var earliest: String?
        var latest: String?
        var modality: Modality = .individual
        var delivery: Delivery = .telehealth
        var sliding = false
        var matches: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "licensed state, no other wishes", matches: true),
        Case(name: "state the therapist is not licensed in", state: .NY, matches: false),
        Case(name: "a language the therapist speaks", language: "es", matches: true),
        Case(name: "a language the therapist does not speak", language: "fr", matches: false),
        Case(name: "window holding the session", windows: [(.tuesday, "09:00", "12:00", "America/Los_Angeles")], matches: true),
        Case(name: "window starting after the session", windows: [(.tuesday, "10:30", "12:00", "America/Los_Angeles")], matches: false),
        Case(name: "window on another day", windows: [(.wednesday, "09:00", "12:00", "America/Los_Angeles")], matches: false),
        Case(name: "window in the client's own zone (13:00 New York)", windows: [(.tuesday, "13:00", "14:00", "America/New_York")], matches: true),
        Case(name: "window in New York at the Los Angeles hour", windows: [(.tuesday, "10:00", "11:00", "America/New_York")], matches: false),
        Case(name: "date range holding the day", earliest: "2026-01-06", latest: "2026-01-06", matches: true),
        Case(name: "earliest date after the session", earliest: "2026-01-07", matches: false),
        Case(name: "latest date before the session", latest: "2026-01-05", matches: false),
        Case(name: "a kind of session the therapist does not offer", modality: .couples, matches: false),
        Case(name: "in person with a telehealth-only therapist", delivery: .inPerson, matches: false),
        Case(name: "sliding-scale place while places are free", sliding: true, matches: true),
    ]

    @Test(arguments: cases)
    func matchingTable(_ testCase: Case) async throws {
        let therapist = MemberID.make()
        let record = TherapistRecord(
            profile: TherapistProfile(
                credentials: PracticeCredentials(
                    therapist: therapist, licenses: [try Credential(state: .CA, type: .lmft, number: "LIC-1", status: .active, expires: LocalDate("2030-12-31"))]
                ),
                languages: [try LanguageCode("en"), try LanguageCode("es")], specialties: [], modalities: [.individual], deliveries: [.telehealth],
                slidingScale: try SlidingScaleCapacity(places: 2, taken: 0)
            ),
            displayName: "T", bio: "", zone: try IANATimeZone("America/Los_Angeles"), session: try SessionSettings(sessionMinutes: 50)
        )
        let zone = try IANATimeZone(testCase.windows.first?.3 ?? "America/Los_Angeles")
        let entry = WaitlistEntry(
            id: .make(), client: .make(), joinedAt: CareTestData.monday, therapist: nil, state: testCase.state,
            language: try testCase.language.map { try LanguageCode($0) },
            windows: try testCase.windows.map { try WaitlistWindow($0.0, LocalTime($0.1), LocalTime($0.2)) }, zone: zone, needsSlidingScale: testCase.sliding
        )
        let constraints = try WaitlistConstraints(
            earliest: try testCase.earliest.map { try LocalDate($0) }, latest: try testCase.latest.map { try LocalDate($0) }, modality: testCase.modality,
            delivery: testCase.delivery
        )
        let slot = try Slot(start: Self.tuesday10, minutes: 50)
        let found = CareAccess.firstInLine(
            for: slot, record: record, entries: [WaitlistRecord(entry: entry, constraints: constraints)], busy: [], now: CareTestData.monday
        )
        #expect((found != nil) == testCase.matches, "\(testCase.name)")
    }

    // MARK: Offers

    @Test func aCancellationIsOfferedFirstInLineThenPassesOnByDeclineAndExpiry() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = care(services)
            let therapist = try await CareTestData.therapist(services.database)
            let (a, _) = try await TestServices.member(services, roles: [.client])
            var waiting: [Member] = []
            for language in [Language.english, .spanish, .english] {
                let (member, _) = try await TestServices.member(services, roles: [.client], language: language)
                try await care.joinWaitlist(try request(therapist.id), actor: signedIn(member), origin: .system)
                waiting.append(member)
                clock.advance(60)
            }
            let booking = try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(a), origin: .system)
            #expect(try await openOffers(services).isEmpty)

            try await care.cancel(booking.id, actor: signedIn(a), origin: .system)
            var offers = try await openOffers(services)
            #expect(offers.map(\.client) == [waiting[0].id])
            #expect(offers.first?.slot.start == Self.tuesday10)
            #expect(offers.first?.expiresAt == clock.now.addingTimeInterval(CareAccess.waitlistOfferDuration))
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(mail.map(\.recipient) == [waiting[0].email.value])
            #expect(mail.first?.subject == "offer-en")

            // Declining passes it to the second in line (and the first keeps their place).
            clock.advance(60)
            try await care.declineOffer(offers[0].id, actor: signedIn(waiting[0]), origin: .system)
            offers = try await openOffers(services)
            #expect(offers.map(\.client) == [waiting[1].id])
            let spanish = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(spanish.first?.subject == "offer-es")
            #expect(try await care.myWaitlist(actor: signedIn(waiting[0]), origin: .system).places.count == 1)

            // Nothing expires early; after two hours the third is offered it.
            #expect(try await care.runDueWork(now: clock.now.addingTimeInterval(3600)) == 0)
            clock.advance(CareAccess.waitlistOfferDuration)
            #expect(try await care.runDueWork(now: clock.now) == 1)
            offers = try await openOffers(services)
            #expect(offers.map(\.client) == [waiting[2].id])

            // The last declines: nobody is left, the hold goes and anyone may book the time.
            try await care.declineOffer(offers[0].id, actor: signedIn(waiting[2]), origin: .system)
            #expect(try await openOffers(services).isEmpty)
            #expect(try await bookedAt(services, Self.tuesday10).filter { $0.status.holdsTime }.isEmpty)
            let view = try await care.therapist(therapist.id, actor: .anonymous, origin: .system)
            #expect(view.openSlots.contains { $0.start == Self.tuesday10 })
        }
    }

    @Test func anOfferedTimeCannotBeBookedByOthersAndAcceptBooksIt() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = care(services)
            let therapist = try await CareTestData.therapist(services.database)
            let (a, _) = try await TestServices.member(services, roles: [.client])
            let (b, _) = try await TestServices.member(services, roles: [.client])
            let (c, _) = try await TestServices.member(services, roles: [.client])
            try await care.joinWaitlist(try request(therapist.id), actor: signedIn(b), origin: .system)
            let booking = try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(a), origin: .system)
            try await care.cancel(booking.id, actor: signedIn(a), origin: .system)
            let offer = try #require(try await openOffers(services).first)

            // Held: not shown as open, and a booking is refused by the database claim.
            let view = try await care.therapist(therapist.id, actor: .anonymous, origin: .system)
            #expect(!view.openSlots.contains { $0.start == Self.tuesday10 })
            await #expect(throws: CareAccessError.slotJustTaken) {
                try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(c), origin: .system)
            }
            // The hold is not in B's bookings; the offer is.
            #expect(try await care.myAppointments(actor: signedIn(b), origin: .system).asClient.isEmpty)
            #expect(try await care.myWaitlist(actor: signedIn(b), origin: .system).offers.map(\.offer.id) == [offer.id])
            // Someone else's offer, or a made-up id, is "not found"; nothing changes.
            await #expect(throws: WaitlistError.offerNotFound) { try await care.acceptOffer(offer.id, actor: signedIn(c), origin: .system) }
            await #expect(throws: WaitlistError.offerNotFound) { try await care.acceptOffer(UUID().uuidString, actor: signedIn(b), origin: .system) }
            await #expect(throws: WaitlistError.offerNotFound) { try await care.declineOffer("../../etc", actor: signedIn(b), origin: .system) }
            #expect(try await openOffers(services).map(\.id) == [offer.id])

            let accepted = try await care.acceptOffer(offer.id, actor: signedIn(b), origin: .system)
            #expect(accepted.client == b.id && accepted.status == .booked && accepted.slot.start == Self.tuesday10)
            #expect(try await care.myAppointments(actor: signedIn(b), origin: .system).asClient.map(\.appointment.id) == [accepted.id])
            #expect(try await care.myWaitlist(actor: signedIn(b), origin: .system).places.isEmpty)
            await #expect(throws: WaitlistError.offerNoLongerOpen) { try await care.acceptOffer(offer.id, actor: signedIn(b), origin: .system) }
        }
    }

    @Test func concurrentAcceptsAndBookingsGiveExactlyOneBooking() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = care(services)
            let therapist = try await CareTestData.therapist(services.database)
            let (a, _) = try await TestServices.member(services, roles: [.client])
            let (b, _) = try await TestServices.member(services, roles: [.client])
            let (c, _) = try await TestServices.member(services, roles: [.client])
            try await care.joinWaitlist(try request(therapist.id), actor: signedIn(b), origin: .system)
            let booking = try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(a), origin: .system)
            try await care.cancel(booking.id, actor: signedIn(a), origin: .system)
            let offer = try #require(try await openOffers(services).first)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for attempt in 0..<6 {
                    group.addTask {
                        do {
                            if attempt % 2 == 0 {
                                try await care.acceptOffer(offer.id, actor: signedIn(b), origin: .system)
                            } else {
                                try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(c), origin: .system)
                            }
                            return "ok"
                        } catch let error as WaitlistError {
                            return "\(error)"
                        } catch let error as CareAccessError {
                            return "\(error)"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 1)
            let held = try await bookedAt(services, Self.tuesday10).filter { $0.status.holdsTime }
            #expect(held.count == 1)
            #expect(held.first?.client == b.id && held.first?.status == .booked)
        }
    }

    @Test func anExpiredOfferCannotBeAccepted() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = care(services)
            let therapist = try await CareTestData.therapist(services.database)
            let (a, _) = try await TestServices.member(services, roles: [.client])
            let (b, _) = try await TestServices.member(services, roles: [.client])
            try await care.joinWaitlist(try request(therapist.id), actor: signedIn(b), origin: .system)
            let booking = try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(a), origin: .system)
            try await care.cancel(booking.id, actor: signedIn(a), origin: .system)
            let offer = try #require(try await openOffers(services).first)
            clock.advance(CareAccess.waitlistOfferDuration + 1)
            await #expect(throws: WaitlistError.offerNoLongerOpen) { try await care.acceptOffer(offer.id, actor: signedIn(b), origin: .system) }
            #expect(try await bookedAt(services, Self.tuesday10).filter { $0.status.holdsTime }.isEmpty)
            #expect(try await openOffers(services).isEmpty)
            // B stays on the list for the next time.
            #expect(try await care.myWaitlist(actor: signedIn(b), origin: .system).places.count == 1)
        }
    }

    @Test func leavingTheWaitlistPassesAnOfferOnAndOnlyTheOwnerMayLeave() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let care = care(services)
            let therapist = try await CareTestData.therapist(services.database)
            let (a, _) = try await TestServices.member(services, roles: [.client])
            let (b, _) = try await TestServices.member(services, roles: [.client])
            let (c, _) = try await TestServices.member(services, roles: [.client])
            let entryB = try await care.joinWaitlist(try request(therapist.id), actor: signedIn(b), origin: .system)
            clock.advance(60)
            try await care.joinWaitlist(try request(nil), actor: signedIn(c), origin: .system)
            await #expect(throws: WaitlistError.alreadyWaiting) { try await care.joinWaitlist(try request(therapist.id), actor: signedIn(b), origin: .system) }
            let booking = try await care.book(BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(a), origin: .system)
            try await care.cancel(booking.id, actor: signedIn(a), origin: .system)
            #expect(try await openOffers(services).map(\.client) == [b.id])

            await #expect(throws: WaitlistError.entryNotFound) { try await care.leaveWaitlist(entryB, actor: signedIn(c), origin: .system) }
            try await care.leaveWaitlist(entryB, actor: signedIn(b), origin: .system)
            // C waits on the co-op's list, which this therapist fits.
            #expect(try await openOffers(services).map(\.client) == [c.id])
            #expect(try await care.myWaitlist(actor: signedIn(b), origin: .system).places.isEmpty)
            await #expect(throws: WaitlistError.entryNotFound) { try await care.leaveWaitlist(entryB, actor: signedIn(b), origin: .system) }
            let places = try await care.myWaitlist(actor: signedIn(c), origin: .system).places
            #expect(places.map(\.position) == [1])
        }
    }

    @Test func newHoursAreOfferedToTheWaitlist() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = care(services)
            let therapist = try await CareTestData.therapist(
                services.database, weekly: [WeeklyRule(.monday, try LocalTime("09:00"), try LocalTime("12:00"))]
            )
            let (b, _) = try await TestServices.member(services, roles: [.client])
            let window = try WaitlistWindow(.thursday, LocalTime("14:00"), LocalTime("16:00"))
            try await care.joinWaitlist(try request(therapist.id, windows: [window]), actor: signedIn(b), origin: .system)
            let clinician = Actor(memberID: therapist.id, roles: [.clinician], mfaSatisfied: true)
            try await care.setWeeklyHours(
                [WeeklyRule(.monday, try LocalTime("09:00"), try LocalTime("12:00")), WeeklyRule(.thursday, try LocalTime("13:00"), try LocalTime("17:00"))],
                therapist: therapist.id, actor: clinician, origin: .system
            )
            let offers = try await openOffers(services)
            #expect(offers.count == 1)
            #expect(offers.first?.slot.start == CareTestData.instant("2026-01-08", "14:00"))
        }
    }

    @Test func staffSeeEveryWaitlistAndClientsCannot() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = care(services)
            let (b, _) = try await TestServices.member(services, roles: [.client])
            let (coordinator, _) = try await TestServices.member(services, roles: [.coordinator])
            try await care.joinWaitlist(try request(nil), actor: signedIn(b), origin: .system)
            #expect(try await care.allWaitlists(actor: signedIn(coordinator), origin: .system).map(\.record.entry.client) == [b.id])
            await #expect(throws: AccessDenied.self) { try await care.allWaitlists(actor: signedIn(b), origin: .system) }
        }
    }
}

extension Array {
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for element in self { if let value = try await transform(element) { result.append(value) } }
        return result
    }
}
