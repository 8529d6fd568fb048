import Foundation

/// Why a group or workshop request was refused; each has a clear message in both languages.
public enum GroupsError: Error, Equatable, Sendable {
    /// A title that is empty or longer than `maximum` characters.
    case invalidTitle(maximum: Int)
    /// A description longer than `maximum` characters.
    case invalidDescription(maximum: Int)
    /// A start time that has already passed.
    case startInPast
    /// A start that is not a date and time.
    case invalidStart
    /// A length outside `minimum`…`maximum` minutes.
    case invalidDuration(minimum: Int, maximum: Int)
    /// A seat count outside `minimum`…`maximum`.
    case invalidSeats(minimum: Int, maximum: Int)
    /// No such session, or not one the visitor may see.
    case sessionNotFound
    /// The session has started, ended or was called off.
    case registrationClosed
    /// The email address is not one.
    case invalidEmail
    /// A name that is empty, longer than `maximum` characters or has control characters.
    case invalidName(maximum: Int)
    /// This email already holds a place (or a waitlist position) for this session.
    case duplicateEmail
    /// The member already takes part.
    case alreadyJoined
    /// The member holds no live registration to leave.
    case notJoined
    /// A cancel link that is unknown.
    case cancelLinkNotFound
    /// Attendance asked for before the session started.
    case attendanceBeforeStart
    /// A chosen name offered for a group that is not peer support.
    case chosenNameNotAllowed
    /// Workshops are joined through their public page, not as a member.
    case joinThroughWorkshopPage
}
