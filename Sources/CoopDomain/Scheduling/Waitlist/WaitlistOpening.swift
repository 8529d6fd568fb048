import Foundation

/// A session time that came free (a cancellation, new hours) and the therapist facts the entries are checked against.
public struct WaitlistOpening: Hashable, Sendable {
    /// The free slot.
    public let slot: Slot
    /// The therapist's credentials (their id is `credentials.therapist`).
    public let credentials: PracticeCredentials
    /// Languages the therapist works in.
    public let languages: Set<LanguageCode>
    /// The therapist's sliding-scale places.
    public let slidingScale: SlidingScaleCapacity
    /// Telehealth or in person.
    public let delivery: Delivery

    /// Creates an opening.
    public init(
        slot: Slot,
        credentials: PracticeCredentials,
        languages: Set<LanguageCode>,
        slidingScale: SlidingScaleCapacity,
        delivery: Delivery = .telehealth
    ) {
        self.slot = slot
        self.credentials = credentials
        self.languages = languages
        self.slidingScale = slidingScale
        self.delivery = delivery
    }
}
