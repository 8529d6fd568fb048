import Foundation

/// A role a person holds in the co-op. One person may hold several; a client's clinical record stays apart from
/// any membership they also hold.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case clinician = "clinician"
    case peerFacilitator = "peer-facilitator"
    case coordinator = "coordinator"
    case treasurer = "treasurer"
    case client = "client"
    case communityMember = "community-member"

    /// Roles that see clinical, financial or security data must use a second factor (DOMAIN.md §6.6).
    public var requiresMFA: Bool {
        switch self {
        case .clinician, .coordinator, .treasurer: true
        case .peerFacilitator, .client, .communityMember: false
        }
    }

    /// Staff roles get the shorter idle timeout.
    public var isStaff: Bool {
        switch self {
        case .clinician, .coordinator, .treasurer, .peerFacilitator: true
        case .client, .communityMember: false
        }
    }

    /// The key of this role's name in the message catalogues.
    public var messageKey: String { "role.\(rawValue)" }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Collection where Element == Role {
    /// Whether any of these roles makes a second factor mandatory.
    public var requireMFA: Bool { contains { $0.requiresMFA } }
}
