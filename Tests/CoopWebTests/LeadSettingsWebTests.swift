import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// The governed reminder lead times and waitlist offer duration through the proposal form and `/settings`.
@Suite struct LeadSettingsWebTests {
    static let proposal: [(String, String)] = [("title", "Reminder times"), ("type", "policy-change"), ("kind", "proposal")]

    /// (setting chosen, field, value typed, the message that names the field).
    static let refused: [(String, String, String, String)] = [
        ("session-reminder-leads", "session_reminder_hours", "0", "Each session reminder lead time must be a whole number of hours from 1 to 168."),
        ("session-reminder-leads", "session_reminder_hours", "169", "Each session reminder lead time must be a whole number of hours from 1 to 168."),
        ("session-reminder-leads", "session_reminder_hours", "two", "Each session reminder lead time must be a whole number of hours from 1 to 168."),
        ("session-reminder-leads", "session_reminder_hours", "48, 48", "The session reminder lead times must differ: 48 hours is given twice."),
        ("session-reminder-leads", "session_reminder_hours", "72, 24, 2", "Give one or two session reminder lead times"),
        ("session-reminder-leads", "session_reminder_hours", " ", "Give one or two session reminder lead times"),
        (
            "group-reminder-lead", "group_reminder_hours", "0",
            "The group and workshop reminder lead time must be a whole number of hours from 1 to 168."
        ),
        (
            "group-reminder-lead", "group_reminder_hours", "169",
            "The group and workshop reminder lead time must be a whole number of hours from 1 to 168."
        ),
        (
            "group-reminder-lead", "group_reminder_hours", "",
            "The group and workshop reminder lead time must be a whole number of hours from 1 to 168."
        ),
        ("waitlist-offer-duration", "waitlist_offer_hours", "0", "The waitlist offer duration must be a whole number of hours from 1 to 72."),
        ("waitlist-offer-duration", "waitlist_offer_hours", "73", "The waitlist offer duration must be a whole number of hours from 1 to 72."),
        ("waitlist-offer-duration", "waitlist_offer_hours", "1.5", "The waitlist offer duration must be a whole number of hours from 1 to 72."),
    ]

    @Test func badValuesAreRefusedWithAMessageNamingTheFieldAndNothingChanges() async throws {
        try await withApp { services, client in
            let member = try await Browser.member(services, roles: [.peerFacilitator])
            let before = try await services.database.read { sql in try await GovernedSettingStore().history(sql: sql) }
            for (setting, field, value, message) in Self.refused {
                let response = try await client.post("/proposals", Self.proposal + [("setting", setting), (field, value)], as: member)
                #expect(response.status == .badRequest, "\(setting) \(value)")
                #expect(response.text.contains(message), "\(setting) \(value)")
                // The form comes back with what was typed.
                #expect(response.text.contains("name=\"\(field)\""))
            }
            let spanish = try await Browser.member(services, roles: [.peerFacilitator], language: .spanish)
            let response = try await client.post(
                "/proposals", Self.proposal + [("setting", "waitlist-offer-duration"), ("waitlist_offer_hours", "100")], as: spanish)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("La duración de una oferta de la lista de espera debe ser un número entero de horas entre 1 y 72."))
            let polls = try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }
            #expect(polls.isEmpty)
            let after = try await services.database.read { sql in try await GovernedSettingStore().history(sql: sql) }
            #expect(after == before)
            let current = try await Governance(services: services).currentSettings()
            #expect(current.sessionReminderLeads == .standard && current.groupReminderLead == .standard && current.waitlistOfferDuration == .standard)
        }
    }

    @Test func aPassedProposalChangesTheSettingsAndTheSettingsPageShowsThem() async throws {
        try await withApp { services, client in
            let one = try await Browser.member(services, roles: [.peerFacilitator])
            let two = try await Browser.member(services, roles: [.peerFacilitator])
            let start = try await client.get("/settings", as: two)
            #expect(start.text.contains("<th scope=\"row\">Session reminder lead times</th><td>24 hours before the start</td>"))
            #expect(start.text.contains("<th scope=\"row\">Waitlist offer duration</th><td>2 hours</td>"))
            let changes: [[(String, String)]] = [
                [("setting", "session-reminder-leads"), ("session_reminder_hours", "2, 48")],
                [("setting", "group-reminder-lead"), ("group_reminder_hours", "12")],
                [("setting", "waitlist-offer-duration"), ("waitlist_offer_hours", "6")],
            ]
            var paths: [String] = []
            for change in changes {
                let response = try await client.post("/proposals", Self.proposal + change, as: one)
                #expect(response.status == .seeOther, "\(response.text.prefix(1000))")
                paths.append(response.headers[.location] ?? "")
            }
            let page = try await client.get(paths[2], as: two)
            #expect(page.text.contains("If it passes: Waitlist offer duration becomes 6 hours."))
            for path in paths {
                _ = try await client.post(path + "/vote", [("stance", "agree")], as: one)
                _ = try await client.post(path + "/vote", [("stance", "agree")], as: two)
                _ = try await client.post(path + "/close", [], as: one)
            }
            let current = try await Governance(services: services).currentSettings()
            #expect(current.sessionReminderLeads.hours == [48, 2])
            #expect(current.groupReminderLead.hours == 12)
            #expect(current.waitlistOfferDuration.hours == 6)
            let settings = try await client.get("/settings", as: two)
            #expect(settings.status == .ok)
            #expect(settings.text.contains("<th scope=\"row\">Session reminder lead times</th><td>48 and 2 hours before the start</td>"))
            #expect(settings.text.contains("<th scope=\"row\">Group and workshop reminder lead time</th><td>12 hours before the start</td>"))
            #expect(settings.text.contains("<th scope=\"row\">Waitlist offer duration</th><td>6 hours</td>"))
            // Each change is in the history, linked to the decision that made it.
            for path in paths { #expect(settings.text.contains("<a href=\"\(path)\">A decision of the members</a>")) }
        }
    }
}
