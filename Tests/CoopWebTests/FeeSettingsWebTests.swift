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

/// The governed late-cancellation and no-show fees through the proposal form, `/settings` and `/appointments`.
@Suite struct FeeSettingsWebTests {
    static let proposal: [(String, String)] = [("title", "Cancellation fees"), ("type", "policy-change"), ("kind", "proposal"), ("setting", "cancellation-fees")]
    static let message = "Each fee must be an amount in dollars from 0 to $500.00, such as 25 or 25.50."

    /// (late-cancellation fee typed, no-show fee typed).
    static let refused: [(String, String)] = [("-5", "0"), ("500.01", "0"), ("25", "twenty"), ("25.555", "0"), ("0", "1,000"), ("0", "$")]

    @Test func badAmountsAreRefusedWithAMessageAndNothingChanges() async throws {
        try await withApp { services, client in
            let member = try await Browser.member(services, roles: [.peerFacilitator])
            let before = try await services.database.read { sql in try await GovernedSettingStore().history(sql: sql) }
            for (late, noShow) in Self.refused {
                let response = try await client.post("/proposals", Self.proposal + [("late_cancel_fee", late), ("no_show_fee", noShow)], as: member)
                #expect(response.status == .badRequest, "\(late) \(noShow)")
                #expect(response.text.contains(Self.message), "\(late) \(noShow)")
                // The form comes back with what was typed, the choice still made.
                #expect(response.text.contains("name=\"late_cancel_fee\" type=\"text\" inputmode=\"decimal\" aria-describedby=\"fees-hint\" value=\"\(late)\""))
                #expect(response.text.contains("value=\"cancellation-fees\" checked"))
            }
            let spanish = try await Browser.member(services, roles: [.peerFacilitator], language: .spanish)
            let response = try await client.post("/proposals", Self.proposal + [("late_cancel_fee", "600"), ("no_show_fee", "")], as: spanish)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("Cada cargo debe ser un importe en dólares de 0 a $500.00, por ejemplo 25 o 25.50."))
            #expect(try await services.database.read { sql in try await PollStore().unsettled(sql: sql) }.isEmpty)
            #expect(try await services.database.read { sql in try await GovernedSettingStore().history(sql: sql) } == before)
            #expect(try await Governance(services: services).currentSettings().cancellationFees == .standard)
        }
    }

    @Test func aPassedProposalSetsTheFeesWhichAClientSeesAndPaysOnlyWhenLate() async throws {
        let clock = TestClock(CareTestData.monday)
        try await withApp(clock: clock) { services, client in
            let one = try await Browser.member(services, roles: [.peerFacilitator])
            let two = try await Browser.member(services, roles: [.peerFacilitator])
            #expect(try await client.get("/settings", as: two).text.contains("<th scope=\"row\">Late-cancellation and no-show fees</th><td>No fees</td>"))
            let proposed = try await client.post("/proposals", Self.proposal + [("late_cancel_fee", "$25"), ("no_show_fee", "40.5")], as: one)
            #expect(proposed.status == .seeOther, "\(proposed.text.prefix(800))")
            let path = try #require(proposed.headers[.location])
            let page = try await client.get(path, as: two)
            #expect(page.text.contains("If it passes: Late-cancellation and no-show fees becomes $25.00 for a late cancellation; $40.50 for a missed session."))
            _ = try await client.post(path + "/vote", [("stance", "agree")], as: one)
            _ = try await client.post(path + "/vote", [("stance", "agree")], as: two)
            _ = try await client.post(path + "/close", [], as: one)
            let fees = try await Governance(services: services).currentSettings().cancellationFees
            #expect(fees == CancellationFees(lateCancellation: Money(cents: 2_500), noShow: Money(cents: 4_050)))
            let settings = try await client.get("/settings", as: two)
            #expect(settings.text.contains("<td>$25.00 for a late cancellation; $40.50 for a missed session</td>"))
            #expect(settings.text.contains("<a href=\"\(path)\">A decision of the members</a>"))

            // A client books Tuesday 10:00 (34 hours ahead): no fee notice yet beyond the window's.
            let therapist = try await CareTestData.therapist(services.database)
            let tuesday10 = CareTestData.instant("2026-01-06", "10:00")
            let owner = try await Browser.member(services, roles: [.client])
            _ = try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", String(Int64(tuesday10.timeIntervalSince1970))), ("state", "CA")], as: owner)
            let id = try #require(try await client.get("/appointments", as: owner).text.firstMatch(of: /\/appointments\/([0-9a-f-]{36})\/cancel/)).1
            // 20 hours later it is inside the window: the page says what a cancellation now costs, and it costs that.
            clock.advance(20 * 3600)
            let member = try #require(owner.member)
            let fresh = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: member.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let again = Browser(cookie: "coopcare_session=\(fresh.0)", csrf: fresh.1.csrfToken, member: member)
            #expect(try await client.get("/appointments", as: again).text.contains("Under the co-op&#39;s policy a late cancellation costs $25.00."))
            #expect(try await client.post("/appointments/\(id)/cancel", [], as: again).status == .seeOther)
            #expect(try await client.get("/appointments", as: again).text.contains("Cancelled (late): fee $25.00"))
            // The therapist sees the same fee on their calendar.
            let session = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: therapist.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let clinician = Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
            let calendar = try await client.get("/appointments", as: clinician).text
            #expect(calendar.contains("Cancelled (late): fee $25.00") && calendar.contains("/appointments/\(id)/waive-fee"))
            // The client cannot waive their own fee; the therapist can, once.
            #expect(try await client.post("/appointments/\(id)/waive-fee", [], as: again).status == .notFound)
            let waived = try await client.post("/appointments/\(id)/waive-fee", [], as: clinician)
            #expect(waived.status == .seeOther)
            let after = try await client.get("/appointments?done=waived", as: clinician).text
            #expect(after.contains("The fee is waived: the client owes nothing for this session.") && !after.contains("/waive-fee"))
            #expect(try await client.get("/appointments", as: again).text.contains("Cancelled (late): fee $25.00 waived"))
            let twice = try await client.post("/appointments/\(id)/waive-fee", [], as: clinician)
            #expect(twice.status == .conflict && twice.text.contains("This fee was already waived."))
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 50, sql: sql) }
            #expect(entries.contains { $0.resourceID == String(id) && $0.detail == "fee-waived fee_cents=2500" })
        }
    }
}
