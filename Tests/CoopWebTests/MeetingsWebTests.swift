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

/// Meetings through the real router: scheduling forms, the time poll, attendance, minutes, and refusals.
@Suite struct MeetingsWebTests {
    /// A `datetime-local` value `hours` from now, in UTC.
    static func local(_ hours: Double, from now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: now.addingTimeInterval(hours * 3600))
    }

    static func fields(title: String = "General assembly", itemTitle: String = "Annual report", time: [(String, String)]) -> [(String, String)] {
        [("title", title), ("kind", "general-assembly"), ("type", "ordinary"), ("location", "Hall B"), ("zone", "UTC"),
         ("item_title", itemTitle), ("item_minutes", "30"), ("item_proposal", ""),
         ("item_title", ""), ("item_minutes", "15"), ("item_proposal", "")] + time
    }

    func count(_ services: CoopServices, _ table: String) async throws -> Int {
        try await services.database.read { sql in try await sql.select().column("*").from(table).all().count }
    }

    @Test func aCoordinatorSchedulesWithATimePollMembersAnswerAndTheTimeIsSet() async throws {
        try await withApp { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let now = services.now()
            let response = try await client.post(
                "/meetings",
                Self.fields(time: [("time_mode", "poll"), ("candidate", Self.local(50, from: now)), ("candidate", Self.local(74, from: now)), ("candidate", ""), ("poll_hours", "24")]),
                as: coordinator
            )
            #expect(response.status == .seeOther, "\(response.text.prefix(1500))")
            let path = String((response.headers[.location] ?? "").split(separator: "?")[0])
            #expect(path.hasPrefix("/meetings/"))
            let page = try await client.get(path + "?zone=America/New_York", as: alex)
            #expect(page.status == .ok && page.text.contains("General assembly") && page.text.contains("Time poll"))
            #expect(page.text.contains("(America/New_York)") && page.text.contains("name=\"slot-1\""))
            let answer = try await client.post(path + "/time-vote", [("slot-0", "no"), ("slot-1", "yes")], as: alex)
            #expect(answer.status == .seeOther)
            let refused = try await client.post(path + "/time", [("slot", "auto")], as: alex)
            #expect(refused.status == .forbidden)
            let pick = try await client.post(path + "/time", [("slot", "auto")], as: coordinator)
            #expect(pick.status == .seeOther)
            let set = try await client.get(path + "?zone=UTC", as: alex)
            let expected = CareText.time(try MeetingForm.instant(Self.local(74, from: now), zone: .utc), zone: .utc, language: .english)
            #expect(set.text.contains(expected), "\(expected)")
            let list = try await client.get("/meetings", as: alex)
            #expect(list.status == .ok && list.text.contains("General assembly") && list.text.contains("Upcoming meetings"))
            #expect(!list.text.contains("Schedule a meeting"))
        }
    }

    @Test func badInputGetsAClearRefusalAndChangesNothing() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let now = services.now()
            let cases: [([(String, String)], HTTPResponse.Status, String)] = [
                (Self.fields(time: [("time_mode", "fixed"), ("starts", Self.local(-2, from: now))]), .badRequest, "Meeting times must be in the future."),
                (Self.fields(itemTitle: "   ", time: [("time_mode", "fixed"), ("starts", Self.local(5, from: now))]), .badRequest, "The agenda needs from 1 to 30 items"),
                (Self.fields(time: [("time_mode", "fixed"), ("starts", "tomorrow")]), .badRequest, "Please check the field"),
                (Self.fields(title: "", time: [("time_mode", "fixed"), ("starts", Self.local(5, from: now))]), .badRequest, "The title must be 1 to 200"),
            ]
            for (fields, status, message) in cases {
                let response = try await client.post("/meetings", fields, as: coordinator)
                #expect(response.status == status, "\(message)")
                #expect(response.text.contains(message), "\(message)")
            }
            #expect(try await count(services, "meetings") == 0)
            // A real meeting, started, for attendance and minutes refusals.
            let made = try await client.post("/meetings", Self.fields(time: [("time_mode", "fixed"), ("starts", Self.local(0.25, from: now))]), as: coordinator)
            let path = String((made.headers[.location] ?? "").split(separator: "?")[0])
            // Past its start, within the sessions' 30 idle minutes.
            clock.advance(1000)
            let unknown = try await client.post(path + "/attendance", [("member", UUID().uuidString.lowercased()), ("mode", "in-person")], as: coordinator)
            #expect(unknown.status == .badRequest && unknown.text.contains("We could not find that member."))
            let garbage = try await client.post(path + "/attendance", [("member", "robert'); drop table"), ("mode", "in-person")], as: coordinator)
            #expect(garbage.status == .badRequest)
            #expect(try await count(services, "meeting_attendance") == 0)
            let long = String(repeating: "x", count: 10_001)
            let minutes = try await client.post(path + "/minutes", [("notes", long), ("outcome", "")], as: coordinator)
            #expect(minutes.status == .badRequest && minutes.text.contains("at most 10000 characters"))
            let meeting = try await services.database.read { sql in try await MeetingStore().all(sql: sql) }
            #expect(meeting.first?.meeting.minutes == .notStarted && meeting.first?.itemMinutes.first?.notes == "")
            let stranger = try await client.get("/meetings/" + UUID().uuidString.lowercased(), as: alex)
            #expect(stranger.status == .notFound && stranger.text.contains("We could not find that meeting."))
            let notAnID = try await client.get("/meetings/12345", as: alex)
            #expect(notAnID.status == .notFound)
        }
    }

    @Test func attendanceQuorumAndSignedMinutesShowOnThePage() async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator])
            let alex = try await Browser.member(services, roles: [.peerFacilitator])
            let sam = try await Browser.member(services, roles: [.client])
            let now = services.now()
            let made = try await client.post("/meetings", Self.fields(time: [("time_mode", "fixed"), ("starts", Self.local(3, from: now))]), as: coordinator)
            let path = String((made.headers[.location] ?? "").split(separator: "?")[0])
            let proxy = try await client.post(path + "/proxy", [("holder", alex.member!.id.rawValue)], as: sam)
            #expect(proxy.status == .seeOther)
            let open = try await client.post(path + "/open", [], as: coordinator)
            #expect(open.status == .seeOther)
            for (member, mode) in [(coordinator.member!.id, "in-person"), (alex.member!.id, "online"), (sam.member!.id, "proxy")] {
                let recorded = try await client.post(path + "/attendance", [("member", member.rawValue), ("mode", mode)], as: coordinator)
                #expect(recorded.status == .seeOther, "\(mode): \(recorded.text.prefix(800))")
            }
            let page = try await client.get(path, as: sam)
            #expect(page.text.contains("Quorum met: 3 present or represented; 2 of 3 eligible needed (50%)."))
            #expect(page.text.contains("You were counted as represented."))
            let vote = try await client.post(path + "/votes", [("item", "0"), ("title", "Accept the report"), ("body", "As read.")], as: coordinator)
            let poll = try #require(vote.headers[.location])
            #expect(vote.status == .seeOther && poll.hasPrefix("/proposals/"))
            #expect(try await client.post(poll + "/vote", [("stance", "agree")], as: alex).status == .seeOther)
            #expect(try await client.post(poll + "/vote", [("stance", "agree"), ("on_behalf_of", sam.member!.id.rawValue)], as: alex).status == .seeOther)
            #expect(try await client.post(poll + "/close", [], as: coordinator).status == .seeOther)
            let log = try await client.get("/decisions", as: sam)
            #expect(log.text.contains("Accept the report") && log.text.contains("Vote taken at the meeting “General assembly” (\(path)), agenda item 1: Annual report."))
            #expect(log.text.contains("As read."))
            #expect(try await client.post(path + "/minutes", [("notes", "Report read."), ("outcome", "Accepted")], as: coordinator).status == .seeOther)
            #expect(try await client.post(path + "/minutes/submit", [], as: coordinator).status == .seeOther)
            let own = try await client.post(path + "/minutes/sign-off", [], as: coordinator)
            #expect(own.status == .forbidden && own.text.contains("someone other than their author"))
            #expect(try await client.post(path + "/minutes/sign-off", [], as: alex).status == .seeOther)
            let edit = try await client.post(path + "/minutes", [("notes", "Changed"), ("outcome", "")], as: coordinator)
            #expect(edit.status == .conflict && edit.text.contains("can no longer be changed"))
            let signed = try await client.get(path, as: sam)
            #expect(signed.text.contains("Report read.") && signed.text.contains("signed off by"))
            #expect(!signed.text.contains("Changed"))
        }
    }

    @Test(arguments: [Language.english, .spanish])
    func meetingPagesHaveNoMissingStrings(language: Language) async throws {
        let clock = TestClock()
        try await withApp(clock: clock) { services, client in
            let coordinator = try await Browser.member(services, roles: [.coordinator], language: language)
            let other = try await Browser.member(services, roles: [.peerFacilitator], language: language)
            let actor = Actor(memberID: coordinator.member!.id, roles: [.coordinator], mfaSatisfied: true)
            let peer = Actor(memberID: other.member!.id, roles: [.peerFacilitator], mfaSatisfied: true)
            let governance = Governance(services: services)
            let meetings = Meetings(governance: governance)
            let now = services.now()
            let polled = try await meetings.schedule(
                actor: actor,
                draft: MeetingDraft(title: "Polled", agenda: [AgendaDraftItem(title: "One")], time: .poll(candidates: [now + 7200, now + 9000], pollCloses: now + 3600)),
                origin: .system
            )
            let held = try await meetings.schedule(
                actor: actor, draft: MeetingDraft(title: "Held", kind: .board, agenda: [AgendaDraftItem(title: "Two")], time: .fixed(now + 60)), origin: .system
            )
            try await meetings.giveProxy(actor: peer, meeting: polled, to: actor.memberID!, origin: .system)
            clock.advance(120)
            try await meetings.recordAttendance(actor: actor, meeting: held, member: actor.memberID!, as: .inPerson, origin: .system)
            try await meetings.recordAttendance(actor: actor, meeting: held, member: peer.memberID!, as: .online, origin: .system)
            let vote = try await meetings.openVote(actor: actor, meeting: held, position: 0, title: "", origin: .system)
            try await governance.close(actor: actor, poll: vote, origin: .system)
            try await meetings.saveMinutes(actor: actor, meeting: held, entries: [AgendaMinutes(notes: "Said", outcome: "Done")], origin: .system)
            try await meetings.submitMinutes(actor: actor, meeting: held, origin: .system)
            let key = try Regex(#"meetings\.[a-z_-]+(\.[a-z_-]+)?[^a-z_./-]"#)
            for path in ["/meetings", "/meetings/\(polled)", "/meetings/\(held)"] {
                for browser in [coordinator, other] {
                    let response = try await client.get(path, as: browser)
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.text.firstMatch(of: key) == nil, "\(language) \(path): \(response.text.firstMatch(of: key).map { String(response.text[$0.range]) } ?? "")")
                }
            }
            try await meetings.signOffMinutes(actor: peer, meeting: held, origin: .system)
            let signed = try await client.get("/meetings/\(held)", as: other)
            #expect(signed.text.firstMatch(of: key) == nil)
        }
    }
}
