import Foundation

/// What can go wrong when scheduling and running a meeting, beyond the rules ``GovernanceError`` already names.
/// No HTTP types: the web layer maps these to statuses and messages.
public enum MeetingError: Error, Equatable, Sendable {
    /// No meeting has this id.
    case meetingNotFound
    /// A field is missing or not readable (its name is given).
    case invalidField(String)
    /// The meeting's title is empty or longer than this.
    case invalidTitle(maximumLength: Int)
    /// The agenda has no item, or more than this many.
    case agendaSize(maximum: Int)
    /// A proposed or fixed time is not in the future.
    case timeInPast
    /// A time poll needs from 2 to this many distinct candidate times.
    case candidateTimes(maximum: Int)
    /// The time poll must close before the earliest candidate time.
    case timePollClosesTooLate
    /// The meeting's time has not been decided yet.
    case timeNotSet
    /// No candidate time at this position.
    case slotNotFound
    /// The meeting has started (or been opened); proxies and its time can no longer change.
    case alreadyStarted
    /// The meeting has not started: attendance and votes wait for it.
    case notStarted
    /// A vote needs the meeting's quorum: this many present or represented, and only so many are.
    case notQuorate(required: Int, present: Int)
    /// No member has this id.
    case unknownMember
    /// The proxy has been used (its giver is recorded as represented), so it can no longer be withdrawn.
    case proxyInUse
    /// Minutes text is longer than this many characters (per agenda item).
    case minutesTooLong(maximumLength: Int)
    /// No agenda item at this position.
    case agendaItemNotFound
}
