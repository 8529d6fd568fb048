import CoopData
import CoopDomain
import Foundation
import SQLKit

/// What happened to a client's sessions, for the emails that tell the client and the therapist.
public enum BookingChange: String, Sendable, Equatable {
    case booked
    case moved
    case cancelled
}

/// One booking email's facts. The therapist's copy names no client (email is not a safe place for that); the client's
/// copy names the therapist, as the client's own calendar file does.
public struct BookingNotice: Sendable, Equatable {
    /// What happened.
    public let change: BookingChange
    /// The sessions' (new) start times, earliest first: one, or several for a series.
    public let starts: [Date]
    /// The old start, for a single session moved.
    public let previousStart: Date?
    /// Each session's length in minutes.
    public let minutes: Int
    /// The therapist's name in the client's copy; nil in the therapist's.
    public let therapistName: String?
    /// The late-cancellation fee charged in all (client's copy; zero when none).
    public let fee: Money

    /// Creates a notice.
    public init(change: BookingChange, starts: [Date], previousStart: Date? = nil, minutes: Int, therapistName: String?, fee: Money = .zero) {
        self.change = change
        self.starts = starts.sorted()
        self.previousStart = previousStart
        self.minutes = minutes
        self.therapistName = therapistName
        self.fee = fee
    }

    /// Whether this is the therapist's copy.
    public var forClinician: Bool { therapistName == nil }
}

/// The words of booking emails and of the client's calendar invitation in a language; the web layer supplies them from
/// its catalogues.
public protocol BookingMessages: Sendable {
    /// The subject and body for `notice` in `language`, times in `zone` (nil: the co-op's zone).
    func email(_ notice: BookingNotice, language: Language, zone: IANATimeZone?) -> (subject: String, body: String)
    /// The SUMMARY of a client's own calendar invitation ("Session with Alex Kim") in `language`.
    func calendarSummary(therapistName: String, language: Language) -> String
}

extension CareAccess {
    /// Queues, in the caller's transaction, the emails a change to a client's sessions sends (USERS.md: staff are told
    /// when clients act, and RFC 5546 invitations go with bookings):
    /// - the client, always, in their language and time zone, with the calendar invitation (REQUEST, or CANCEL) when
    ///   one session changed;
    /// - the therapist, when someone else made the change, in their language and zone (their own, else their working
    ///   zone), with the time only: no client name and no file (their private feed carries the change).
    /// Nothing is queued without `bookingMessages`, or for an account that is not active.
    func queueNotices(
        _ change: BookingChange, _ sessions: [Appointment], previousStart: Date? = nil, actor: Actor, now: Date, sql: any SQLDatabase
    ) async throws {
        guard let bookingMessages, let first = sessions.first else { return }
        guard let client = try await members.find(id: first.client, sql: sql)?.member,
            let therapist = try await members.find(id: first.therapist, sql: sql)?.member
        else { return }
        let minutes = Int(first.slot.end.timeIntervalSince(first.slot.start) / 60)
        let starts = sessions.map(\.slot.start)
        let fee = sessions.reduce(Money.zero) { $0 + ($1.cancellation?.fee ?? .zero) }
        if client.status == .active {
            let notice = BookingNotice(
                change: change, starts: starts, previousStart: previousStart, minutes: minutes, therapistName: therapist.displayName.value, fee: fee)
            let email = bookingMessages.email(notice, language: client.language, zone: client.timeZone)
            var attachment: MailAttachment?
            if sessions.count == 1 {
                let invitation = BookingInvitation(
                    appointment: first, stamp: now,
                    summary: bookingMessages.calendarSummary(therapistName: therapist.displayName.value, language: client.language),
                    location: first.delivery == .telehealth ? "Telehealth" : nil,
                    organizer: CalendarAddress(email: therapist.email, name: therapist.displayName.value),
                    attendee: CalendarAddress(email: client.email, name: client.displayName.value)
                )
                let method: ICalendar.Method = change == .cancelled ? .cancel : .request
                attachment = MailAttachment(
                    filename: "session.ics", contentType: "text/calendar; method=\(method.rawValue)",
                    content: try ICalendar.invitation(invitation, method: method, prodID: Self.productID)
                )
            }
            try await OutboxStore().enqueue(
                recipient: client.email.value, subject: email.subject, body: email.body, now: now, attachment: attachment, sql: sql)
        }
        if actor.memberID != therapist.id, therapist.status == .active {
            var zone = therapist.timeZone
            if zone == nil { zone = try await therapists.find(therapist.id, sql: sql)?.zone }
            let notice = BookingNotice(change: change, starts: starts, previousStart: previousStart, minutes: minutes, therapistName: nil)
            let email = bookingMessages.email(notice, language: therapist.language, zone: zone)
            try await OutboxStore().enqueue(recipient: therapist.email.value, subject: email.subject, body: email.body, now: now, sql: sql)
        }
    }
}
