import Foundation

/// One reason a slot can't be booked. `BookingRules.problems` lists all that apply.
public enum BookingProblem: Hashable, Sendable {
    /// The slot has already started.
    case inPast
    /// The slot starts sooner than the minimum notice allows; `earliest` is the first allowed start.
    case insideMinimumNotice(earliest: Date)
    /// The slot is not one the therapist's hours offer (outside the hours, off the start grid, or the wrong length).
    case outsideAvailability
    /// The slot overlaps the therapist's time off.
    case onTimeOff
    /// The slot, with buffers, collides with another appointment or busy time.
    case overlapsBooking(AppointmentID?)
    /// The therapist already has the most sessions allowed on that local date.
    case dailyLimitReached(LocalDate, limit: Int)
    /// The therapist already has the most sessions allowed in the week starting on that date.
    case weeklyLimitReached(weekStarting: LocalDate, limit: Int)
    /// The therapist's credentials do not cover the client's state on the session date.
    case notLicensed(USState, [CoverageGap])

    /// The sentence to show, as a message key with values.
    public var message: LocalizedMessage {
        switch self {
        case .inPast: LocalizedMessage("booking.problem.in-past")
        case .insideMinimumNotice(let earliest): LocalizedMessage("booking.problem.notice", ["earliest": ICalendar.isoUTC(earliest)])
        case .outsideAvailability: LocalizedMessage("booking.problem.outside-hours")
        case .onTimeOff: LocalizedMessage("booking.problem.time-off")
        case .overlapsBooking: LocalizedMessage("booking.problem.overlap")
        case .dailyLimitReached(let date, let limit):
            LocalizedMessage("booking.problem.daily-limit", ["date": date.description, "limit": String(limit)])
        case .weeklyLimitReached(let week, let limit):
            LocalizedMessage("booking.problem.weekly-limit", ["week": week.description, "limit": String(limit)])
        case .notLicensed(let state, _): LocalizedMessage("booking.problem.not-licensed", ["state": state.code])
        }
    }
}
