import Foundation

/// What can go wrong when finding and booking care, beyond the pure rules' own errors. No HTTP types.
public enum CareAccessError: Error, Equatable, Sendable {
    /// Someone else booked an overlapping time a moment ago (the database refused the second claim).
    case slotJustTaken
    /// No therapist profile with this id.
    case therapistNotFound
    /// No appointment with this id that the actor may see.
    case appointmentNotFound
    /// No client member with this id.
    case clientNotFound
    /// A calendar feed token that is unknown, revoked or malformed.
    case feedTokenNotFound
    /// A reschedule asked for inside the cancellation window; cancel instead (recorded as late).
    case rescheduleTooLate(windowHours: Int)
    /// A start time that is not a number of seconds since 1970.
    case invalidStart(String)
}
