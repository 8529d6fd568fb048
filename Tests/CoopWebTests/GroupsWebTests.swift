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

/// Workshops and groups through the real router: public registration, waitlist, cancel links, chosen names,
/// creation permissions and refused input.
@Suite struct GroupsWebTests {
    static let now = CareTestData.monday

    func registrations(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM group_registrations").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    func sessions(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM group_sessions").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    func workshop(_ services: CoopServices, seats: Int) async throws -> GroupSessionID {
        let (facilitator, _) = try await TestServices.member(services, roles: [.peerFacilitator])
        return try await Groups(services: services).create(
            GroupDraft(kind: .workshop, title: "Sleep and mood", description: "A short talk.", start: Self.now.addingTimeInterval(2 * 86_400),
                       durationMinutes: 60, seats: seats, online: true),
            actor: Actor(memberID: facilitator.id, roles: facilitator.roles, mfaSatisfied: true), origin: .system
        )
    }

    @Test func aVisitorRegistersUntilTheWorkshopFillsThenWaitlists() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let id = try await workshop(services, seats: 2)
            let list = try await client.execute(uri: "/workshops", method: .get)
            #expect(list.status == .ok)
            #expect(list.text.contains("Sleep and mood"))
            #expect(list.text.contains("2 of 2 seats left."))
            let visitor = try await Browser.anonymous(client)
            var locations: [String] = []
            for (name, email) in [("Ana", "ana@example.org"), ("Bo", "bo@example.org"), ("Cy", "cy@example.org")] {
                let response = try await client.post("/workshops/\(id.rawValue)/register", [("name", name), ("email", email), ("language", "en")], as: visitor)
                #expect(response.status == .seeOther)
                locations.append(response.headers[.location] ?? "")
            }
            #expect(locations[0].contains("done=confirmed"))
            #expect(locations[1].contains("done=confirmed"))
            #expect(locations[2].contains("done=waitlisted&position=1"))
            let page = try await client.get(locations[2], as: visitor)
            #expect(page.text.contains("you are number 1 on the waitlist"))
            #expect(page.text.contains("Full: new registrations join the waitlist (1 waiting)."))
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            let first = try #require(mail.first { $0.recipient == "ana@example.org" })
            #expect(first.subject == "You are registered: Sleep and mood")
            let link = try #require(first.body.split(separator: "\n").first { $0.contains("/workshop-registrations/") })
            let path = String(link.dropFirst("http://coop.test".count))
            // The cancel link asks first; posting it frees the seat for the first person waiting, who is emailed.
            let confirm = try await client.get(path, as: visitor)
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("Cancel my registration"))
            let cancelled = try await client.post(path, [], as: visitor)
            #expect(cancelled.status == .seeOther)
            #expect(try await client.get(path, as: visitor).text.contains("Your registration is cancelled."))
            let after = try await services.database.read { sql in try await OutboxStore().recent(limit: 10, sql: sql) }
            #expect(after.contains { $0.recipient == "cy@example.org" && $0.subject == "A seat is yours: Sleep and mood" })
            #expect(try await client.execute(uri: "/workshops", method: .get).text.contains("0 of 2 seats left.") == false)
        }
    }

    @Test func badRegistrationsGetAClearMessageAndChangeNothing() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let id = try await workshop(services, seats: 2)
            let visitor = try await Browser.anonymous(client)
            _ = try await client.post("/workshops/\(id.rawValue)/register", [("name", "Ana"), ("email", "ana@example.org")], as: visitor)
            let before = try await registrations(services)
            let cases: [([(String, String)], HTTPResponse.Status, String)] = [
                ([("name", "Bo"), ("email", "bo at example")], .badRequest, "Please enter a valid email address"),
                ([("name", String(repeating: "b", count: 101)), ("email", "bo@example.org")], .badRequest, "Please enter a name of 1 to 100 characters."),
                ([("name", "Ana"), ("email", "ana@example.org")], .conflict, "This email address is already registered for this workshop."),
            ]
            for (fields, status, message) in cases {
                let response = try await client.post("/workshops/\(id.rawValue)/register", fields, as: visitor)
                #expect(response.status == status)
                #expect(response.text.contains(message))
                #expect(response.text.contains("role=\"alert\""))
            }
            let forged = try await client.post("/workshops/\(id.rawValue)/register", [("name", "Bo"), ("email", "bo@example.org")], as: visitor, csrf: "forged")
            #expect(forged.status == .forbidden)
            let spanish = try await client.execute(
                uri: "/workshops/\(id.rawValue)/register", method: .post,
                headers: { var h = visitor.headers; h[.contentType] = "application/x-www-form-urlencoded"; h[.acceptLanguage] = "es"; return h }(),
                body: formBody([("csrf", visitor.csrf), ("name", "Bo"), ("email", "nope")])
            )
            #expect(spanish.text.contains("Escriba un correo electrónico válido"))
            #expect(try await registrations(services) == before)
            #expect(try await client.execute(uri: "/workshops/not-an-id", method: .get).status == .notFound)
        }
    }

    @Test func aFacilitatorRunsAPeerGroupWhereMembersUseChosenNames() async throws {
        let clock = TestClock(Self.now)
        try await withApp(clock: clock) { services, client in
            let facilitator = try await Browser.member(services, roles: [.peerFacilitator])
            let created = try await client.post(
                "/groups",
                [("kind", "peer-support"), ("title", "Evening circle"), ("start", "2026-01-07T18:30"), ("zone", "America/Los_Angeles"),
                 ("minutes", "90"), ("seats", "8"), ("where", "online")],
                as: facilitator
            )
            #expect(created.status == .seeOther)
            let path = String((created.headers[.location] ?? "").prefix { $0 != "?" })
            let member = try await Browser.member(services, roles: [.communityMember])
            let list = try await client.get("/groups", as: member)
            #expect(list.text.contains("Evening circle"))
            let joined = try await client.post(path + "/join", [("chosen_name", "Willow")], as: member)
            #expect(joined.status == .seeOther)
            let own = try await client.get(path, as: member)
            #expect(own.text.contains("Willow"))
            #expect(!own.text.contains("Participants"))
            let roster = try await client.get(path, as: facilitator)
            #expect(roster.text.contains("Willow"))
            #expect(roster.text.contains("chosen name"))
            #expect(!roster.text.contains("Test Person</td>"))
            #expect(roster.text.contains("Attendance can be recorded once the session has started."))
            let early = try await client.post(path + "/attendance", [], as: facilitator)
            #expect(early.status == .conflict)
            clock.advance(3 * 86_400)
            // Three days on, the old session has long expired: the facilitator signs in again.
            let facilitatorID = try #require(facilitator.member?.id)
            let (token, session) = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: facilitatorID, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let again = Browser(cookie: "coopcare_session=\(token)", csrf: session.csrfToken, member: nil)
            let page = try await client.get(path, as: again)
            let registration = try #require(page.text.firstMatch(of: /name="attended" type="checkbox" value="([0-9a-f-]+)"/)?.1)
            let saved = try await client.post(path + "/attendance", [("attended", String(registration))], as: again)
            #expect(saved.status == .seeOther)
            #expect(try await client.get(path, as: again).text.contains("checked"))
            let audit = try await services.database.read { sql in try await AuditStore().recent(limit: 200, sql: sql) }
            #expect(!audit.contains { $0.resourceType.hasPrefix("group") })
        }
    }

    @Test func creationIsRefusedForTheWrongRoleOrBadInput() async throws {
        try await withApp(clock: TestClock(Self.now)) { services, client in
            let fields: [(String, String)] = [("title", "Group"), ("start", "2026-01-07T18:30"), ("minutes", "60"), ("seats", "8")]
            let clientBrowser = try await Browser.member(services, roles: [.client])
            #expect(try await client.post("/groups", [("kind", "peer-support")] + fields, as: clientBrowser).status == .forbidden)
            let facilitator = try await Browser.member(services, roles: [.peerFacilitator])
            #expect(try await client.post("/groups", [("kind", "therapy-group")] + fields, as: facilitator).status == .forbidden)
            let bad: [([(String, String)], String)] = [
                ([("seats", "0")], "The number of seats must be between 1 and 500."),
                ([("seats", "10000")], "The number of seats must be between 1 and 500."),
                ([("start", "2026-01-01T09:00")], "The start must be in the future."),
                ([("start", "tomorrow")], "Please give the start as a date and time."),
                ([("title", String(repeating: "t", count: 121))], "Please give a title of 1 to 120 characters."),
                ([("minutes", "5000")], "The length must be between 15 and 480 minutes."),
            ]
            for (override, message) in bad {
                let names = Set(override.map(\.0))
                let response = try await client.post("/groups", [("kind", "workshop")] + fields.filter { !names.contains($0.0) } + override, as: facilitator)
                #expect(response.status == .badRequest, "\(override)")
                #expect(response.text.contains(message), "\(override)")
            }
            #expect(try await sessions(services) == 0)
            #expect(try await client.execute(uri: "/groups", method: .get).status != .ok)
        }
    }
}
