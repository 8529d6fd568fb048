import CoopData
import CoopDomain
import Foundation

/// A resolved session: who the member is, what they may do, and the session's CSRF token.
public struct SignedInSession: Sendable, Equatable {
    public var member: Member
    public var actor: Actor
    public var record: SessionRecord
}

/// The outcome of the first step of signing in.
public enum SignInResult: Sendable, Equatable {
    /// Fully signed in; `token` goes in the session cookie.
    case signedIn(token: String)
    /// Password accepted; the second factor must follow. `token` is a short-lived pending session.
    case needsSecondFactor(token: String)
}

/// What a coordinator gets back from an invitation: the link to pass on (it is also queued as an email).
public struct IssuedInvitation: Sendable, Equatable {
    public var link: String
    public var expiresAt: Date
}

/// What someone opening an invitation link sees before accepting.
public struct InvitationSummary: Sendable, Equatable {
    public var email: EmailAddress?
    public var displayName: DisplayName?
    public var roles: Set<Role>
    public var isSetup: Bool
    /// The shortest password accepted for these roles.
    public var minimumPasswordLength: Int
}

/// A second factor being set up: the secret to type or scan.
public struct MFAEnrolment: Sendable, Equatable {
    public var secretBase32: String
    public var provisioningURI: String
}

/// The member's own security settings, as the account page lists them.
public struct AccountOverview: Sendable, Equatable {
    public var apiTokens: [APITokenRecord]
    public var recoveryCodesLeft: Int
}
