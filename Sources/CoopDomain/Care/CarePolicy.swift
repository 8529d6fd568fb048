import Foundation

/// Something an actor wants to do in care access, with the people it concerns.
public enum CareAction: Sendable, Equatable {
    /// Search the public directory and read therapist profiles and open times.
    case viewDirectory
    /// Book a session for `client` with `therapist`.
    case book(client: MemberID, therapist: MemberID)
    /// Reschedule or cancel an appointment between `client` and `therapist`.
    case changeAppointment(client: MemberID, therapist: MemberID)
    /// See an appointment (and its calendar file) between `client` and `therapist`.
    case viewAppointment(client: MemberID, therapist: MemberID)
    /// See every booking in a therapist's calendar.
    case viewBookings(therapist: MemberID)
    /// Change a therapist's hours, profile and credentials.
    case manageAvailability(therapist: MemberID)
    /// Create or revoke one's own calendar feed.
    case manageCalendarFeed
    /// Join or leave a waitlist, and answer its offers, as or for `client`.
    case waitlist(client: MemberID)
    /// See every waitlist (staff).
    case viewWaitlists
    /// Record that the client did not come to a session: the session's therapist, or a coordinator.
    case recordAttendance(therapist: MemberID)
    /// Waive the late-cancellation or no-show fee of a session: its therapist, or a coordinator.
    case waiveFee(therapist: MemberID)
}

/// Who may do what in care access: readable predicates, deny by default, tested without a database.
///
/// - Anyone, signed in or not, may search the directory: finding care must not need an account.
/// - A client books, moves and cancels their own sessions. Coordinators may book for any client (staff booking);
///   a clinician may book a client into their own calendar only.
/// - The therapist of an appointment and coordinators may see and change it; nobody else may see a booking.
/// - Clinicians manage their own hours and feed; coordinators may manage anyone's hours.
/// - A client joins and leaves waitlists and answers offers for themself; coordinators may do it for anyone and see
///   every waitlist.
/// - The therapist of a session and coordinators record a missed session and may waive its fee; the client may not.
/// - Roles that need a second factor (clinician, coordinator, treasurer) act only after passing it.
public enum CarePolicy {
    /// Decides whether `actor` may perform `action`.
    public static func decide(_ actor: Actor, _ action: CareAction) -> Decision {
        if action == .viewDirectory { return .allow }
        guard let me = actor.memberID else { return .deny(.notSignedIn) }
        if actor.roles.requireMFA && !actor.mfaSatisfied { return .deny(.secondFactorRequired) }
        switch action {
        case .viewDirectory:
            return .allow
        case .book(let client, let therapist):
            if client == me && actor.has(.client) && therapist != me { return .allow }
            if actor.has(.coordinator) { return .allow }
            if actor.has(.clinician) && therapist == me && client != me { return .allow }
            return .deny(.missingRole)
        case .changeAppointment(let client, let therapist), .viewAppointment(let client, let therapist):
            return client == me || therapist == me || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .viewBookings(let therapist):
            return therapist == me || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .manageAvailability(let therapist):
            return (therapist == me && actor.has(.clinician)) || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .manageCalendarFeed:
            return actor.has(.clinician) ? .allow : .deny(.missingRole)
        case .waitlist(let client):
            if client == me && actor.has(.client) { return .allow }
            return actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .viewWaitlists:
            return actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .recordAttendance(let therapist), .waiveFee(let therapist):
            return (therapist == me && actor.has(.clinician)) || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        }
    }
}
