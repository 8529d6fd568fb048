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
    /// Records, in the caller's transaction, that `sessions` were moved or cancelled (or, for a waitlist hold, booked)
    /// by `actor`: one small row each (`booking_events`), so no email can be lost. A new booking's row is written by the
    /// database itself when the appointment is inserted. ``sendBookingNotices(limit:)`` (a scheduler job, run before
    /// mail delivery) turns them into emails.
    func queueNotices(
        _ change: BookingChange, _ sessions: [Appointment], previousStart: Date? = nil, actor: Actor, now: Date, sql: any SQLDatabase
    ) async throws {
        guard !sessions.isEmpty else { return }
        try await BookingEventStore().record(
            change: change.rawValue, sessions: sessions, previousStart: previousStart, actor: actor.memberID, now: now, sql: sql)
    }

    /// Turns the waiting booking events into emails (USERS.md: staff are told when clients act; RFC 5546 invitations go
    /// with bookings), each batch in its own transaction that takes its events, so two instances never send one twice;
    /// returns how many emails were queued.
    /// - The client, always, in their language and time zone, with the calendar invitation (REQUEST, or CANCEL) when
    ///   one session changed, and the late-cancellation fee when one was charged.
    /// - The therapist, when someone else made the change, in their language and zone (their own, else their working
    ///   zone), with the time only: no client name and no file (their private feed carries the change).
    /// An account that is not active gets nothing.
    @discardableResult
    public func sendBookingNotices(limit: Int = 500) async throws -> Int {
        guard let bookingMessages else { return 0 }
        let now = services.now()
        let events = try await services.database.read { sql in try await BookingEventStore().pending(limit: limit, sql: sql) }
        var batches: [[BookingEvent]] = []
        for event in events {
            if let last = batches.last?.first, last.batch == event.batch { batches[batches.count - 1].append(event) } else { batches.append([event]) }
        }
        var queued = 0
        for batch in batches {
            queued += try await services.database.transaction { sql in
                // Taken first: another instance that took the batch a moment earlier leaves nothing here to send.
                guard try await BookingEventStore().take(batch.map(\.id), sql: sql) == batch.count else { return 0 }
                return try await compose(batch, messages: bookingMessages, now: now, sql: sql)
            }
        }
        return queued
    }

    /// Queues the emails of one batch of events; returns how many.
    private func compose(_ batch: [BookingEvent], messages: any BookingMessages, now: Date, sql: any SQLDatabase) async throws -> Int {
        guard let event = batch.first, let change = BookingChange(rawValue: event.change) else { return 0 }
        let first = event.appointment
        guard let client = try await members.find(id: first.client, sql: sql)?.member,
            let therapist = try await members.find(id: first.therapist, sql: sql)?.member
        else { return 0 }
        let sessions = batch.map(\.appointment)
        let minutes = Int(first.slot.end.timeIntervalSince(first.slot.start) / 60)
        let starts = sessions.map(\.slot.start)
        let fee = sessions.reduce(Money.zero) { $0 + ($1.cancellation?.fee ?? .zero) }
        var count = 0
        if client.status == .active {
            let notice = BookingNotice(
                change: change, starts: starts, previousStart: event.previousStart, minutes: minutes, therapistName: therapist.displayName.value,
                fee: fee)
            let email = messages.email(notice, language: client.language, zone: client.timeZone)
            var attachment: MailAttachment?
            if sessions.count == 1 {
                let invitation = BookingInvitation(
                    appointment: first, stamp: event.at,
                    summary: messages.calendarSummary(therapistName: therapist.displayName.value, language: client.language),
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
            count += 1
        }
        if event.actor != therapist.id, therapist.status == .active {
            var zone = therapist.timeZone
            if zone == nil { zone = try await services.therapistCache.record(therapist.id, store: therapists, sql: sql)?.zone }
            let notice = BookingNotice(change: change, starts: starts, previousStart: event.previousStart, minutes: minutes, therapistName: nil)
            let email = messages.email(notice, language: therapist.language, zone: zone)
            try await OutboxStore().enqueue(recipient: therapist.email.value, subject: email.subject, body: email.body, now: now, sql: sql)
            count += 1
        }
        return count
    }
}
