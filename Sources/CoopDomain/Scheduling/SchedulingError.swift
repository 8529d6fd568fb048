import Foundation

/// What can go wrong in availability, booking, series, waitlist, groups and calendar output.
/// No HTTP types: the web layer maps these.
public enum SchedulingError: Error, Equatable, Sendable {
    // Input values
    /// Not an IANA zone name ("PST", "Mars/Base", "GMT+5").
    case unknownTimeZone(String)
    /// Not a real `YYYY-MM-DD` date.
    case invalidDate(String)
    /// Not a time `HH:MM` between 00:00 and 24:00.
    case invalidTime(String)
    /// A slot whose end is not after its start.
    case invalidSlot(start: Date, end: Date)
    /// A `from…to` range whose end is before its start.
    case invalidRange(from: Date, to: Date)
    /// A range longer than the calculator will expand.
    case rangeTooLong(maximumDays: Int)

    // Availability rules
    /// A rule or exception whose end is not after its start.
    case endNotAfterStart(DayReference, start: LocalTime, end: LocalTime)
    /// Two weekly rules for the same weekday overlap.
    case overlappingRules(Weekday)
    /// A date is both a day off and has extra hours.
    case conflictingExceptions(LocalDate)
    /// A window shorter than one session.
    case sessionDoesNotFit(DayReference, windowMinutes: Int, sessionMinutes: Int)
    /// A setting out of range (session length 1–720 minutes, buffers and notice ≥ 0, caps ≥ 1, step ≥ 5).
    case invalidSetting(name: String, value: Int)
    /// A time-off range whose end is not after its start.
    case invalidTimeOff(start: Date, end: Date)

    // Booking and appointments
    /// The slot can't be booked, with every reason found.
    case notBookable([BookingProblem])
    /// The action needs an appointment in another status (e.g. cancelling one already cancelled).
    case appointmentNotActive(AppointmentID, AppointmentStatus)
    /// A no-show can only be recorded once the session has started.
    case noShowBeforeStart(AppointmentID)
    /// The session carries no late-cancellation or no-show fee to waive.
    case noFeeToWaive(AppointmentID)
    /// The session's fee was already waived.
    case feeAlreadyWaived(AppointmentID)

    // Series
    /// A recurrence count outside 1…`maximum`.
    case invalidOccurrenceCount(Int, maximum: Int)
    /// An `until` date before the first occurrence.
    case untilBeforeStart(until: LocalDate, start: LocalDate)
    /// No occurrence with this index in the series.
    case noSuchOccurrence(Int)

    // Waitlist
    /// A waitlist time window whose end is not after its start.
    case invalidWaitlistWindow(Weekday, start: LocalTime, end: LocalTime)
    /// An offer duration of zero or less.
    case invalidOfferDuration(TimeInterval)
    /// The entry does not hold the current offer.
    case noOfferFor(WaitlistEntryID)
    /// The offer ran out before the answer came.
    case offerExpired(WaitlistEntryID, expiredAt: Date)

    // Groups and workshops
    /// Seats must be at least 1.
    case invalidSeatCount(Int)
    /// Reducing seats below the confirmed registrations.
    case seatsBelowConfirmed(seats: Int, confirmed: Int)
    /// The member is already registered (confirmed or waitlisted).
    case alreadyRegistered(MemberID)
    /// Registration closes when the session starts, or the session was cancelled.
    case registrationClosed(GroupSessionID)
    /// No registration with this id.
    case registrationNotFound(RegistrationID)
    /// The registration was cancelled or is still on the waitlist.
    case registrationNotConfirmed(RegistrationID)
    /// A chosen name is allowed only in peer-support groups.
    case chosenNameNotAllowed(GroupKind)
    /// A clinical group needs a client member, not an anonymous participant.
    case memberRequired(GroupKind)
    /// Attendance can only be recorded once the session has started.
    case attendanceBeforeStart(GroupSessionID)
    /// A display name that is empty or too long.
    case invalidParticipantName(String)

    // Calendar output
    /// A PRODID that is empty or has control characters.
    case invalidProductID(String)
}

/// Which rule a validation error is about: a weekly rule's weekday, or an exception's date.
public enum DayReference: Hashable, Sendable {
    case weekday(Weekday)
    case date(LocalDate)
}
