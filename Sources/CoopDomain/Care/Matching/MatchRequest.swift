import Foundation

/// What a client is looking for.
public struct MatchRequest: Hashable, Sendable {
    /// The state they will be in for sessions.
    public let clientState: USState
    /// The language they want sessions in, nil for no preference.
    public let language: LanguageCode?
    /// Their needs, matched against specialties.
    public let needs: Set<Specialty>
    /// Individual, couples, family or group.
    public let modality: Modality
    /// Telehealth or in person.
    public let delivery: Delivery
    /// Whether they need a sliding-scale place.
    public let needsSlidingScale: Bool
    /// The client, when known (for temporary authorisations limited to an existing client).
    public let client: MemberID?

    /// Creates a request.
    public init(
        clientState: USState,
        language: LanguageCode? = nil,
        needs: Set<Specialty> = [],
        modality: Modality = .individual,
        delivery: Delivery = .telehealth,
        needsSlidingScale: Bool = false,
        client: MemberID? = nil
    ) {
        self.clientState = clientState
        self.language = language
        self.needs = needs
        self.modality = modality
        self.delivery = delivery
        self.needsSlidingScale = needsSlidingScale
        self.client = client
    }
}

/// A therapist to rank, with their first open slot (from `AvailabilityCalculator.firstOpenSlot`), nil if none soon.
public struct MatchCandidate: Hashable, Sendable {
    /// The profile.
    public let profile: TherapistProfile
    /// Their first open slot.
    public let firstOpening: Date?

    /// Creates a candidate.
    public init(profile: TherapistProfile, firstOpening: Date?) {
        self.profile = profile
        self.firstOpening = firstOpening
    }
}
