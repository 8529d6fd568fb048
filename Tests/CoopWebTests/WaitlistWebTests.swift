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

/// The waitlist and series pages through the real router: join, offer on cancellation, accept; series booking and
/// "all following"; bad input answered with a clear 4xx and nothing changed; who may call each route.
@Suite struct WaitlistWebTests {
    static let tuesday10 = CareTestData.instant("2026-01-06", "10:00")

    func seconds(_ date: Date) -> String { String(Int64(date.timeIntervalSince1970)) }

    func count(_ services: CoopServices, _ table: String) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test func aWaitlistedClientIsOfferedTheFreedTimeAndAcceptsIt() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Licensed")
            let a = try await Browser.member(services, roles: [.client])
            let b = try await Browser.member(services, roles: [.client], language: .spanish)
            let profile = try await client.get("/therapists/\(therapist.id.rawValue)?state=CA", as: b)
            #expect(profile.text.contains("name=\"therapist\" value=\"\(therapist.id.rawValue)\""))
            let joined = try await client.post(
                "/waitlist", [("therapist", therapist.id.rawValue), ("state", "CA"), ("zone", "America/Los_Angeles"), ("from-2", "09:00"), ("to-2", "12:00")], as: b
            )
            #expect(joined.status == .seeOther)
            let list = try await client.get("/waitlist", as: b)
            #expect(list.text.contains("Robin Licensed"))
            #expect(list.text.contains("1 de 1"))

            #expect(try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA")], as: a).status == .seeOther)
            let mine = try await client.get("/appointments", as: a)
            let id = try #require(mine.text.firstMatch(of: /\/appointments\/([0-9a-f-]{36})\/cancel"/)).1
            #expect(try await client.post("/appointments/\(id)/cancel", [], as: a).status == .seeOther)

            let offered = try await client.get("/appointments", as: b)
            #expect(offered.text.contains("Horarios que se le ofrecen"))
            let offer = try #require(offered.text.firstMatch(of: /\/waitlist\/offers\/([0-9a-f-]{36})\/accept/)).1
            // The email is in Spanish and says nothing clinical.
            let mail = try await services.database.read { sql in try await OutboxStore().recent(limit: 5, sql: sql) }
            #expect(mail.count == 1)
            #expect(mail.first?.recipient == b.member?.email.value)
            #expect(mail.first?.subject.hasPrefix("Hay un horario reservado") == true)
            #expect(mail.first?.body.contains("Robin") == false)
            // A cannot answer B's offer.
            #expect(try await client.post("/waitlist/offers/\(offer)/accept", [], as: a).status == .notFound)

            let accepted = try await client.post("/waitlist/offers/\(offer)/accept", [("from", "appointments")], as: b)
            #expect(accepted.status == .seeOther)
            let after = try await client.get("/appointments", as: b)
            #expect(after.text.contains("Robin Licensed"))
            #expect(!after.text.contains("/waitlist/offers/"))
            let again = try await client.post("/waitlist/offers/\(offer)/accept", [("from", "appointments")], as: b)
            #expect(again.status == .conflict)
            #expect(again.text.contains("ya no está abierta"))
        }
    }

    @Test func badWaitlistAndSeriesInputIsExplainedAndChangesNothing() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            let browser = try await Browser.member(services, roles: [.client])
            let series = "/therapists/\(therapist.id.rawValue)/series"
            let start = seconds(Self.tuesday10)
            let cases: [(String, [(String, String)], HTTPResponse.Status, String)] = [
                ("/waitlist", [("state", "ZZ")], .badRequest, "is not a US state"),
                ("/waitlist", [("state", "CA"), ("from-2", "12:00"), ("to-2", "09:00")], .badRequest, "the end must be after the start"),
                ("/waitlist", [("state", "CA"), ("from-2", "09:00")], .badRequest, "needs a start and an end"),
                ("/waitlist", [("state", "CA"), ("earliest", "2026-02-01"), ("latest", "2026-01-20")], .badRequest, "earliest date must be"),
                ("/waitlist", [("state", "CA"), ("latest", "2025-12-01")], .badRequest, "cannot be in the past"),
                ("/waitlist", [("state", "CA"), ("zone", "Mars/Olympus")], .badRequest, "is not a time zone we know"),
                ("/waitlist", [("state", "CA"), ("therapist", MemberID.make().rawValue)], .notFound, "could not find that therapist"),
                ("/waitlist", [("state", "CA"), ("therapist", "not-an-id")], .notFound, "could not find that therapist"),
                ("/waitlist/\(UUID().uuidString.lowercased())/leave", [], .notFound, "could not find that waitlist place"),
                ("/waitlist/offers/\(UUID().uuidString.lowercased())/accept", [], .notFound, "could not find that offer"),
                ("/waitlist/offers/forged/decline", [], .notFound, "could not find that offer"),
                (series, [("start", start), ("state", "CA"), ("frequency", "weekly"), ("count", "0")], .badRequest, "from 2 to 12 sessions"),
                (series, [("start", start), ("state", "CA"), ("frequency", "weekly"), ("count", "100")], .badRequest, "from 2 to 12 sessions"),
                (series, [("start", start), ("state", "CA"), ("frequency", "weekly"), ("count", "six")], .badRequest, "from 2 to 12 sessions"),
                (series, [("start", start), ("state", "CA"), ("frequency", "daily"), ("count", "4")], .badRequest, "weekly or every two weeks"),
                (series, [("start", start), ("state", "CA"), ("frequency", "weekly"), ("count", "4"), ("until", "next spring")], .badRequest, "The end date must be a date"),
                (series, [("start", start), ("state", "CA"), ("frequency", "weekly"), ("until", "2025-12-01")], .badRequest, "giving from 2 to 12 sessions"),
                (series, [("start", start), ("state", "CA"), ("frequency", "weekly"), ("until", "2027-12-01")], .badRequest, "giving from 2 to 12 sessions"),
                (series, [("start", "soon"), ("state", "CA"), ("frequency", "weekly"), ("count", "4")], .badRequest, "Choose one of the times offered."),
                (series, [("start", start), ("state", "NV"), ("frequency", "weekly"), ("count", "4")], .conflict, "2026-01-06, 2026-01-13"),
            ]
            for (path, fields, status, message) in cases {
                let response = try await client.post(path, fields, as: browser)
                #expect(response.status == status, "\(path) \(fields)")
                #expect(response.text.contains(message), "\(path) \(fields)")
            }
            #expect(try await count(services, "waitlist_entries") == 0)
            #expect(try await count(services, "appointments") == 0)
            #expect(try await count(services, "appointment_series") == 0)
        }
    }

    @Test func aSeriesIsBookedAndItsFollowingSessionsMovedFromTheAppointmentsPage() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            let browser = try await Browser.member(services, roles: [.client])
            let booked = try await client.post(
                "/therapists/\(therapist.id.rawValue)/series",
                [("start", seconds(Self.tuesday10)), ("state", "CA"), ("frequency", "every-two-weeks"), ("count", "3"), ("zone", "America/Los_Angeles")], as: browser
            )
            #expect(booked.status == .seeOther)
            let page = try await client.get("/appointments?done=series", as: browser)
            #expect(page.text.contains("Your series is booked."))
            #expect(page.text.contains("Session 2 of 3 (Every two weeks)"))
            let ids = page.text.matches(of: /\/appointments\/([0-9a-f-]{36})\/move-following/).map { String($0.1) }
            #expect(ids.count == 3)
            // The page lists newest first: the last id is the first session.
            let moved = try await client.post("/appointments/\(ids[1])/move-following", [("weekday", "3"), ("time", "11:00")], as: browser)
            #expect(moved.status == .seeOther)
            let starts = try await services.database.read { sql in
                try await AppointmentStore().forClient(browser.member!.id, sql: sql).map(\.appointment.slot.start).sorted()
            }
            #expect(starts == [
                Self.tuesday10, CareTestData.instant("2026-01-21", "11:00"), CareTestData.instant("2026-02-04", "11:00"),
            ])
            let bad = try await client.post("/appointments/\(ids[1])/move-following", [("weekday", "9"), ("time", "11:00")], as: browser)
            #expect(bad.status == .badRequest)
            let cancelled = try await client.post("/appointments/\(ids[0])/cancel-following", [], as: browser)
            #expect(cancelled.status == .seeOther)
        }
    }

    /// Who gets through each waitlist route (the fields make a request that would succeed).
    static let routes: [RoutePermissionTests.Route] = [
        .init(method: .get, path: "/waitlist", allowed: RoutePermissionTests.signedIn),
        .init(method: .post, path: "/waitlist", fields: [("state", "CA")], allowed: ["client", "coordinator"]),
    ]

    @Test(arguments: RoutePermissionTests.Caller.allCases)
    func waitlistRoutesAsEveryCaller(caller: RoutePermissionTests.Caller) async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            var browser = try await Browser.anonymous(client)
            if caller != .anonymous {
                browser = try await Browser.member(services, roles: caller.roles, mfa: caller == .clinicianWithoutMFA ? false : nil)
            }
            for route in Self.routes {
                let response = route.method == .post ? try await client.post(route.path, route.fields, as: browser) : try await client.get(route.path, as: browser)
                let location = response.headers[.location] ?? ""
                let wasAllowed = response.status == .ok || (response.status == .seeOther && !location.hasPrefix("/sign-in") && !location.hasPrefix("/account/second-factor"))
                #expect(wasAllowed == route.allowed.contains(caller.description), "\(caller) \(route): \(response.status) \(location)")
            }
            // Only coordinators see everyone waiting; only clients and coordinators get the join form on a profile.
            let page = try await client.get("/waitlist", as: browser)
            #expect(page.text.contains("Everyone waiting") == (caller == .coordinator))
            let therapist = try await CareTestData.therapist(services.database)
            let profile = try await client.get("/therapists/\(therapist.id.rawValue)", as: browser)
            #expect(profile.text.contains("form method=\"post\" action=\"/waitlist\"") == [.client, .coordinator].contains(caller))
        }
    }
}
