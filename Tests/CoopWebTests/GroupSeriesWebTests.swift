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

/// Recurring groups, changing and cancelling a session through the real router: forms, CSRF, permissions, emails in
/// the catalogues' words, and bad input refused with a message and nothing changed.
@Suite struct GroupSeriesWebTests {
    static let now = CareTestData.monday  // Monday 5 January 2026, 00:00 in Los Angeles

    func count(_ services: CoopServices, _ table: String) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    func session(_ services: CoopServices, _ id: String) async throws -> GroupSessionRecord {
        let sessionID = try #require(GroupSessionID(rawValue: id))
        return try #require(try await services.database.read { sql in try await GroupStore().session(sessionID, sql: sql) })
    }

    static let form: [(String, String)] = [
        ("kind", "peer-support"), ("title", "Evening circle"), ("description", "Peer support."), ("start", "2026-01-08T18:00"),
        ("zone", "America/Los_Angeles"), ("minutes", "90"), ("seats", "2"), ("where", "online"),
    ]

    func create(_ client: any TestClientProtocol, as browser: Browser, _ extra: [(String, String)]) async throws -> String {
        let created = try await client.post("/groups", Self.form + extra, as: browser)
        #expect(created.status == .seeOther)
        let location = created.headers[.location] ?? ""
        return String(location.dropFirst("/groups/".count).prefix { $0 != "?" })
    }

    @Test func aFacilitatorCreatesAWeeklyGroupWhoseDatesShowOnItsPage() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let facilitator = try await Browser.member(services, roles: [.peerFacilitator])
            let form = try await client.get("/groups", as: facilitator)
            #expect(form.text.contains("name=\"repeats\""))
            #expect(form.text.contains("Every two weeks"))
            let id = try await create(client, as: facilitator, [("repeats", "weekly"), ("count", "3")])
            #expect(try await count(services, "group_sessions") == 3)
            let page = try await client.get("/groups/\(id)?zone=America/New_York", as: facilitator)
            #expect(page.status == .ok)
            #expect(page.text.contains("All meetings of this group"))
            // In the viewer's zone: 18:00 in Los Angeles is 21:00 in New York.
            #expect(page.text.components(separatedBy: "9:00").count - 1 >= 3)
            #expect(page.text.contains("Change this session"))
            #expect(page.text.contains("/groups/\(id)/cancel"))
            // A member sees "join all upcoming meetings".
            let member = try await Browser.member(services, roles: [.communityMember])
            let memberPage = try await client.get("/groups/\(id)", as: member)
            #expect(memberPage.text.contains("Join all upcoming meetings of this group"))
            #expect(!memberPage.text.contains("Change this session"))
            let joined = try await client.post("/groups/\(id)/join", [("all_following", "yes")], as: member)
            #expect(joined.status == .seeOther)
            #expect(try await count(services, "group_registrations") == 3)
        }
    }

    @Test func badRepeatOrCountIsRefusedWithAMessageAndCreatesNothing() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let facilitator = try await Browser.member(services, roles: [.peerFacilitator])
            let cases: [([(String, String)], String)] = [
                ([("repeats", "daily"), ("count", "3")], "Repeats: choose once, every week or every two weeks."),
                ([("repeats", "weekly"), ("count", "13")], "Number of meetings: choose a whole number from 2 to 12."),
                ([("repeats", "weekly"), ("count", "1")], "Number of meetings: choose a whole number from 2 to 12."),
                ([("repeats", "every-two-weeks"), ("count", "")], "Number of meetings: choose a whole number from 2 to 12."),
            ]
            for (extra, message) in cases {
                let response = try await client.post("/groups", Self.form + extra, as: facilitator)
                #expect(response.status == .badRequest)
                #expect(response.text.contains(message))
                #expect(response.text.contains("role=\"alert\""))
            }
            let forged = try await client.post("/groups", Self.form + [("repeats", "weekly"), ("count", "3")], as: facilitator, csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await count(services, "group_sessions") == 0)
        }
    }

    @Test func changingASessionEmailsParticipantsInTheirLanguage() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let facilitator = try await Browser.member(services, roles: [.peerFacilitator])
            let id = try await create(client, as: facilitator, [("repeats", "weekly"), ("count", "2")])
            let spanish = try await Browser.member(services, roles: [.communityMember], language: .spanish)
            let english = try await Browser.member(services, roles: [.communityMember])
            #expect(try await client.post("/groups/\(id)/join", [("chosen_name", "Luz"), ("all_following", "yes")], as: spanish).status == .seeOther)
            #expect(try await client.post("/groups/\(id)/join", [], as: english).status == .seeOther)
            // Only the facilitator (or a coordinator) gets the form.
            #expect(try await client.get("/groups/\(id)/change", as: english).status == .forbidden)
            let form = try await client.get("/groups/\(id)/change", as: facilitator)
            #expect(form.status == .ok)
            #expect(form.text.contains("value=\"2026-01-08T18:00\""))
            #expect(form.text.contains("This and all following meetings"))
            let before = try await session(services, id)
            let mailBefore = try await count(services, "outbox")
            let change = Self.form.filter { $0.0 != "kind" && $0.0 != "start" && $0.0 != "seats" }
            let bad: [([(String, String)], HTTPResponse.Status, String)] = [
                ([("start", "2026-01-09T19:00"), ("seats", "1")], .conflict, "Seats: 2 people are already confirmed, so there must be at least 2 seats (not 1)."),
                ([("start", "2026-01-01T19:00"), ("seats", "2")], .badRequest, "The start must be in the future."),
                ([("start", "2026-01-09T19:00"), ("seats", "2"), ("scope", "everything")], .badRequest, "Which meetings:"),
            ]
            for (extra, status, message) in bad {
                let response = try await client.post("/groups/\(id)/change", change.filter { $0.0 != "minutes" } + [("minutes", "90")] + extra, as: facilitator)
                #expect(response.status == status)
                #expect(response.text.contains(message))
            }
            let badMinutes = try await client.post("/groups/\(id)/change", change.filter { $0.0 != "minutes" } + [("minutes", "5"), ("start", "2026-01-09T19:00"), ("seats", "2")], as: facilitator)
            #expect(badMinutes.status == .badRequest)
            #expect(try await client.post("/groups/\(id)/change", change + [("start", "2026-01-09T19:00"), ("seats", "2")], as: facilitator, csrf: "forged").status == .forbidden)
            #expect(try await session(services, id) == before)
            #expect(try await count(services, "outbox") == mailBefore)
            let done = try await client.post("/groups/\(id)/change", change + [("start", "2026-01-09T19:00"), ("seats", "2")], as: facilitator)
            #expect(done.status == .seeOther)
            #expect(try await client.get(done.headers[.location] ?? "", as: facilitator).text.contains("The changes are saved"))
            let after = try await session(services, id)
            #expect(after.start == before.start.addingTimeInterval(25 * 3600))
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 20, sql: sql) }
            let toSpanish = try #require(mail.first { $0.recipient == spanish.member?.email.value })
            #expect(toSpanish.subject.hasPrefix("Cambio: Evening circle, ahora el"))
            #expect(toSpanish.body.contains("Hola, Luz:"))
            #expect(toSpanish.body.contains("(hora)"))
            #expect(toSpanish.body.contains("America/Los_Angeles"))
            let toEnglish = try #require(mail.first { $0.recipient == english.member?.email.value })
            #expect(toEnglish.subject.hasPrefix("Changed: Evening circle, now on"))
            #expect(toEnglish.body.contains("7:00"))
        }
    }

    @Test func cancellingShowsCancelledClosesJoiningAndTwiceIsRefused() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let facilitator = try await Browser.member(services, roles: [.peerFacilitator])
            let workshopForm = Self.form.map { $0.0 == "kind" ? ("kind", "workshop") : $0 }
            let created = try await client.post("/groups", workshopForm, as: facilitator)
            let id = String((created.headers[.location] ?? "").dropFirst("/groups/".count).prefix { $0 != "?" })
            let visitor = try await Browser.anonymous(client)
            _ = try await client.post("/workshops/\(id)/register", [("name", "Ana"), ("email", "ana@example.org"), ("language", "es")], as: visitor)
            #expect(try await client.execute(uri: "/workshops", method: .get).text.contains("Evening circle"))
            let member = try await Browser.member(services, roles: [.communityMember])
            #expect(try await client.post("/groups/\(id)/cancel", [("reason", "Unwell")], as: member).status == .forbidden)
            let tooLong = try await client.post("/groups/\(id)/cancel", [("reason", String(repeating: "x", count: 501))], as: facilitator)
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.text.contains("Reason: at most 500 characters"))
            #expect(try await client.post("/groups/\(id)/cancel", [("reason", "")], as: facilitator, csrf: "forged").status == .forbidden)
            #expect(try await client.post("/groups/\(id)/cancel", [("scope", "all")], as: facilitator).status == .badRequest)
            #expect(try await session(services, id).cancelled == false)
            let form = try await client.get("/groups/\(id)/cancel", as: facilitator)
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"reason\""))
            let done = try await client.post("/groups/\(id)/cancel", [("reason", "The room is unavailable")], as: facilitator)
            #expect(done.status == .seeOther)
            let page = try await client.get("/groups/\(id)", as: facilitator)
            #expect(page.text.contains("Cancelled"))
            #expect(page.text.contains("The room is unavailable"))
            #expect(!page.text.contains("Change this session"))
            #expect(try await client.get("/groups", as: facilitator).text.contains("Cancelled"))
            #expect(!(try await client.execute(uri: "/workshops", method: .get).text.contains("Evening circle")))
            let publicPage = try await client.execute(uri: "/workshops/\(id)", method: .get)
            #expect(publicPage.text.contains("This workshop was cancelled"))
            #expect(!publicPage.text.contains("/register\""))
            let late = try await client.post("/workshops/\(id)/register", [("name", "Bo"), ("email", "bo@example.org")], as: visitor)
            #expect(late.status == .conflict)
            #expect(late.text.contains("This session was cancelled"))
            let twice = try await client.post("/groups/\(id)/cancel", [("reason", "")], as: facilitator)
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("This session is already cancelled."))
            // The forms are not offered again for a cancelled session.
            let changeForm = try await client.get("/groups/\(id)/change", as: facilitator)
            #expect(changeForm.status == .conflict && changeForm.text.contains("This session was cancelled"))
            #expect(try await client.get("/groups/\(id)/cancel", as: facilitator).status == .conflict)
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 20, sql: sql) }
            let notice = try #require(mail.first { $0.recipient == "ana@example.org" && $0.subject.hasPrefix("Cancelado") })
            #expect(notice.body.contains("The room is unavailable"))
            #expect(try await count(services, "group_registrations") == 1)
        }
    }

    @Test func aTherapyGroupChangeEmailNamesNoTitle() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let clinician = try await Browser.member(services, roles: [.clinician])
            let therapyForm = Self.form.map { $0.0 == "kind" ? ("kind", "therapy-group") : $0 }
            let created = try await client.post("/groups", therapyForm, as: clinician)
            let id = String((created.headers[.location] ?? "").dropFirst("/groups/".count).prefix { $0 != "?" })
            var clients: [Browser] = []
            for _ in 0..<3 {
                let person = try await Browser.member(services, roles: [.client])
                #expect(try await client.post("/groups/\(id)/join", [], as: person).status == .seeOther)
                clients.append(person)
            }
            // Two seats: the third client waits; three seats and a new time seat them and tell the others.
            let change = Self.form.filter { $0.0 != "kind" && $0.0 != "start" && $0.0 != "seats" } + [("start", "2026-01-08T19:00"), ("seats", "3")]
            #expect(try await client.post("/groups/\(id)/change", change, as: clinician).status == .seeOther)
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 20, sql: sql) }
            let notice = try #require(mail.first { $0.recipient == clients[0].member?.email.value })
            #expect(notice.subject.hasPrefix("Changed: your group session"))
            let seated = try #require(mail.first { $0.recipient == clients[2].member?.email.value })
            #expect(seated.subject.hasPrefix("A seat is yours: your group session"))
            #expect(mail.filter { $0.recipient == clients[2].member?.email.value }.count == 1)
            for message in [notice, seated] {
                #expect(!message.subject.contains("Evening circle") && !message.body.contains("Evening circle") && !message.body.contains("Peer support."))
            }
        }
    }
}
