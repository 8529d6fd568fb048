import Foundation

/// iCalendar (RFC 5545) output: a clinician's subscription feed and a client's single-booking invitation (RFC 5546).
///
/// Times are written in UTC (`…Z`), so no VTIMEZONE is needed and every calendar shows the viewer's own local time.
/// Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; TEXT values are escaped.
public enum ICalendar {
    /// The STATUS of a VEVENT.
    public enum EventStatus: String, Hashable, Sendable, Codable {
        case tentative = "TENTATIVE"
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    /// The iTIP method of a single-event file.
    public enum Method: String, Hashable, Sendable, Codable {
        /// A new or changed booking.
        case request = "REQUEST"
        /// A cancelled booking.
        case cancel = "CANCEL"
    }

    /// A clinician's feed: VERSION, PRODID and one VEVENT per event, whose SUMMARY is always "Session".
    /// The events' type carries no client information, so none can reach the feed (DOMAIN.md §7).
    public static func feed(events: [PrivacySafeEvent], prodID: String) throws(SchedulingError) -> String {
        var lines = try header(prodID: prodID, method: nil)
        for event in events.sorted(by: { ($0.slot, $0.uid) < ($1.slot, $1.uid) }) {
            lines += [
                "BEGIN:VEVENT", "UID:\(escapeText(event.uid))", "DTSTAMP:\(utcDateTime(event.stamp))", "DTSTART:\(utcDateTime(event.slot.start))",
                "DTEND:\(utcDateTime(event.slot.end))", "SUMMARY:\(PrivacySafeEvent.summary)", "STATUS:\(event.status.rawValue)",
                "SEQUENCE:\(event.sequence)", "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return serialise(lines)
    }

    /// A client's own booking as a one-event file with METHOD:REQUEST (new or changed) or METHOD:CANCEL.
    /// A cancellation carries STATUS:CANCELLED; raise the sequence on every change so calendars replace their copy.
    public static func invitation(_ booking: BookingInvitation, method: Method, prodID: String) throws(SchedulingError) -> String {
        var lines = try header(prodID: prodID, method: method)
        lines += [
            "BEGIN:VEVENT", "UID:\(escapeText(booking.uid))", "DTSTAMP:\(utcDateTime(booking.stamp))", "DTSTART:\(utcDateTime(booking.slot.start))",
            "DTEND:\(utcDateTime(booking.slot.end))", "SUMMARY:\(escapeText(booking.summary))",
        ]
        if let description = booking.description { lines.append("DESCRIPTION:\(escapeText(description))") }
        if let location = booking.location { lines.append("LOCATION:\(escapeText(location))") }
        lines.append("ORGANIZER\(booking.organizer.commonNameParameter):mailto:\(booking.organizer.email.value)")
        lines.append("ATTENDEE\(booking.attendee.commonNameParameter);ROLE=REQ-PARTICIPANT:mailto:\(booking.attendee.email.value)")
        lines += [
            "STATUS:\(method == .cancel ? EventStatus.cancelled.rawValue : EventStatus.confirmed.rawValue)", "SEQUENCE:\(booking.sequence)",
            "END:VEVENT", "END:VCALENDAR",
        ]
        return serialise(lines)
    }

    /// BEGIN:VCALENDAR, VERSION, PRODID and METHOD when given.
    private static func header(prodID: String, method: Method?) throws(SchedulingError) -> [String] {
        let trimmed = prodID.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw .invalidProductID(prodID)
        }
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(escapeText(trimmed))", "CALSCALE:GREGORIAN"]
        if let method { lines.append("METHOD:\(method.rawValue)") }
        return lines
    }

    /// Folds every line and joins them with CRLF, ending with CRLF.
    static func serialise(_ lines: [String]) -> String { lines.map(fold).joined(separator: "\r\n") + "\r\n" }
}
