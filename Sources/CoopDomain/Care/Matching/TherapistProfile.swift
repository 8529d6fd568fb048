import Foundation

/// What matching knows about a therapist.
public struct TherapistProfile: Hashable, Sendable {
    /// Licences and the rest; `credentials.therapist` is the therapist's id.
    public let credentials: PracticeCredentials
    /// Languages they work in.
    public let languages: Set<LanguageCode>
    /// What they specialise in.
    public let specialties: Set<Specialty>
    /// Who they see.
    public let modalities: Set<Modality>
    /// How they see them.
    public let deliveries: Set<Delivery>
    /// Sliding-scale places.
    public let slidingScale: SlidingScaleCapacity
    /// Whether they take new clients at all.
    public let acceptingNewClients: Bool

    /// Creates a profile.
    public init(
        credentials: PracticeCredentials,
        languages: Set<LanguageCode>,
        specialties: Set<Specialty>,
        modalities: Set<Modality>,
        deliveries: Set<Delivery>,
        slidingScale: SlidingScaleCapacity,
        acceptingNewClients: Bool = true
    ) {
        self.credentials = credentials
        self.languages = languages
        self.specialties = specialties
        self.modalities = modalities
        self.deliveries = deliveries
        self.slidingScale = slidingScale
        self.acceptingNewClients = acceptingNewClients
    }

    /// The therapist's id.
    public var id: MemberID { credentials.therapist }
}
