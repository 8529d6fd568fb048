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

/// The care pages and API through the real router: find, book, move, cancel, calendar files and feeds, bad input.
@Suite struct CareWebTests {
    static let tuesday10 = CareTestData.instant("2026-01-06", "10:00")

    func seconds(_ date: Date) -> String { String(Int64(date.timeIntervalSince1970)) }

    func appointmentCount(_ services: CoopServices) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT count(*) AS n FROM appointments WHERE status = 'booked'").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test func aClientFindsBooksMovesAndCancels() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Licensed", states: [.CA], languages: ["en", "es"])
            try await CareTestData.therapist(services.database, name: "Sam Oregon", states: [.OR])
            let directory = try await client.execute(uri: "/therapists?state=CA&language=es&zone=America%2FLos_Angeles", method: .get)
            #expect(directory.status == .ok)
            #expect(directory.text.contains("Robin Licensed"))
            #expect(!directory.text.contains("Sam Oregon"))
            #expect(directory.text.contains("LIC-CA-1000"))
            #expect(directory.text.contains("Speaks your language (es)."))

            let browser = try await Browser.member(services, roles: [.client])
            let profile = try await client.get("/therapists/\(therapist.id.rawValue)?state=CA&zone=America%2FNew_York", as: browser)
            #expect(profile.status == .ok)
            #expect(profile.text.contains("value=\"\(seconds(Self.tuesday10))\""))
            #expect(profile.text.contains("Times are shown in America/New_York."))
            // 10:00 in Los Angeles is 1:00 PM in New York.
            #expect(profile.text.contains("1:00"))

            let booked = try await client.post(
                "/therapists/\(therapist.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA"), ("zone", "America/New_York")], as: browser
            )
            #expect(booked.status == .seeOther)
            let list = try await client.get("/appointments?done=booked&zone=America%2FNew_York", as: browser)
            #expect(list.text.contains("Your session is booked."))
            #expect(list.text.contains("Robin Licensed"))
            #expect(list.text.contains("(America/New_York)"))
            let id = try #require(list.text.firstMatch(of: /\/appointments\/([0-9a-f-]{36})\/cancel/)).1

            let ics = try await client.get("/appointments/\(id)/calendar.ics", as: browser)
            #expect(ics.status == .ok)
            #expect(ics.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(ics.text.contains("DTSTART:20260106T180000Z"))

            let moved = try await client.post("/appointments/\(id)/reschedule", [("start", seconds(Self.tuesday10.addingTimeInterval(3600)))], as: browser)
            #expect(moved.status == .seeOther)
            let after = try await client.get("/appointments/\(id)/calendar.ics", as: browser)
            #expect(after.text.contains("DTSTART:20260106T190000Z"))
            #expect(after.text.contains("SEQUENCE:1"))

            let cancelled = try await client.post("/appointments/\(id)/cancel", [], as: browser)
            #expect(cancelled.status == .seeOther)
            #expect(try await appointmentCount(services) == 0)
            let final = try await client.get("/appointments/\(id)/calendar.ics", as: browser)
            #expect(final.text.contains("METHOD:CANCEL"))
        }
    }

    @Test func badBookingInputIsExplainedAndChangesNothing() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, states: [.CA])
            let browser = try await Browser.member(services, roles: [.client])
            let path = "/therapists/\(therapist.id.rawValue)/book"
            let cases: [([(String, String)], HTTPResponse.Status, String)] = [
                ([("start", seconds(CareTestData.monday.addingTimeInterval(-86_400))), ("state", "CA")], .badRequest, "That time has already passed."),
                ([("start", seconds(CareTestData.instant("2026-01-06", "03:00"))), ("state", "CA")], .badRequest, "not one of this therapist"),
                ([("start", seconds(Self.tuesday10)), ("state", "CA"), ("zone", "Mars/Olympus")], .badRequest, "is not a time zone we know"),
                ([("start", seconds(Self.tuesday10)), ("state", "ZZ")], .badRequest, "is not a US state"),
                ([("start", "tomorrow"), ("state", "CA")], .badRequest, "Choose one of the times offered."),
                ([("start", seconds(Self.tuesday10)), ("state", "NV")], .unprocessableContent, "not licensed to see you in NV"),
            ]
            for (fields, status, message) in cases {
                let response = try await client.post(path, fields, as: browser)
                #expect(response.status == status, "\(fields)")
                #expect(response.text.contains(message), "\(fields)")
                #expect(response.text.contains("role=\"alert\""))
            }
            #expect(try await appointmentCount(services) == 0)
            // Anonymous visitors see the times but must sign in to book.
            let anonymous = try await client.execute(uri: "/therapists/\(therapist.id.rawValue)", method: .get)
            #expect(anonymous.text.contains("Sign in to book a time"))
            let unknownZone = try await client.execute(uri: "/therapists?state=CA&zone=Nowhere%2FLand", method: .get)
            #expect(unknownZone.status == .badRequest)
            #expect(unknownZone.text.contains("is not a time zone we know"))
        }
    }

    @Test func aTimeJustTakenSaysSo() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            let first = try await Browser.member(services, roles: [.client])
            let second = try await Browser.member(services, roles: [.client])
            let fields = [("start", seconds(Self.tuesday10)), ("state", "CA")]
            #expect(try await client.post("/therapists/\(therapist.id.rawValue)/book", fields, as: first).status == .seeOther)
            let late = try await client.post("/therapists/\(therapist.id.rawValue)/book", fields, as: second)
            #expect(late.status == .conflict)
            #expect(late.text.contains("that time was just taken"))
        }
    }

    @Test func aClinicianSubscribesToAPrivateFeedAndForgedTokensFail() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let booking = try await Browser.member(services, roles: [.client])
            _ = try await client.post("/therapists/\(record.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA")], as: booking)
            let session = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: record.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let clinician = Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
            #expect(try await client.get("/account/calendar-feed", as: clinician).status == .ok)
            let created = try await client.post("/account/calendar-feed", [], as: clinician)
            let url = try #require(created.text.firstMatch(of: /id="feed-url">http:\/\/coop\.test(\/calendar\/[A-Za-z0-9_-]+\.ics)</)).1
            let feed = try await client.execute(uri: String(url), method: .get)
            #expect(feed.status == .ok)
            #expect(feed.text.contains("SUMMARY:Session"))
            #expect(feed.text.contains("DTSTART:20260106T180000Z"))
            #expect(!feed.text.contains("Test Person"))
            let forged = try await client.execute(uri: "/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", method: .get)
            #expect(forged.status == .notFound)
            #expect(forged.text.contains("calendar feed address is not valid"))
            // Clients have no feed.
            #expect(try await client.get("/account/calendar-feed", as: booking).status == .forbidden)
        }
    }

    @Test func theSearchAPIAnswersWithCredentialsAndRefusesUnknownStates() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Licensed", states: [.CA, .OR], languages: ["es"])
            let response = try await client.execute(uri: "/api/v1/therapists/search?state=CA&language=es", method: .get)
            #expect(response.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            let results = try #require(body["results"] as? [[String: Any]])
            #expect(results.count == 1)
            #expect(results.first?["id"] as? String == therapist.id.rawValue)
            let credentials = try #require(results.first?["credentials"] as? [[String: Any]])
            #expect(Set(credentials.compactMap { $0["state"] as? String }) == ["CA", "OR"])
            #expect(credentials.first?["number"] as? String != nil)
            #expect(credentials.first?["expires"] as? String == "2030-12-31")
            let unknown = try await client.execute(uri: "/api/v1/therapists/search?state=ZZ", method: .get)
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("\"code\":\"unknown-state\""))
            let empty = try await client.execute(uri: "/api/v1/therapists/search?state=TX", method: .get)
            let none = try #require(try JSONSerialization.jsonObject(with: Data(empty.text.utf8)) as? [String: Any])
            #expect((none["results"] as? [Any])?.isEmpty == true && none["total"] as? Int == 0 && none["next"] is NSNull)
        }
    }

    @Test func pagesSpeakSpanishAndStaffBookForAClient() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database, name: "Robin Licensed", languages: ["es"])
            let spanish = try await Browser.member(services, roles: [.client], language: .spanish)
            let directory = try await client.get("/therapists?state=CA&language=es", as: spanish)
            #expect(directory.text.contains("Encontrar terapeuta"))
            #expect(directory.text.contains("Habla su idioma (es)."))
            let refused = try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "ZZ")], as: spanish)
            #expect(refused.text.contains("no es un estado de EE. UU."))

            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let form = try await client.get("/therapists/\(therapist.id.rawValue)", as: coordinator)
            #expect(form.text.contains("name=\"client_email\""))
            let clientMember = try #require(spanish.member)
            let booked = try await client.post(
                "/therapists/\(therapist.id.rawValue)/book",
                [("start", seconds(Self.tuesday10)), ("state", "CA"), ("client_email", clientMember.email.value)], as: coordinator
            )
            #expect(booked.status == .seeOther)
            let mine = try await client.get("/appointments", as: spanish)
            #expect(mine.text.contains("Robin Licensed"))
            #expect(mine.text.contains("Reservada"))
            let unknown = try await client.post(
                "/therapists/\(therapist.id.rawValue)/book",
                [("start", seconds(Self.tuesday10.addingTimeInterval(3600))), ("state", "CA"), ("client_email", "nobody@example.org")], as: coordinator
            )
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("No member has that email address."))
        }
    }

    @Test func signedOutVisitorsAreSentToSignInAndOthersCannotTouchABooking() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            let anonymous = try await Browser.anonymous(client)
            #expect(try await client.get("/appointments", as: anonymous).status == .seeOther)
            #expect(try await client.get("/account/calendar-feed", as: anonymous).status == .seeOther)
            let refused = try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA")], as: anonymous)
            #expect(refused.status == .unauthorized)
            let owner = try await Browser.member(services, roles: [.client])
            _ = try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA")], as: owner)
            let id = try #require(try await client.get("/appointments", as: owner).text.firstMatch(of: /\/appointments\/([0-9a-f-]{36})\/cancel/)).1
            let stranger = try await Browser.member(services, roles: [.client])
            let cancel = try await client.post("/appointments/\(id)/cancel", [], as: stranger)
            #expect(cancel.status == .notFound)
            #expect(try await client.get("/appointments/\(id)/calendar.ics", as: stranger).status == .notFound)
            #expect(try await appointmentCount(services) == 1)
            // Without the CSRF token nothing happens either.
            #expect(try await client.post("/appointments/\(id)/cancel", [], as: owner, csrf: "forged").status == .forbidden)
            #expect(try await appointmentCount(services) == 1)
        }
    }

    @Test func theTherapistRecordsAMissedSessionOnlyOnceItHasStarted() async throws {
        let clock = TestClock(CareTestData.monday)
        try await withApp(clock: clock) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let owner = try await Browser.member(services, roles: [.client])
            _ = try await client.post("/therapists/\(record.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA")], as: owner)
            let id = try #require(try await client.get("/appointments", as: owner).text.firstMatch(of: /\/appointments\/([0-9a-f-]{36})\/cancel/)).1
            func therapist() async throws -> Browser {
                let session = try await services.database.transaction { sql in
                    try await SessionStore().create(memberID: record.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
                }
                return Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
            }
            // Before the start: no button, and a forged post is refused with a message; nothing changes.
            let early = try await therapist()
            #expect(!(try await client.get("/appointments", as: early).text.contains("/no-show")))
            let refused = try await client.post("/appointments/\(id)/no-show", [], as: early)
            #expect(refused.status == .conflict && refused.text.contains("only once it has started"))
            // The client cannot record it.
            clock.advance(Self.tuesday10.timeIntervalSince(clock.now) + 600)
            let ownerNow = try await Browser.member(services, roles: [.client])
            #expect(try await client.post("/appointments/\(id)/no-show", [], as: ownerNow).status == .notFound)
            // After the start the therapist sees the button and records it; the status reads "Missed", audited.
            let later = try await therapist()
            #expect(try await client.get("/appointments", as: later).text.contains("/appointments/\(id)/no-show"))
            let done = try await client.post("/appointments/\(id)/no-show", [], as: later)
            #expect(done.status == .seeOther)
            let page = try await client.get("/appointments?done=noshow", as: later).text
            #expect(page.contains("recorded as missed") && page.contains("Missed") && !page.contains("/appointments/\(id)/no-show"))
            let entries = try await services.database.read { sql in try await AuditStore().recent(limit: 50, sql: sql) }
            #expect(entries.contains { $0.resourceID == String(id) && ($0.detail ?? "").hasPrefix("no-show") })
            // Twice is refused.
            #expect(try await client.post("/appointments/\(id)/no-show", [], as: later).status == .conflict)
        }
    }

    @Test func aClinicianSetsWeeklyHoursAndBadHoursChangeNothing() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let session = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: record.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let clinician = Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
            let page = try await client.get("/account/availability", as: clinician)
            #expect(page.status == .ok)
            #expect(page.text.contains("value=\"09:00\""))
            let bad: [([(String, String)], String)] = [
                ([("start-1-1", "10:00"), ("end-1-1", "09:00")], "The end time must be after the start time."),
                ([("start-1-1", "09:00"), ("end-1-1", "12:00"), ("start-1-2", "11:00"), ("end-1-2", "15:00")], "Two weekly hours on the same day overlap."),
                ([("start-2-1", "09:00"), ("end-2-1", "09:30")], "at least one session long (50 minutes)"),
                ([("start-2-1", "9 o'clock"), ("end-2-1", "17:00")], "Choose one of the times offered."),
            ]
            for (fields, message) in bad {
                let response = try await client.post("/account/availability", fields, as: clinician)
                #expect(response.status == .badRequest, "\(fields)")
                #expect(response.text.contains(message), "\(fields)")
            }
            let unchanged = try await services.database.read { sql in try await TherapistStore().find(record.id, sql: sql) }
            #expect(unchanged?.weekly == record.weekly)

            let saved = try await client.post("/account/availability", [("start-6-1", "10:00"), ("end-6-1", "14:00")], as: clinician)
            #expect(saved.status == .seeOther)
            let after = try #require(try await services.database.read { sql in try await TherapistStore().find(record.id, sql: sql) })
            #expect(after.weekly == [WeeklyRule(.saturday, try LocalTime("10:00"), try LocalTime("14:00"))])
            let profile = try await client.execute(uri: "/therapists/\(record.id.rawValue)", method: .get)
            #expect(profile.text.contains("Saturday"))
            #expect(!profile.text.contains("Tuesday"))
            // Clients have no hours to set.
            let someone = try await Browser.member(services, roles: [.client])
            #expect(try await client.get("/account/availability", as: someone).status == .forbidden)
        }
    }

    @Test func lateOrPastMovesAreRefusedAndALateCancelIsRecorded() async throws {
        let clock = TestClock(CareTestData.monday)
        try await withApp(clock: clock) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            let browser = try await Browser.member(services, roles: [.client])
            _ = try await client.post("/therapists/\(therapist.id.rawValue)/book", [("start", seconds(Self.tuesday10)), ("state", "CA")], as: browser)
            let id = try #require(try await client.get("/appointments", as: browser).text.firstMatch(of: /\/appointments\/([0-9a-f-]{36})\/cancel/)).1
            let past = try await client.post("/appointments/\(id)/reschedule", [("start", seconds(CareTestData.monday.addingTimeInterval(-3600)))], as: browser)
            #expect(past.status == .badRequest)
            #expect(past.text.contains("That time has already passed."))
            clock.advance(20 * 3600)
            // The old session has gone idle by now: sign in again.
            let member = try #require(browser.member)
            let fresh = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: member.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let again = Browser(cookie: "coopcare_session=\(fresh.0)", csrf: fresh.1.csrfToken, member: member)
            let late = try await client.post("/appointments/\(id)/reschedule", [("start", seconds(Self.tuesday10.addingTimeInterval(3600)))], as: again)
            #expect(late.status == .conflict)
            #expect(late.text.contains("starts within 24 hours"))
            let page = try await client.get("/appointments", as: again)
            #expect(page.text.contains("recorded as late"))
            #expect(try await client.post("/appointments/\(id)/cancel", [], as: again).status == .seeOther)
            let after = try await client.get("/appointments", as: again)
            #expect(after.text.contains("Cancelled (late)"))
        }
    }

    @Test func twoHundredSimultaneousBookingRequestsGetOneBookingAndClearAnswers() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let therapist = try await CareTestData.therapist(services.database)
            var browsers: [Browser] = []
            for _ in 0..<200 { browsers.append(try await Browser.member(services, roles: [.client])) }
            let path = "/therapists/\(therapist.id.rawValue)/book"
            let fields = [("start", seconds(Self.tuesday10)), ("state", "CA")]
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Bool).self) { group in
                for browser in browsers {
                    group.addTask {
                        let response = try await client.post(path, fields, as: browser)
                        return (response.status, response.text.contains("that time was just taken"))
                    }
                }
                var all: [(HTTPResponse.Status, Bool)] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            #expect(answers.filter { $0.0 == .seeOther }.count == 1)
            #expect(answers.filter { $0.0 == .conflict && $0.1 }.count == 199)
            #expect(try await appointmentCount(services) == 1)
        }
    }

    @Test func aDayOffRemovesItsTimesAndBadDatesAreExplained() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let session = try await services.database.transaction { sql in
                try await SessionStore().create(memberID: record.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
            }
            let clinician = Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
            let slot = "value=\"\(seconds(Self.tuesday10))\""
            #expect(try await client.execute(uri: "/therapists/\(record.id.rawValue)", method: .get).text.contains(slot) == false)  // anonymous: no form
            let viewer = try await Browser.member(services, roles: [.client])
            #expect(try await client.get("/therapists/\(record.id.rawValue)", as: viewer).text.contains(slot))
            let bad = try await client.post("/account/availability/days-off", [("day", "2026-02-30")], as: clinician)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("Enter a date like 2026-12-24."))
            let past = try await client.post("/account/availability/days-off", [("day", "2026-01-01")], as: clinician)
            #expect(past.text.contains("That time has already passed."))
            #expect(try await client.post("/account/availability/days-off", [("day", "2026-01-06")], as: clinician).status == .seeOther)
            #expect(try await client.get("/account/availability", as: clinician).text.contains("2026-01-06"))
            #expect(try await client.get("/therapists/\(record.id.rawValue)", as: viewer).text.contains(slot) == false)
            #expect(try await client.post("/account/availability/days-off", [("day", "2026-01-06"), ("remove", "1")], as: clinician).status == .seeOther)
            #expect(try await client.get("/therapists/\(record.id.rawValue)", as: viewer).text.contains(slot))
        }
    }
}
