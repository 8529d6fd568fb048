import CoopDomain
import Foundation
import Testing

private typealias F = SchedulingFixtures

/// Byte-exact iCalendar output. Folding expectations are worked out by hand from RFC 5545 §3.1: at most 75 octets
/// per line before the CRLF, continuation lines start with one space, never inside a UTF-8 sequence.
@Suite("iCalendar")
struct ICalendarTests {
    static let prodID = "-//CoopCare//Scheduling 1.0//EN"
    static let id = AppointmentID(rawValue: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")!
    static let stamp = F.utc("2026-03-01T12:00:00Z")

    static func appointment(status: AppointmentStatus = .booked, sequence: Int = 0) -> Appointment {
        Appointment(
            id: id,
            therapist: F.therapist,
            client: F.client,
            slot: F.slot("2026-03-10T16:00:00Z"),
            status: status,
            clientState: .CA,
            sequence: sequence
        )
    }

    static let a66 = String(repeating: "a", count: 66)

    @Test(arguments: [
        ("SUMMARY:" + String(repeating: "a", count: 67), "SUMMARY:" + String(repeating: "a", count: 67)),
        ("SUMMARY:" + String(repeating: "a", count: 68), "SUMMARY:" + String(repeating: "a", count: 67) + "\r\n a"),
        ("SUMMARY:" + a66 + "é", "SUMMARY:" + a66 + "\r\n é"),
        ("SUMMARY:" + String(repeating: "a", count: 65) + "é", "SUMMARY:" + String(repeating: "a", count: 65) + "é"),
        ("SUMMARY:" + String(repeating: "a", count: 64) + "€x", "SUMMARY:" + String(repeating: "a", count: 64) + "€\r\n x"),
        ("SUMMARY:" + String(repeating: "a", count: 65) + "€x", "SUMMARY:" + String(repeating: "a", count: 65) + "\r\n €x"),
        ("SUMMARY:" + String(repeating: "a", count: 64) + "😀x", "SUMMARY:" + String(repeating: "a", count: 64) + "\r\n 😀x"),
        (
            "SUMMARY:" + String(repeating: "日", count: 30),
            "SUMMARY:" + String(repeating: "日", count: 22) + "\r\n " + String(repeating: "日", count: 8)
        ),
    ])
    func folding(line: String, folded: String) {
        #expect(Array(ICalendar.fold(line).utf8) == Array(folded.utf8))
    }

    @Test func longLinesFoldEvery75Octets() {
        let digits = String(repeating: "0123456789", count: 20)
        let folded = ICalendar.fold("DESCRIPTION:" + digits)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.map(\.utf8.count) == [75, 75, 64])
        #expect(lines[0] == "DESCRIPTION:" + String(digits.prefix(63)))
        #expect(lines[1] == " " + String(digits.dropFirst(63).prefix(74)))
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "DESCRIPTION:" + digits)
    }

    @Test(arguments: ["Ünïcødé ", "日本語のテキスト", "emoji 👩🏽‍⚕️ ", "mixed é€😀 "])
    func foldingNeverSplitsACharacter(unit: String) {
        for count in 1...40 {
            let line = "SUMMARY:" + String(repeating: unit, count: count)
            let folded = ICalendar.fold(line)
            let parts = folded.components(separatedBy: "\r\n")
            #expect(parts.allSatisfy { $0.utf8.count <= 75 })
            #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
            // A part that began inside a UTF-8 sequence would start (after the space) with a 10xxxxxx byte.
            #expect(parts.dropFirst().allSatisfy { ($0.utf8.dropFirst().first ?? 0) & 0xC0 != 0x80 })
            #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        }
    }

    @Test(arguments: [
        ("Bring notes; forms, etc.\nLine2\\end", "Bring notes\\; forms\\, etc.\\nLine2\\\\end"),
        ("a\r\nb", "a\\nb"),
        ("a\rb", "a\\nb"),
        ("Tom's \"quoted\": text", "Tom's \"quoted\": text"),
        ("bell\u{7}gone", "bellgone"),
    ])
    func escaping(text: String, escaped: String) {
        #expect(ICalendar.escapeText(text) == escaped)
    }

    @Test func clinicianFeedIsExactAndCarriesNoClientInformation() throws {
        let confirmed = try #require(PrivacySafeEvent(Self.appointment(), stamp: Self.stamp))
        let otherID = AppointmentID(rawValue: "11111111-2222-3333-4444-555555555555")!
        let cancelled = PrivacySafeEvent(id: otherID, slot: F.slot("2026-03-17T16:00:00Z"), status: .cancelled, sequence: 2, stamp: Self.stamp)
        let feed = try ICalendar.feed(events: [cancelled, confirmed], prodID: Self.prodID)
        let expected =
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CoopCare//Scheduling 1.0//EN\r\nCALSCALE:GREGORIAN\r\n"
            + "BEGIN:VEVENT\r\nUID:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\r\nDTSTAMP:20260301T120000Z\r\nDTSTART:20260310T160000Z\r\n"
            + "DTEND:20260310T165000Z\r\nSUMMARY:Session\r\nSTATUS:CONFIRMED\r\nSEQUENCE:0\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:11111111-2222-3333-4444-555555555555\r\nDTSTAMP:20260301T120000Z\r\nDTSTART:20260317T160000Z\r\n"
            + "DTEND:20260317T165000Z\r\nSUMMARY:Session\r\nSTATUS:CANCELLED\r\nSEQUENCE:2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        #expect(Array(feed.utf8) == Array(expected.utf8))
        #expect(!feed.contains(F.client.rawValue))
        #expect(!feed.contains(F.therapist.rawValue))
    }

    @Test func feedStatusesFollowTheAppointment() {
        #expect(PrivacySafeEvent(Self.appointment(status: .pending), stamp: Self.stamp)?.status == .tentative)
        #expect(PrivacySafeEvent(Self.appointment(status: .enteredInError), stamp: Self.stamp)?.status == .cancelled)
        #expect(PrivacySafeEvent(Self.appointment(status: .waitlist), stamp: Self.stamp) == nil)
    }

    static func invitation(sequence: Int = 0) throws -> BookingInvitation {
        BookingInvitation(
            appointment: appointment(sequence: sequence),
            stamp: stamp,
            summary: "Session with Alex Kim, LMFT",
            location: "Telehealth",
            organizer: CalendarAddress(email: try EmailAddress("scheduling@coopcare.example"), name: "CoopCare Scheduling"),
            attendee: CalendarAddress(email: try EmailAddress("sam@example.org"), name: "Rivera, Sam")
        )
    }

    @Test func clientInvitationRequest() throws {
        let ics = try ICalendar.invitation(Self.invitation(), method: .request, prodID: Self.prodID)
        let expected =
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CoopCare//Scheduling 1.0//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\n"
            + "BEGIN:VEVENT\r\nUID:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\r\nDTSTAMP:20260301T120000Z\r\nDTSTART:20260310T160000Z\r\n"
            + "DTEND:20260310T165000Z\r\nSUMMARY:Session with Alex Kim\\, LMFT\r\nLOCATION:Telehealth\r\n"
            + "ORGANIZER;CN=CoopCare Scheduling:mailto:scheduling@coopcare.example\r\n"
            + "ATTENDEE;CN=\"Rivera, Sam\";ROLE=REQ-PARTICIPANT:mailto:sam@example.org\r\n"
            + "STATUS:CONFIRMED\r\nSEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        #expect(Array(ics.utf8) == Array(expected.utf8))
    }

    @Test func clientInvitationCancel() throws {
        let ics = try ICalendar.invitation(Self.invitation(sequence: 1), method: .cancel, prodID: Self.prodID)
        #expect(ics.contains("\r\nMETHOD:CANCEL\r\n"))
        #expect(ics.contains("\r\nSTATUS:CANCELLED\r\nSEQUENCE:1\r\n"))
        #expect(!ics.contains("\n\n"))
        #expect(ics.components(separatedBy: "\r\n").allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
    }

    @Test func productIDIsChecked() {
        #expect(throws: SchedulingError.invalidProductID(" ")) { try ICalendar.feed(events: [], prodID: " ") }
        #expect(throws: SchedulingError.invalidProductID("a\nb")) { try ICalendar.feed(events: [], prodID: "a\nb") }
    }

    @Test func utcDateTimes() {
        #expect(ICalendar.utcDateTime(F.utc("1999-12-31T23:59:59Z")) == "19991231T235959Z")
        #expect(ICalendar.utcDateTime(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(ICalendar.isoUTC(F.utc("2026-11-01T09:00:00Z")) == "2026-11-01T09:00:00Z")
    }
}
