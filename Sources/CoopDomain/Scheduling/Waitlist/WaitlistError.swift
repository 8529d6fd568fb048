import Foundation

/// What can go wrong with waitlists, offers and recurring series in the use cases, beyond the pure rules' own errors.
/// No HTTP types: the web layer maps these.
public enum WaitlistError: Error, Equatable, Sendable {
    /// No waitlist entry with this id that the actor may see (or it was already left).
    case entryNotFound
    /// No offer with this id for this actor.
    case offerNotFound
    /// The offer was already answered, ran out or moved on to someone else.
    case offerNoLongerOpen
    /// The client already waits on this list (same therapist, or the co-op's list).
    case alreadyWaiting
    /// An earliest date after the latest date, or a latest date already past.
    case invalidDateRange
    /// A time window that is malformed (end not after start, unknown day).
    case invalidWindow
    /// Too many windows on one entry.
    case tooManyWindows(maximum: Int)
    /// A series length outside 2…`maximum` sessions.
    case invalidSeriesLength(maximum: Int)
    /// A series end date before the first session, or one giving fewer than 2 or more than `maximum` sessions.
    case invalidSeriesEnd(maximum: Int)
    /// A frequency other than weekly or every two weeks.
    case unknownFrequency
    /// Some sessions of a series can't be booked; the local dates (therapist's zone) that clash.
    case seriesConflicts([LocalDate])
    /// The appointment is not part of a series.
    case notInSeries
}
