import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

/// The waitlist offer holds for the governed duration, read when each offer is made.
@Suite struct LeadWaitlistTests {
    static let tuesday10 = CareTestData.instant("2026-01-06", "10:00")

    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    func openOffers(_ services: CoopServices) async throws -> [WaitlistOffer] {
        try await services.database.read { sql in try await WaitlistStore().openOffers(sql: sql) }
    }

    @Test func anOfferExpiresAfterTheGovernedDurationAndTheEmailStatesIt() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            var care = CareAccess(services: services)
            care.waitlistMessages = StubWaitlistMessages()
            let therapist = try await CareTestData.therapist(services.database)
            let (booker, _) = try await TestServices.member(services, roles: [.client])
            var waiting: [Member] = []
            for _ in 0..<2 {
                let (member, _) = try await TestServices.member(services, roles: [.client])
                let request = WaitlistRequest(
                    therapist: therapist.id, state: .CA, windows: [], zone: try IANATimeZone("America/Los_Angeles"),
                    constraints: try WaitlistConstraints())
                try await care.joinWaitlist(request, actor: signedIn(member), origin: .system)
                waiting.append(member)
                clock.advance(60)
            }
            // The members decide offers hold for five hours.
            try await services.database.transaction { sql in
                try await GovernedSettingStore().record(
                    .waitlistOfferDuration(WaitlistOfferDuration(hours: 5)), decidedBy: PollID.make(), at: services.now(), sql: sql)
            }
            let booking = try await care.book(
                BookingCommand(therapist: therapist.id, start: Self.tuesday10, clientState: .CA), actor: signedIn(booker), origin: .system)
            try await care.cancel(booking.id, actor: signedIn(booker), origin: .system)
            let offeredAt = clock.now
            var offers = try await openOffers(services)
            #expect(offers.map(\.client) == [waiting[0].id])
            #expect(offers.first?.expiresAt == offeredAt.addingTimeInterval(5 * 3600))
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(mail.first?.body == "held until \(ICalendar.isoUTC(offeredAt.addingTimeInterval(5 * 3600)))")
            // Past the old two hours it still holds; at five it passes to the next person.
            #expect(try await care.runDueWork(now: offeredAt.addingTimeInterval(4 * 3600 + 3599)) == 0)
            #expect(try await openOffers(services).map(\.client) == [waiting[0].id])
            clock.advance(5 * 3600)
            #expect(try await care.runDueWork(now: clock.now) == 1)
            offers = try await openOffers(services)
            #expect(offers.map(\.client) == [waiting[1].id])
            #expect(offers.first?.expiresAt == clock.now.addingTimeInterval(5 * 3600))
        }
    }
}
