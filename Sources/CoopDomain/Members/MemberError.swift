import Foundation

/// What can go wrong with members, invitations and sign-in. No HTTP types: the web layer maps these.
public enum MemberError: Error, Equatable, Sendable {
    /// Why a name was refused.
    public enum NameProblem: Equatable, Sendable {
        case empty
        case tooLong(maximum: Int)
        case controlCharacters
    }

    case invalidEmail
    case invalidName(NameProblem)
    case invalidRole(String)
    case noRoles
    case emailTaken
    case invitationNotFound
    case invitationExpired
    case invitationUsed
    case passwordRejected([PasswordProblem])
    case passwordsDoNotMatch
    case memberNotFound
    case invalidCredentials
    case throttled(retryAfter: TimeInterval)
    case secondFactorInvalid
    case secondFactorReplayed
    case secondFactorNotStarted
    case secondFactorAlreadyEnabled
    case secondFactorRequiredForRole
    case tokenNotFound
    case invalidTokenName
    case setupAlreadyDone
}

/// A refusal by the authorisation policy, raised by every use case.
public struct AccessDenied: Error, Equatable, Sendable {
    /// The reason given by the policy.
    public var reason: DenialReason
    /// Creates the error.
    public init(_ reason: DenialReason) { self.reason = reason }
}
