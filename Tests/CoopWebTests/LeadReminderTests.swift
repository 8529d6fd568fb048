import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import Testing

@testable import CoopWeb

/// Reminders at the governed lead times, with the real catalogue wording: two-stage session reminders, and group and
/// workshop reminders sent once to confirmed participants only, in their language, with nothing clinical and no other
/// participant named.
@Suite struct LeadReminderTests {
    static func govern(_ setting: GovernedSetting, _ services: CoopServices) async throws {
        try await services.database.transaction { sql in
            try await GovernedSettingStore().record(setting, decidedBy: PollID.make(), at: services.now(), sql: sql)
        }
    }

    func signedIn(_ member: Member) -> Actor { Actor(memberID: member.id, roles: member.roles, mfaSatisfied: true) }

    @Test func aSessionIsRemindedAtEachGovernedLeadTimeOnce() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "indigo@example.org", language: .spanish)
            try await Self.govern(.sessionReminderLeads(SessionReminderLeads(hours: [2, 48])), services)
            let (_, appointment) = try await ReminderTests.book(services, client: client)
            let reminders = try ReminderTests.reminders(services)
            // Monday 00:00 in Los Angeles, 34 hours before: inside the 48-hour stage, which goes out once.
            #expect(try await reminders.sendSessionReminders() == 1)
            #expect(try await reminders.sendSessionReminders() == 0)
            clock.advance(appointment.slot.start.timeIntervalSince(clock.now) - 2 * 3600 - 60)
            #expect(try await reminders.sendSessionReminders() == 0)
            clock.advance(120)
            #expect(try await reminders.sendSessionReminders() == 1)
            clock.advance(600)
            #expect(try await reminders.sendSessionReminders() == 0)
            let sent = try await ReminderTests.outbox(services)
            #expect(
                sent.count == 2 && sent.allSatisfy { $0.recipient == "indigo@example.org" && $0.subject.hasPrefix("Recordatorio: sesión el martes") })
            let stages = try await services.database.read { sql in
                try await sql.raw("SELECT lead_hours FROM session_reminder_stages ORDER BY lead_hours").all().map {
                    try $0.decode(column: "lead_hours", as: Int.self)
                }
            }
            #expect(stages == [2, 48])
        }
    }

    @Test func theDefaultIsOneReminderADayBefore() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let (client, _) = try await TestServices.member(services, roles: [.client])
            let (_, appointment) = try await ReminderTests.book(services, client: client)
            let reminders = try ReminderTests.reminders(services)
            #expect(try await reminders.sendSessionReminders() == 0)
            clock.advance(appointment.slot.start.timeIntervalSince(clock.now) - 24 * 3600 + 60)
            #expect(try await reminders.sendSessionReminders() == 1)
            clock.advance(23 * 3600)
            #expect(try await reminders.sendSessionReminders() == 0)
        }
    }

    @Test func groupRemindersGoOnceToConfirmedParticipantsInTheirLanguage() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let groups = Groups(services: services)
            let start = CareTestData.monday.addingTimeInterval(3 * 86_400)
            func draft(_ kind: GroupKind, _ title: String, seats: Int) -> GroupDraft {
                GroupDraft(kind: kind, title: title, description: "Private details", start: start, durationMinutes: 60, seats: seats, online: true)
            }
            let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
            let (clinician, _) = try await TestServices.member(services, roles: [.clinician])
            // A workshop with two seats: two guests confirmed (Spanish, English), a third waiting.
            let workshop = try await groups.create(draft(.workshop, "Sleep and mood", seats: 2), actor: signedIn(facilitator), origin: .system)
            _ = try await groups.registerForWorkshop(workshop, name: "Ana Guest", email: "ana@example.org", language: .spanish)
            _ = try await groups.registerForWorkshop(workshop, name: "Bo Guest", email: "bo@example.org", language: .english)
            _ = try await groups.registerForWorkshop(workshop, name: "Cy Guest", email: "cy@example.org", language: .english)
            // A peer circle: one member under a chosen name, another who left.
            let circle = try await groups.create(draft(.peerSupport, "Tuesday circle", seats: 5), actor: signedIn(facilitator), origin: .system)
            let (river, _) = try await TestServices.member(services, roles: [.communityMember], email: "river@example.org", language: .spanish)
            let (left, _) = try await TestServices.member(services, roles: [.communityMember], email: "left@example.org")
            _ = try await groups.join(circle, chosenName: "River", actor: signedIn(river), origin: .system)
            _ = try await groups.join(circle, chosenName: "", actor: signedIn(left), origin: .system)
            try await groups.leave(circle, actor: signedIn(left), origin: .system)
            // A therapy group: its title is clinical and stays out of the email.
            let therapy = try await groups.create(draft(.therapyGroup, "Panic recovery group", seats: 4), actor: signedIn(clinician), origin: .system)
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "client@example.org")
            _ = try await groups.join(therapy, chosenName: "", actor: signedIn(client), origin: .system)
            let before = try await ReminderTests.outbox(services).count

            try await Self.govern(.groupReminderLead(GroupReminderLead(hours: 48)), services)
            let reminders = try ReminderTests.reminders(services)
            clock.advance(start.timeIntervalSince(clock.now) - 48 * 3600 - 60)
            #expect(try await reminders.sendGroupReminders() == 0)
            clock.advance(120)
            #expect(try await reminders.sendGroupReminders() == 4)
            #expect(try await reminders.sendGroupReminders() == 0)
            clock.advance(47 * 3600)
            #expect(try await reminders.sendGroupReminders() == 0)

            let sent = Array(try await ReminderTests.outbox(services).dropLast(before))
            let byRecipient = Dictionary(sent.map { ($0.recipient, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(sent.count == 4)
            #expect(Set(byRecipient.keys) == ["ana@example.org", "bo@example.org", "river@example.org", "client@example.org"])
            let ana = try #require(byRecipient["ana@example.org"])
            #expect(ana.subject.hasPrefix("Recordatorio: Sleep and mood el jueves"))
            #expect(
                ana.body.contains("Hola, Ana Guest:") && ana.body.contains("America/Los_Angeles") && ana.body.contains("http://coop.test/workshops/"))
            let bo = try #require(byRecipient["bo@example.org"])
            #expect(bo.subject.hasPrefix("Reminder: Sleep and mood on Thursday") && bo.body.contains("Hello Bo Guest,"))
            #expect(!bo.body.contains("Ana Guest") && !bo.body.contains("Cy Guest"))
            let riverEmail = try #require(byRecipient["river@example.org"])
            #expect(riverEmail.body.contains("Hola, River:") && riverEmail.body.contains("http://coop.test/groups/"))
            #expect(!riverEmail.body.contains("Test Person"))
            let therapyEmail = try #require(byRecipient["client@example.org"])
            #expect(therapyEmail.subject.hasPrefix("Reminder: your group session on Thursday"))
            #expect(!therapyEmail.subject.contains("Panic") && !therapyEmail.body.contains("Panic") && !therapyEmail.body.contains("Private details"))
            // Reading the therapy group's roster to remind it is audited as a clinical read.
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 100, sql: sql) }
            #expect(audit.contains { $0.resourceType == "group-therapy-roster" && $0.resourceID == therapy.rawValue })
        }
    }
}
