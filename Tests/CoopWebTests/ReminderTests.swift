import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

@testable import CoopWeb

/// Session and credential-expiry reminders with the real catalogue wording: sent once, at the right time, in the
/// recipient's language, with nothing clinical in them; the expiry notice on the availability page.
@Suite struct ReminderTests {
    static func reminders(_ services: CoopServices, clinicians: Bool = false) throws -> Reminders {
        let emails = ReminderEmails(catalog: try Catalog.load(), configuration: WebConfiguration(publicURL: "http://coop.test"))
        return Reminders(services: services, messages: emails, remindClinicians: clinicians)
    }

    static func outbox(_ services: CoopServices) async throws -> [OutboxMessage] {
        try await services.database.read { sql in try await OutboxStore().recent(limit: 100, sql: sql) }
    }

    /// Books `client` with a new therapist on Tuesday 2026-01-06 at 10:00 in Los Angeles.
    static func book(_ services: CoopServices, client: Member) async throws -> (TherapistRecord, Appointment) {
        let record = try await CareTestData.therapist(services.database)
        let slot = try Slot(start: CareTestData.instant("2026-01-06", "10:00"), minutes: 50)
        let appointment = Appointment(id: .make(), therapist: record.id, client: client.id, slot: slot, clientState: .CA)
        try await services.database.transaction { sql in
            try await AppointmentStore().insert(appointment, footprint: slot, bookedBy: client.id, now: services.now(), sql: sql)
        }
        return (record, appointment)
    }

    @Test func aSessionReminderGoesOutOnceADayBeforeInTheClientsLanguage() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "indigo@example.org", language: .spanish)
            let (_, appointment) = try await Self.book(services, client: client)
            let reminders = try Self.reminders(services)
            // Monday 00:00 in Los Angeles: 34 hours before.
            #expect(try await reminders.sendSessionReminders() == 0)
            clock.advance(appointment.slot.start.timeIntervalSince(clock.now) - 24 * 3600 - 60)
            #expect(try await reminders.sendSessionReminders() == 0)
            clock.advance(120)
            #expect(try await reminders.sendSessionReminders() == 1)
            clock.advance(3600)
            #expect(try await reminders.sendSessionReminders() == 0)
            let sent = try await Self.outbox(services)
            #expect(sent.count == 1)
            let email = try #require(sent.first)
            #expect(email.recipient == "indigo@example.org")
            #expect(email.subject.hasPrefix("Recordatorio: sesión el martes"))
            #expect(email.body.contains("10:00"))
            #expect(email.body.contains("(50 minutos)"))
            #expect(email.body.contains("http://coop.test/appointments"))
            // Only the time and a link: no therapist name, licence or anything about the care.
            #expect(!email.body.contains("Test Therapist") && !email.body.contains("LMFT") && !email.body.contains("CA"))
        }
    }

    @Test func aMovedSessionIsRemindedAgainAndACancelledOneIsNot() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let (client, _) = try await TestServices.member(services, roles: [.client], language: .english)
            let (record, appointment) = try await Self.book(services, client: client)
            let reminders = try Self.reminders(services, clinicians: true)
            clock.advance(appointment.slot.start.timeIntervalSince(clock.now) - 3600)
            // The client and, when asked for, the clinician.
            #expect(try await reminders.sendSessionReminders() == 2)
            var moved = appointment
            moved.slot = try Slot(start: appointment.slot.start.addingTimeInterval(2 * 3600), minutes: 50)
            try await services.database.transaction { [moved] sql in
                try await AppointmentStore().reschedule(moved, footprint: moved.slot, now: services.now(), sql: sql)
            }
            #expect(try await reminders.sendSessionReminders() == 2)
            #expect(try await reminders.sendSessionReminders() == 0)
            let subjects = try await Self.outbox(services).map(\.subject)
            #expect(subjects.count == 4 && subjects.allSatisfy { $0.hasPrefix("Reminder: session on Tuesday") })
            // Moved once more, then cancelled: nothing, although that start time had no reminder yet.
            var cancelled = moved
            cancelled.slot = try Slot(start: moved.slot.start.addingTimeInterval(3600), minutes: 50)
            cancelled.status = .cancelled
            try await services.database.transaction { [cancelled] sql in
                try await AppointmentStore().reschedule(cancelled, footprint: cancelled.slot, now: services.now(), sql: sql)
                try await AppointmentStore().cancel(cancelled, now: services.now(), sql: sql)
            }
            #expect(try await reminders.sendSessionReminders() == 0)
            #expect(record.id == appointment.therapist)
        }
    }

    /// Saves `record` again with one licence whose last valid day is `expires`.
    static func expiring(_ services: CoopServices, _ record: TherapistRecord, on expires: LocalDate) async throws {
        let licence = try Credential(state: .CA, type: .lmft, number: "LMFT-777", status: .active, expires: expires)
        let old = record.profile
        var changed = record
        changed.profile = TherapistProfile(
            credentials: PracticeCredentials(therapist: record.id, licenses: [licence]), languages: old.languages, specialties: old.specialties,
            modalities: old.modalities, deliveries: old.deliveries, slidingScale: old.slidingScale
        )
        try await services.database.transaction { [changed] sql in try await TherapistStore().save(changed, now: services.now(), sql: sql) }
    }

    @Test func credentialRemindersGoOutAtSixtyThirtyAndSevenDaysOnceEach() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let record = try await CareTestData.therapist(services.database)
            // Monday 2026-01-05 in Los Angeles; the licence's last valid day is 70 days on.
            try await Self.expiring(services, record, on: LocalDate("2026-03-16"))
            let reminders = try Self.reminders(services)
            var sentOn: [Int] = []
            for day in 0..<75 {
                if try await reminders.sendCredentialReminders() > 0 { sentOn.append(day) }
                // Twice a day: the second run sends nothing new.
                clock.advance(12 * 3600)
                #expect(try await reminders.sendCredentialReminders() == 0)
                clock.advance(12 * 3600)
            }
            #expect(sentOn == [10, 40, 63])
            let sent = try await Self.outbox(services)
            #expect(sent.count == 3)
            #expect(sent.allSatisfy { $0.subject == "Reminder: your LMFT license (CA LMFT-777) expires on 2026-03-16" })
            #expect(Set(sent.map { $0.body.contains("(60 days from today)") || $0.body.contains("(30 days from today)") || $0.body.contains("(7 days from today)") }) == [true])
            // Renewed on 2026-03-21: the new last valid day, 60 days on, starts the schedule over.
            try await Self.expiring(services, record, on: LocalDate("2026-05-20"))
            #expect(try await reminders.sendCredentialReminders() == 1)
            #expect(try await reminders.sendCredentialReminders() == 0)
        }
    }

    @Test func aLateFirstLookSendsOneReminderNotThree() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let record = try await CareTestData.therapist(services.database)
            try await Self.expiring(services, record, on: LocalDate("2026-01-10"))
            let reminders = try Self.reminders(services)
            #expect(try await reminders.sendCredentialReminders() == 1)
            #expect(try await reminders.sendCredentialReminders() == 0)
            #expect(try await Self.outbox(services).first?.body.contains("(5 days from today)") == true)
        }
    }

    @Test func theAvailabilityPageShowsCredentialsToRenew() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let session = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: record.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let clinician = Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
            #expect(try await !client.get("/account/availability", as: clinician).text.contains("Credentials to renew"))
            try await Self.expiring(services, record, on: LocalDate("2026-02-20"))
            let page = try await client.get("/account/availability", as: clinician).text
            #expect(page.contains("Credentials to renew"))
            #expect(page.contains("Your LMFT license (CA LMFT-777) expires on 2026-02-20, in 46 days."))
        }
    }
}
