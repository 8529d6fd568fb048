import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The availability page's session settings (zone, length, buffers, notice, caps) and extra hours on a date.
@Suite struct SessionSettingsWebTests {
    /// 2026-01-06 is a Tuesday; the test therapist works weekdays 09:00–17:00 in Los Angeles with 50-minute sessions.
    static let tuesday10 = CareTestData.instant("2026-01-06", "10:00")

    func clinician(_ services: CoopServices, _ record: TherapistRecord) async throws -> Browser {
        let session = try await services.database.transaction { sql in
            try await SessionStore().create(memberID: record.id, mfaPending: false, sourceAddress: "127.0.0.1", now: services.now(), sql: sql)
        }
        return Browser(cookie: "coopcare_session=\(session.0)", csrf: session.1.csrfToken, member: nil)
    }

    func stored(_ services: CoopServices, _ id: MemberID) async throws -> TherapistRecord {
        try #require(try await services.database.read { sql in try await TherapistStore().find(id, sql: sql) })
    }

    static let good: [(String, String)] = [
        ("zone", "America/New_York"), ("session_minutes", "45"), ("buffer_before", "5"), ("buffer_after", "10"), ("notice_hours", "24"),
        ("per_day", "4"), ("per_week", "15"),
    ]

    @Test func sessionSettingsAreSavedAndBadOnesChangeNothing() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let browser = try await clinician(services, record)
            let bad: [(String, String, String)] = [
                ("session_minutes", "0", "Enter the session length in whole minutes from 5 to 720."),
                ("session_minutes", "", "Enter the session length in whole minutes from 5 to 720."),
                ("session_minutes", "900", "Enter the session length in whole minutes from 5 to 720."),
                ("buffer_after", "-5", "free time before and after a session"),
                ("buffer_before", "ten", "free time before and after a session"),
                ("notice_hours", "9000", "minimum notice in whole hours"),
                ("per_day", "0", "most sessions in a day"),
                ("per_week", "many", "most sessions in a week"),
                ("zone", "PST", "time zone"),
                // Weekly hours of 8 hours cannot hold a 9-hour session.
                ("session_minutes", "540", "at least one session long"),
            ]
            for (field, value, message) in bad {
                let fields = Self.good.filter { $0.0 != field } + [(field, value)]
                let response = try await client.post("/account/availability/session", fields, as: browser)
                #expect(response.status == .badRequest, "\(field)=\(value)")
                #expect(response.text.contains(message), "\(field)=\(value): \(message)")
                #expect(try await stored(services, record.id).session == record.session)
            }
            let saved = try await client.post("/account/availability/session", Self.good, as: browser)
            #expect(saved.status == .seeOther)
            let after = try await stored(services, record.id)
            #expect(after.zone.identifier == "America/New_York")
            #expect(after.session == (try SessionSettings(sessionMinutes: 45, bufferBeforeMinutes: 5, bufferAfterMinutes: 10, minimumNoticeMinutes: 1440, maximumPerDay: 4, maximumPerWeek: 15)))
            let page = try await client.get("/account/availability", as: browser)
            #expect(page.text.contains("value=\"America/New_York\"") && page.text.contains("name=\"per_week\"") && page.text.contains("value=\"15\""))
            // Empty caps mean no cap.
            _ = try await client.post("/account/availability/session", Self.good.filter { $0.0 != "per_day" && $0.0 != "per_week" }, as: browser)
            let uncapped = try await stored(services, record.id)
            #expect(uncapped.session.maximumPerDay == nil && uncapped.session.maximumPerWeek == nil)
        }
    }

    @Test func extraHoursOpenTimesOnADateAndBadOnesAreExplained() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let browser = try await clinician(services, record)
            let viewer = try await Browser.member(services, roles: [.client])
            // Saturday 2026-01-10 has no weekly hours; 10:00 Los Angeles is 18:00 UTC.
            let saturday10 = Int(CareTestData.instant("2026-01-10", "10:00").timeIntervalSince1970)
            let profile = "/therapists/\(record.id.rawValue)"
            #expect(try await client.get(profile, as: viewer).text.contains("value=\"\(saturday10)\"") == false)
            let bad: [([(String, String)], String)] = [
                ([("day", "2026-01-01"), ("start", "10:00"), ("end", "12:00")], "That time has already passed."),
                ([("day", "2026-01-10"), ("start", "12:00"), ("end", "10:00")], "The end time must be after the start time."),
                ([("day", "2026-01-10"), ("start", "10:00"), ("end", "10:30")], "at least one session long"),
                ([("day", "2026-02-30"), ("start", "10:00"), ("end", "12:00")], "Enter a date like 2026-12-24."),
                ([("day", "2026-01-10"), ("start", "ten"), ("end", "12:00")], "time"),
            ]
            for (fields, message) in bad {
                let response = try await client.post("/account/availability/extra-hours", fields, as: browser)
                #expect(response.status == .badRequest, "\(fields)")
                #expect(response.text.contains(message), "\(fields): \(message)")
            }
            #expect(try await stored(services, record.id).exceptions.isEmpty)
            let added = try await client.post("/account/availability/extra-hours", [("day", "2026-01-10"), ("start", "10:00"), ("end", "12:00")], as: browser)
            #expect(added.status == .seeOther)
            #expect(try await client.get(profile, as: viewer).text.contains("value=\"\(saturday10)\""))
            let overlapping = try await client.post("/account/availability/extra-hours", [("day", "2026-01-10"), ("start", "11:00"), ("end", "13:00")], as: browser)
            #expect(overlapping.status == .badRequest && overlapping.text.contains("already has hours that overlap"))
            let removed = try await client.post(
                "/account/availability/extra-hours", [("day", "2026-01-10"), ("start", "10:00"), ("end", "12:00"), ("remove", "1")], as: browser)
            #expect(removed.status == .seeOther)
            #expect(try await stored(services, record.id).exceptions.isEmpty)
            // A day off and extra hours on one date contradict each other.
            _ = try await client.post("/account/availability/days-off", [("day", "2026-01-10")], as: browser)
            let onDayOff = try await client.post("/account/availability/extra-hours", [("day", "2026-01-10"), ("start", "10:00"), ("end", "12:00")], as: browser)
            #expect(onDayOff.status == .badRequest && onDayOff.text.contains("is a day off"))
            #expect(try await stored(services, record.id).exceptions == [.dayOff(try LocalDate("2026-01-10"))])
            #expect(try await client.get(profile, as: viewer).text.contains("value=\"\(saturday10)\"") == false)
        }
    }

    @Test func onlyTheTherapistChangesTheirSessions() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            let record = try await CareTestData.therapist(services.database)
            let outsider = try await Browser.member(services, roles: [.client])
            #expect(try await client.post("/account/availability/session", Self.good, as: outsider).status == .forbidden)
            #expect(try await client.post("/account/availability/extra-hours", [("day", "2026-01-10"), ("start", "10:00"), ("end", "12:00")], as: outsider).status == .forbidden)
            #expect(try await stored(services, record.id).session == record.session)
        }
    }
}
