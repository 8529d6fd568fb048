import Foundation

/// The kind of group session, which decides who may register and whether it is clinical.
public enum GroupKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Group psychotherapy led by a clinician: clinical, for client members under their own names.
    case therapyGroup = "therapy-group"
    /// A community education workshop: non-clinical, open to the public.
    case workshop
    /// A peer-support group led by a peer facilitator: non-clinical; participants may use a chosen name.
    case peerSupport = "peer-support"

    /// Whether attendance belongs in the clinical record. Workshops and peer groups are kept out of it.
    public var isClinical: Bool { self == .therapyGroup }

    /// Whether a participant may go by a chosen name (pseudonym) instead of their registered name.
    public var allowsChosenNames: Bool { self == .peerSupport }

    /// Whether every participant must be a member (a client), rather than a guest.
    public var requiresMember: Bool { self == .therapyGroup }
}
