import Foundation

/// A therapist's sliding-scale places (USERS.md: "5 sliding scale spots" per clinician, rationed with a waitlist).
public struct SlidingScaleCapacity: Hashable, Sendable, Codable {
    /// Places offered.
    public let places: Int
    /// Places taken.
    public let taken: Int

    /// Creates a capacity; throws `CareError.invalidSlidingScaleCapacity` for negative numbers.
    /// More taken than offered is allowed (a quota lowered by vote) and simply leaves no free place.
    public init(places: Int, taken: Int) throws(CareError) {
        guard places >= 0, taken >= 0 else { throw .invalidSlidingScaleCapacity(places: places, taken: taken) }
        self.places = places
        self.taken = taken
    }

    /// Free places (never negative).
    public var free: Int { max(0, places - taken) }
    /// Whether a place is free.
    public var hasFreePlace: Bool { free > 0 }
}
