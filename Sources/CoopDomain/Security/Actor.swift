import Foundation

/// Who is asking: a signed-in member with their roles, or nobody.
public struct Actor: Sendable, Equatable {
    /// The member's id, or nil for an anonymous visitor.
    public var memberID: MemberID?
    /// The roles the member holds.
    public var roles: Set<Role>
    /// Whether the member has passed the second factor in this session (or needs none).
    public var mfaSatisfied: Bool

    /// Creates an actor.
    public init(memberID: MemberID?, roles: Set<Role>, mfaSatisfied: Bool) {
        self.memberID = memberID
        self.roles = roles
        self.mfaSatisfied = mfaSatisfied
    }

    /// An anonymous visitor.
    public static let anonymous = Actor(memberID: nil, roles: [], mfaSatisfied: false)

    /// Whether this actor is signed in.
    public var isSignedIn: Bool { memberID != nil }

    /// Whether the actor holds the role.
    public func has(_ role: Role) -> Bool { roles.contains(role) }
}
