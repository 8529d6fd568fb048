import Foundation

/// Something an actor wants to do with groups and workshops.
public enum GroupAction: Sendable, Equatable {
    /// Create a session of `kind`.
    case create(GroupKind)
    /// See the list of groups one can join or runs (signed in).
    case listGroups
    /// Join (or leave) a session of `kind` as oneself.
    case join(GroupKind, facilitator: MemberID)
    /// See the roster and record attendance for a session led by `facilitator`.
    case runSession(GroupKind, facilitator: MemberID)
    /// Change a session led by `facilitator` (title, time, length, seats, place), one meeting or this and all following.
    case changeSession(GroupKind, facilitator: MemberID)
    /// Cancel a session led by `facilitator`, one meeting or this and all following.
    case cancelSession(GroupKind, facilitator: MemberID)
}

/// Who may do what with groups and workshops: pure predicates, deny by default.
///
/// - Workshops are public: a visitor registers without an account (not a policy question: no actor is needed).
/// - Peer-support groups are created by peer facilitators or coordinators; workshops by peer facilitators,
///   clinicians or coordinators; group therapy only by clinicians (it is clinical care).
/// - Any signed-in member may join a peer-support group; only clients may join group therapy, and never their own.
/// - The facilitator of a session and coordinators see its roster and record attendance, and change or cancel it.
/// - Roles that need a second factor act only after passing it.
public enum GroupPolicy {
    /// Decides whether `actor` may perform `action`.
    public static func decide(_ actor: Actor, _ action: GroupAction) -> Decision {
        guard let me = actor.memberID else { return .deny(.notSignedIn) }
        if actor.roles.requireMFA && !actor.mfaSatisfied { return .deny(.secondFactorRequired) }
        switch action {
        case .listGroups:
            return .allow
        case .create(.peerSupport):
            return actor.has(.peerFacilitator) || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .create(.workshop):
            return actor.has(.peerFacilitator) || actor.has(.clinician) || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .create(.therapyGroup):
            return actor.has(.clinician) ? .allow : .deny(.missingRole)
        case .join(.therapyGroup, let facilitator):
            return actor.has(.client) && facilitator != me ? .allow : .deny(.missingRole)
        case .join(.peerSupport, let facilitator):
            return facilitator != me ? .allow : .deny(.missingRole)
        case .join(.workshop, _):
            return .allow
        case .runSession(_, let facilitator), .changeSession(_, let facilitator), .cancelSession(_, let facilitator):
            return facilitator == me || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        }
    }
}
