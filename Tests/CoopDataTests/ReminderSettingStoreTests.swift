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
                try await sql.delete(from: "governed_setting_history").where("key", .in, changes.map(\.key.name)).where("cause", .equal, "founding").run()
            }
            read = try await database.read { sql in try await GovernedSettingStore().reminderSettings(sql: sql) }
            #expect(read == ReminderSettings(sessionLeads: .standard, groupLead: .standard, offerDuration: .standard))
            let history = try await database.read { sql in try await GovernedSettingStore().load(sql: sql) }.history(of: .groupReminderLead)
            #expect(history.map(\.previous) == [.groupReminderLead(.standard)])
        }
    }
}
