import CoopData
import CoopDomain
import Foundation

extension CareAccess {
    /// The PRODID of every calendar file CoopCare writes.
    public static let productID = "-//CoopCare//Care access//EN"

    /// A client's own booking as a one-event calendar file (cancelled bookings carry METHOD:CANCEL).
    public func calendarFile(_ id: AppointmentID, actor: Actor, origin: RequestOrigin) async throws -> String {
        let appointment = try await load(id, actor: actor, action: { .viewAppointment(client: $0.client, therapist: $0.therapist) }, origin: origin)
        let now = services.now()
        let (therapist, client) = try await services.database.read { sql in
            (try await members.find(id: appointment.therapist, sql: sql), try await members.find(id: appointment.client, sql: sql))
        }
        guard let therapist, let client else { throw CareAccessError.appointmentNotFound }
        let invitation = BookingInvitation(
            appointment: appointment, stamp: now,
            summary: bookingMessages?.calendarSummary(therapistName: therapist.member.displayName.value, language: client.member.language)
                ?? "Session with \(therapist.member.displayName.value)",
            location: appointment.delivery == .telehealth ? "Telehealth" : nil,
            organizer: CalendarAddress(email: therapist.member.email, name: therapist.member.displayName.value),
            attendee: CalendarAddress(email: client.member.email, name: client.member.displayName.value)
        )
        return try ICalendar.invitation(invitation, method: appointment.status == .cancelled ? .cancel : .request, prodID: Self.productID)
    }

    /// A clinician's feed tokens, newest first.
    public func feedTokens(actor: Actor, origin: RequestOrigin) async throws -> [CalendarFeedToken] {
        try await require(actor, .manageCalendarFeed, origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        return try await services.database.read { sql in try await feeds.list(for: me, sql: sql) }
    }

    /// Makes a new feed token for the clinician; the token is shown once, inside the feed address.
    public func createFeedToken(actor: Actor, origin: RequestOrigin) async throws -> String {
        try await require(actor, .manageCalendarFeed, origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        return try await services.database.transaction { sql in
            let (token, record) = try await feeds.create(for: me, now: now, sql: sql)
            try await audit.append(
                AuditEvent(actor: me.rawValue, action: .create, resourceType: "calendar-feed", resourceID: record.id, outcome: .success),
                origin: origin, at: now, sql: sql
            )
            return token
        }
    }

    /// Revokes one of the clinician's feed tokens; the old address stops working at once.
    public func revokeFeedToken(_ id: String, actor: Actor, origin: RequestOrigin) async throws {
        try await require(actor, .manageCalendarFeed, origin: origin)
        guard let me = actor.memberID else { throw AccessDenied(.notSignedIn) }
        let now = services.now()
        try await services.database.transaction { sql in
            guard try await feeds.revoke(id: id, of: me, now: now, sql: sql) else { throw CareAccessError.feedTokenNotFound }
            try await audit.append(
                AuditEvent(actor: me.rawValue, action: .delete, resourceType: "calendar-feed", resourceID: id, outcome: .success),
                origin: origin, at: now, sql: sql
            )
        }
    }

    /// The feed behind a token: the clinician's sessions from 30 days back to a year ahead, with no client information
    /// (every entry is a `PrivacySafeEvent`). An unknown or revoked token is refused and audited.
    public func feed(token: String, origin: RequestOrigin) async throws -> String {
        let now = services.now()
        let wellFormed = (20...64).contains(token.count) && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        var owner: MemberID?
        if wellFormed { owner = try await services.database.read { sql in try await feeds.member(forToken: token, sql: sql) } }
        guard let owner else {
            try await services.database.transaction { sql in
                try await audit.append(
                    AuditEvent(actor: nil, action: .read, resourceType: "calendar-feed", outcome: .denied, detail: "unknown or revoked token"),
                    origin: origin, at: now, sql: sql
                )
            }
            throw CareAccessError.feedTokenNotFound
        }
        let stored = try await services.database.read { sql in
            try await appointments.forTherapist(owner, from: now.addingTimeInterval(-30 * 86_400), to: now.addingTimeInterval(365 * 86_400), sql: sql)
        }
        let events = stored.compactMap { PrivacySafeEvent($0.appointment, stamp: $0.updatedAt) }
        return try ICalendar.feed(events: events, prodID: Self.productID)
    }
}
