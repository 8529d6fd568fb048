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

/// A member's own time zone: chosen on the account page, then used by pages that show times and by the emails they get.
@Suite struct MemberTimeZoneTests {
    /// `text` with the narrow and no-break spaces ICU puts in times as plain spaces.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    static func zone(of member: Member, _ services: CoopServices) async throws -> IANATimeZone? {
        try await services.database.read { sql in try await MemberStore().find(id: member.id, sql: sql) }?.member.timeZone
    }

    @Test func aMemberChoosesTheirZoneAndPagesShowTimesInIt() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let browser = try await Browser.member(services, roles: [.client])
            let member = try #require(browser.member)
            let account = try await client.get("/account", as: browser)
            #expect(account.text.contains("<option value=\"\" selected>The co-op&#39;s time zone (America/Los_Angeles)</option>"))
            #expect(try await client.get("/appointments", as: browser).text.contains("Times are shown in America/Los_Angeles."))

            let saved = try await client.post("/account/time-zone", [("zone", "America/New_York")], as: browser)
            #expect(saved.status == .seeOther && saved.headers[.location] == "/account?saved=zone")
            #expect(try await Self.zone(of: member, services)?.identifier == "America/New_York")
            let page = try await client.get("/account?saved=zone", as: browser).text
            #expect(page.contains("Your time zone is saved.") && page.contains("<option value=\"America/New_York\" selected>"))
            // Pages with times now default to the member's zone; a page's own choice still wins for that page.
            #expect(try await client.get("/appointments", as: browser).text.contains("Times are shown in America/New_York."))
            #expect(try await client.get("/appointments?zone=Pacific/Honolulu", as: browser).text.contains("Times are shown in Pacific/Honolulu."))
            let therapist = try await CareTestData.therapist(services.database)
            #expect(try await client.get("/therapists/\(therapist.id.rawValue)", as: browser).text.contains("Times are shown in America/New_York."))

            // An unknown zone is refused with a message, and nothing changes.
            let bad = try await client.post("/account/time-zone", [("zone", "Mars/Olympus_Mons")], as: browser)
            #expect(bad.status == .badRequest && bad.text.contains("Mars/Olympus_Mons"))
            #expect(try await Self.zone(of: member, services)?.identifier == "America/New_York")
            // Without the CSRF token nothing happens either.
            #expect(try await client.post("/account/time-zone", [("zone", "UTC")], as: browser, csrf: "forged").status == .forbidden)
            // The empty choice returns to the co-op's zone.
            #expect(try await client.post("/account/time-zone", [("zone", "")], as: browser).status == .seeOther)
            #expect(try await Self.zone(of: member, services) == nil)
            #expect(try await client.get("/appointments", as: browser).text.contains("Times are shown in America/Los_Angeles."))
            // Someone not signed in cannot set one.
            let visitor = try await Browser.anonymous(client)
            #expect(try await client.post("/account/time-zone", [("zone", "UTC")], as: visitor).status != .seeOther)
        }
    }

    @Test func sessionRemindersComeInTheRecipientsZone() async throws {
        let clock = TestClock(CareTestData.monday)
        try await TestServices.with(clock: clock) { services in
            let (client, _) = try await TestServices.member(services, roles: [.client], email: "eastern@example.org")
            try await services.database.transaction { sql in
                try await MemberStore().setTimeZone(try IANATimeZone("America/New_York"), for: client.id, sql: sql)
            }
            let (_, appointment) = try await ReminderTests.book(services, client: client)
            clock.advance(appointment.slot.start.timeIntervalSince(clock.now) - 24 * 3600 + 60)
            #expect(try await ReminderTests.reminders(services).sendSessionReminders() == 1)
            let email = try #require(try await ReminderTests.outbox(services).first)
            // 10:00 in Los Angeles is 13:00 in New York, and the zone is named (as this platform's Foundation abbreviates it).
            #expect(Self.plain(email.body).contains("1:00 PM GMT-5"), "\(email.body)")
            #expect(!email.body.contains("10:00"))
        }
    }

    @Test func governanceEmailsShowClosingTimesInTheMembersZone() throws {
        let emails = GovernanceEmails(catalog: try Catalog.load(), configuration: WebConfiguration(publicURL: "http://coop.test"))
        let closes = CareTestData.instant("2026-01-06", "10:00")
        let notice = GovernanceNotice.opened(title: "Evenings", pollID: PollID.make(), closesAt: closes)
        let coop = emails.email(notice, language: .english, zone: nil).body
        let eastern = emails.email(notice, language: .english, zone: try IANATimeZone("America/New_York")).body
        #expect(Self.plain(coop).contains("10:00 AM GMT-8"), "\(coop)")
        #expect(Self.plain(eastern).contains("1:00 PM GMT-5"), "\(eastern)")
    }

    @Test func groupRemindersShowTheMembersZoneAndGuestsTheCoops() throws {
        let emails = ReminderEmails(catalog: try Catalog.load(), configuration: WebConfiguration(publicURL: "http://coop.test"))
        let start = CareTestData.instant("2026-01-06", "18:00")
        let guest = ReminderNotice.groupSession(start: start, name: "Robin", title: "Budgeting basics", kind: .workshop, session: .make(), zone: nil)
        let member = ReminderNotice.groupSession(
            start: start, name: "Robin", title: "Budgeting basics", kind: .workshop, session: .make(), zone: TimeZone(identifier: "America/New_York"))
        let coop = Self.plain(emails.email(guest, language: .english).body)
        let eastern = Self.plain(emails.email(member, language: .english).body)
        #expect(coop.contains("6:00 PM GMT-8 (America/Los_Angeles)"), "\(coop)")
        #expect(eastern.contains("9:00 PM GMT-5 (America/New_York)"), "\(eastern)")
    }

    @Test func groupChangeEmailsShowTheMembersZone() throws {
        let emails = GroupSeriesEmails(catalog: try Catalog.load(), configuration: WebConfiguration(publicURL: "http://coop.test"))
        let notice = GroupChangeNotice.cancelled(
            name: "Robin", title: "Peer circle", start: CareTestData.instant("2026-01-06", "18:00"), reason: "", session: .make(), kind: .peerSupport)
        let coop = Self.plain(emails.email(notice, language: .english, zone: nil).body)
        let eastern = Self.plain(emails.email(notice, language: .english, zone: try IANATimeZone("America/New_York")).body)
        #expect(coop.contains("6:00 PM GMT-8 (America/Los_Angeles)"), "\(coop)")
        #expect(eastern.contains("9:00 PM GMT-5 (America/New_York)"), "\(eastern)")
    }
}
