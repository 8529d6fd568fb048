import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

@testable import CoopWeb

/// Booking, move and cancellation emails with the real catalogue wording: the client always hears, in their language
/// and zone, with the RFC 5546 invitation attached for one session; the therapist hears when someone else acted, with
/// the time only.
@Suite struct BookingNoticeTests {
    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    func care(_ services: CoopServices) throws -> CareAccess {
        var care = CareAccess(services: services)
        care.bookingMessages = BookingEmails(catalog: try Catalog.load(), configuration: WebConfiguration(publicURL: "http://coop.test"))
        return care
    }

    func outbox(_ services: CoopServices) async throws -> [OutboxMessage] {
        try await services.database.read { sql in try await OutboxStore().recent(limit: 100, sql: sql) }
    }

    /// The messages queued since `seen` (the test clock stands still, so order by time says nothing).
    func queued(_ services: CoopServices, since seen: inout Set<String>) async throws -> [OutboxMessage] {
        let fresh = try await outbox(services).filter { !seen.contains($0.id) }
        seen.formUnion(fresh.map(\.id))
        return fresh
    }

    /// The invitation's unfolded lines.
    func lines(_ attachment: MailAttachment?) -> [String] {
        (attachment?.content ?? "").replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
    }

    @Test func aClientsBookingMoveAndCancellationAreEachConfirmedAndTheTherapistIsTold() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = try care(services)
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Licensed")
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "sky@example.org")
            try await services.database.transaction { sql in
                try await MemberStore().setTimeZone(try IANATimeZone("America/New_York"), for: client.id, sql: sql)
            }
            let booked = try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-07", "10:00"), clientState: .CA),
                actor: signedIn(client), origin: .system)
            // Nothing is emailed inside the booking itself: the scheduler's job sends what the change recorded.
            #expect(try await outbox(services).isEmpty)
            #expect(try await care.sendBookingNotices() == 2)
            #expect(try await care.sendBookingNotices() == 0)
            var seen = Set<String>()
            var mail = try await queued(services, since: &seen)
            #expect(mail.count == 2)
            let confirmation = try #require(mail.first { $0.recipient == "sky@example.org" })
            // In the client's zone: 10:00 in Los Angeles is 1:00 PM in New York.
            #expect(MemberTimeZoneTests.plain(confirmation.subject) == "Session booked: Wednesday, January 7, 2026 at 1:00 PM GMT-5")
            #expect(confirmation.body.contains("Your session with Robin Licensed is booked") && confirmation.body.contains("(50 minutes)"))
            #expect(confirmation.body.contains("http://coop.test/appointments"))
            let invitation = lines(confirmation.attachment)
            #expect(confirmation.attachment?.filename == "session.ics" && confirmation.attachment?.contentType == "text/calendar; method=REQUEST")
            #expect(invitation.contains("METHOD:REQUEST") && invitation.contains("UID:\(booked.id.rawValue)") && invitation.contains("SEQUENCE:0"))
            #expect(invitation.contains("SUMMARY:Session with Robin Licensed"))
            let told = try #require(mail.first { $0.recipient != "sky@example.org" })
            // The therapist's copy: their own zone, the time and a link, no client and no file.
            #expect(MemberTimeZoneTests.plain(told.subject) == "A session was booked: Wednesday, January 7, 2026 at 10:00 AM GMT-8")
            #expect(!told.body.contains(client.displayName.value) && !told.body.contains("sky@example.org") && told.attachment == nil)

            try await care.reschedule(booked.id, to: CareTestData.instant("2026-01-07", "11:00"), actor: signedIn(client), origin: .system)
            try await care.sendBookingNotices()
            mail = try await queued(services, since: &seen)
            let moved = try #require(mail.first { $0.recipient == "sky@example.org" })
            #expect(MemberTimeZoneTests.plain(moved.body).contains("on Wednesday, January 7, 2026 at 1:00 PM GMT-5 is moved to Wednesday, January 7, 2026 at 2:00 PM GMT-5"))
            #expect(lines(moved.attachment).contains("SEQUENCE:1") && lines(moved.attachment).contains("METHOD:REQUEST"))
            #expect(mail.contains { $0.recipient != "sky@example.org" && $0.subject.hasPrefix("A session was moved to") })

            // The therapist cancels: the client hears with a CANCEL invitation; the therapist is not told of their own act.
            let therapistActor = Actor(memberID: therapist.id, roles: [.clinician], mfaSatisfied: true)
            try await care.cancel(booked.id, actor: therapistActor, origin: .system)
            try await care.sendBookingNotices()
            mail = try await queued(services, since: &seen)
            #expect(mail.count == 1)
            let cancelled = try #require(mail.first)
            #expect(cancelled.recipient == "sky@example.org" && cancelled.subject.hasPrefix("Session cancelled:"))
            #expect(!cancelled.body.contains("fee"))
            #expect(cancelled.attachment?.contentType == "text/calendar; method=CANCEL" && lines(cancelled.attachment).contains("METHOD:CANCEL"))
            #expect(lines(cancelled.attachment).contains("SEQUENCE:2") && lines(cancelled.attachment).contains("STATUS:CANCELLED"))
        }
    }

    @Test func aLateCancellationInSpanishNamesTheFeeAndASeriesIsOneEmailListingItsDates() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = try care(services)
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Licensed")
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "luz@example.org", language: .spanish)
            try await services.database.transaction { sql in
                try await GovernedSettingStore().record(
                    .cancellationFees(CancellationFees(lateCancellation: Money(cents: 2_500), noShow: .zero)), decidedBy: PollID.make(),
                    at: services.now(), sql: sql)
            }
            let soon = try await care.book(
                BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-05", "10:00"), clientState: .CA),
                actor: signedIn(client), origin: .system)
            #expect(try await care.sendBookingNotices() == 2)
            var seen = Set(try await outbox(services).map(\.id))
            try await care.cancel(soon.id, actor: signedIn(client), origin: .system)
            try await care.sendBookingNotices()
            let cancelled = try #require(try await queued(services, since: &seen).first { $0.recipient == "luz@example.org" })
            #expect(cancelled.subject.hasPrefix("Sesión cancelada: lunes, 5 de enero de 2026"), "\(cancelled.subject)")
            #expect(cancelled.body.contains("Según la política de la cooperativa, se aplica un cargo por cancelación tardía de $25.00."))
            #expect(lines(cancelled.attachment).contains("SUMMARY:Sesión con Robin Licensed"))

            let series = try await care.bookSeries(
                SeriesCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-08", "10:00"), frequency: .weekly, count: 3, clientState: .CA),
                actor: signedIn(client), origin: .system)
            try await care.sendBookingNotices()
            let mail = try await queued(services, since: &seen)
            #expect(series.booked.count == 3 && mail.count == 2)
            let list = try #require(mail.first { $0.recipient == "luz@example.org" })
            #expect(list.subject == "3 sesiones reservadas" && list.attachment == nil)
            #expect(list.body.components(separatedBy: "\n").filter { $0.hasPrefix("- jueves") }.count == 3, "\(list.body)")
            let told = try #require(mail.first { $0.recipient != "luz@example.org" })
            #expect(told.subject == "3 sessions were booked" && !told.body.contains("luz@example.org"))
        }
    }

    @Test func aBookingThroughTheSiteQueuesTheInvitationWhichTheOutboxPageNames() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            let owner = try await Browser.member(services, roles: [.client])
            let start = String(Int64(CareTestData.instant("2026-01-07", "10:00").timeIntervalSince1970))
            #expect(try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", start), ("state", "CA")], as: owner).status == .seeOther)
            try await care(services).sendBookingNotices()
            let mail = try await outbox(services)
            let confirmation = try #require(mail.first { $0.recipient == owner.member?.email.value })
            #expect(confirmation.attachment?.filename == "session.ics")
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let page = try await client.get("/outbox/\(confirmation.id)", as: coordinator)
            #expect(page.status == .ok && page.text.contains("Attached file") && page.text.contains("session.ics (text/calendar; method=REQUEST)"))
        }
    }

    @Test func twoSendersAtOnceQueueEachEmailOnce() async throws {
        try await TestServices.with(clock: TestClock(CareTestData.monday)) { services in
            let care = try care(services)
            let therapist = try await CareTestData.therapist(services.database)
            for hour in ["09:00", "11:00", "13:00", "15:00"] {
                let (client, _) = try await TestServices.member(services, roles: [.client])
                try await care.book(
                    BookingCommand(therapist: therapist.id, start: CareTestData.instant("2026-01-07", hour), clientState: .CA),
                    actor: signedIn(client), origin: .system)
            }
            async let first = care.sendBookingNotices()
            async let second = care.sendBookingNotices()
            let total = try await first + second
            #expect(total == 8)
            #expect(try await outbox(services).count == 8)
            #expect(try await care.sendBookingNotices() == 0)
        }
    }
}
