import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import SQLKit
import Testing

/// The governed reminder and waitlist settings in storage: defaults, a recorded change read back, and a database
/// whose settings table lacks them (as before M010's seed) still answering with the defaults.
@Suite struct ReminderSettingStoreTests {
    @Test func theSettingsRoundTripAndFallBackToTheDefaults() async throws {
        try await withDatabase { database in
            var read = try await database.read { sql in try await GovernedSettingStore().reminderSettings(sql: sql) }
            #expect(read == ReminderSettings(sessionLeads: .standard, groupLead: .standard, offerDuration: .standard))
            let changes: [GovernedSetting] = [
                .sessionReminderLeads(SessionReminderLeads(hours: [2, 48])), .groupReminderLead(GroupReminderLead(hours: 12)),
                .waitlistOfferDuration(WaitlistOfferDuration(hours: 6)),
            ]
            let poll = PollID.make()
            try await database.transaction { sql in
                for change in changes { try await GovernedSettingStore().record(change, decidedBy: poll, at: Date(), sql: sql) }
            }
            read = try await database.read { sql in try await GovernedSettingStore().reminderSettings(sql: sql) }
            #expect(read.sessionLeads.hours == [48, 2] && read.groupLead.hours == 12 && read.offerDuration.hours == 6)
            let loaded = try await database.read { sql in try await GovernedSettingStore().load(sql: sql) }
            #expect(loaded.sessionReminderLeads.hours == [48, 2])
            #expect(loaded.history(of: .waitlistOfferDuration).map(\.previous) == [.waitlistOfferDuration(.standard)])
            // Without stored rows the defaults answer, and the first decision's history line still has a previous value.
            try await database.transaction { sql in
                try await sql.delete(from: "governed_settings").where("key", .in, changes.map(\.key.name)).run()
                try await sql.delete(from: "governed_setting_history").where("key", .in, changes.map(\.key.name)).where("cause", .equal, "founding")
                    .run()
            }
            read = try await database.read { sql in try await GovernedSettingStore().reminderSettings(sql: sql) }
            #expect(read == ReminderSettings(sessionLeads: .standard, groupLead: .standard, offerDuration: .standard))
            let history = try await database.read { sql in try await GovernedSettingStore().load(sql: sql) }.history(of: .groupReminderLead)
            #expect(history.map(\.previous) == [.groupReminderLead(.standard)])
        }
    }
}

/// M010 on a database that already sent 24-hour session reminders: they are kept as the 24-hour stage.
@Suite struct ReminderMigrationTests {
    @Test func sessionRemindersSentBeforeM010BecomeThe24HourStage() async throws {
        try await withDatabase(migrations: MigrationRunner.all.filter { $0.number < 10 }) { database in
            let therapist = try await CareTestData.therapist(database)
            let client = Member(
                id: .make(), email: try EmailAddress("client-m010@example.org"), displayName: try DisplayName("Client"), roles: [.client],
                status: .active, language: .english, mfaEnabled: false, createdAt: CareTestData.monday)
            let slot = try Slot(start: CareTestData.instant("2026-01-06", "10:00"), minutes: 50)
            let appointment = Appointment(id: .make(), therapist: therapist.id, client: client.id, slot: slot, clientState: .CA)
            try await database.transaction { sql in
                try await MemberStore().insert(client, passwordHash: nil, sql: sql)
                try await AppointmentStore().insert(appointment, footprint: slot, bookedBy: client.id, now: CareTestData.monday, sql: sql)
                try await sql.insert(into: "session_reminders").columns("appointment_id", "member_id", "start_at", "sent_at")
                    .values(
                        SQLBind(appointment.id.rawValue), SQLBind(client.id.rawValue), SQLBind(Clock.milliseconds(slot.start)),
                        SQLBind(Clock.milliseconds(CareTestData.monday))
                    ).run()
            }
            #expect(try await MigrationRunner(database: database).migrate().first == 10)
            let (stage, last, claimedAgain) = try await database.transaction { sql in
                let row = try await sql.raw("SELECT lead_hours FROM session_reminder_stages").first()
                let last = try await ReminderStore().lastSessionReminder(appointment: appointment.id, member: client.id, start: slot.start, sql: sql)
                let again = try await ReminderStore().claimSessionReminder(
                    appointment: appointment.id, member: client.id, start: slot.start, leadHours: 24, now: CareTestData.monday, sql: sql)
                return (try row?.decode(column: "lead_hours", as: Int.self), last, again)
            }
            #expect(stage == 24 && last == CareTestData.monday && !claimedAgain)
            let settings = try await database.read { sql in try await GovernedSettingStore().history(sql: sql) }
            #expect(settings.filter { $0.key == "waitlist-offer-duration" }.map(\.cause) == ["founding"])
        }
    }
}
