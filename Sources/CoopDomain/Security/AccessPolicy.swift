import Foundation

/// Something an actor wants to do. Each case names the resource it concerns where one is involved.
public enum Action: Sendable, Equatable {
    /// See one's own home page and account.
    case viewOwnAccount
    /// Change one's own password, language, second factor, sessions and API tokens.
    case manageOwnAccount
    /// Invite new people and give them roles.
    case inviteMembers
    /// See the member register (names, emails, roles, status).
    case listMembers
    /// See another member's account record.
    case viewMember(MemberID)
    /// See the audit log.
    case viewAuditLog
    /// Recompute the audit chain.
    case verifyAuditLog
    /// Use the JSON API.
    case useAPI
    /// See the mail outbox (recipients, subjects, bodies, delivery status).
    case viewOutbox
}

/// The answer of a policy: allowed, or denied with the reason (for the audit log and the message).
public enum Decision: Sendable, Equatable {
    case allow
    case deny(DenialReason)

    /// Whether the decision allows the action.
    public var isAllowed: Bool { self == .allow }
}

/// Why a policy said no.
public enum DenialReason: String, Sendable, Equatable {
    case notSignedIn = "not-signed-in"
    case secondFactorRequired = "second-factor-required"
    case missingRole = "missing-role"
}

/// The authorisation policy for accounts, members and security: pure predicates, deny by default.
/// Every use case asks it before doing anything; the web layer never decides.
public enum AccessPolicy {
    /// Decides whether `actor` may perform `action`.
    public static func decide(_ actor: Actor, _ action: Action) -> Decision {
        guard actor.isSignedIn else { return .deny(.notSignedIn) }
        // A member whose roles need a second factor may do nothing until it is passed.
        if actor.roles.requireMFA && !actor.mfaSatisfied {
            return action == .manageOwnAccount ? .allow : .deny(.secondFactorRequired)
        }
        switch action {
        case .viewOwnAccount, .manageOwnAccount:
            return .allow
        case .inviteMembers, .viewAuditLog, .verifyAuditLog, .viewOutbox:
            return actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .listMembers:
            return actor.has(.coordinator) || actor.has(.treasurer) ? .allow : .deny(.missingRole)
        case .viewMember(let id):
            return id == actor.memberID || actor.has(.coordinator) ? .allow : .deny(.missingRole)
        case .useAPI:
            return .allow
        }
    }
}
