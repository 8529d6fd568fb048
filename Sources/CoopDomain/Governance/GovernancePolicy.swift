import Foundation

/// Something a member wants to do in governance. Membership rules (who may vote, stand, hold a proxy) are checked by
/// ``Electorate`` and ``ProxyRegister``; this policy decides only who may run the process.
public enum GovernanceAction: Sendable, Equatable {
    /// Read the proposals and cast one's own ballot (the electorate decides whether it counts).
    case takePart
    /// Start a poll.
    case startPoll
    /// Close a poll before its closing time; `author` is the poll's author.
    case closePollEarly(author: MemberID)
    /// Write a closed poll's outcome statement; `author` is the poll's author.
    case writeOutcome(author: MemberID)
    /// File or withdraw a proxy for `giver`.
    case manageProxy(giver: MemberID)
    /// Put a governed setting in force without a vote.
    case enactEmergencyChange
    /// Open an application for someone, admit or decline them after the vote, or record that a member left.
    case manageMemberships
    /// Schedule a meeting, set its agenda and record attendance.
    case runMeeting
    /// Write, submit or sign off minutes (the sign-off rules themselves are ``Meeting/signOffMinutes(by:at:)``'s).
    case keepMinutes
}

/// Who may run the governance process: pure predicates, deny by default, as ``AccessPolicy``.
///
/// Any signed-in member may start polls and manage their own proxy; the poll's author or a coordinator may close it
/// early and write its outcome; coordinators run memberships, meetings, minutes and emergency changes.
public enum GovernancePolicy {
    /// Decides whether `actor` may perform `action`.
    public static func decide(_ actor: Actor, _ action: GovernanceAction) -> Decision {
        guard actor.isSignedIn else { return .deny(.notSignedIn) }
        if actor.roles.requireMFA && !actor.mfaSatisfied { return .deny(.secondFactorRequired) }
        let coordinator = actor.has(.coordinator)
        switch action {
        case .startPoll, .takePart:
            return .allow
        case .closePollEarly(let author), .writeOutcome(let author):
            return actor.memberID == author || coordinator ? .allow : .deny(.missingRole)
        case .manageProxy(let giver):
            return actor.memberID == giver || coordinator ? .allow : .deny(.missingRole)
        case .enactEmergencyChange, .manageMemberships, .runMeeting, .keepMinutes:
            return coordinator ? .allow : .deny(.missingRole)
        }
    }
}
