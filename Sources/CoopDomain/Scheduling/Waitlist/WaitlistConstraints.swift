import Foundation

/// What a waitlist entry asks beyond `WaitlistEntry`'s own rules: a date range and the kind of session.
public struct WaitlistConstraints: Hashable, Sendable {
    /// The earliest local date (client's zone) a session may fall on, nil for any.
    public let earliest: LocalDate?
    /// The latest local date (client's zone), nil for any.
    public let latest: LocalDate?
    /// Individual, couples, family or group.
    public let modality: Modality
    /// Telehealth or in person.
    public let delivery: Delivery

    /// Creates constraints; throws `WaitlistError.invalidDateRange` when `earliest` is after `latest`.
    public init(earliest: LocalDate? = nil, latest: LocalDate? = nil, modality: Modality = .individual, delivery: Delivery = .telehealth) throws(WaitlistError) {
        if let earliest, let latest, earliest > latest { throw .invalidDateRange }
        self.earliest = earliest
        self.latest = latest
        self.modality = modality
        self.delivery = delivery
    }

    /// Whether `slot` and a therapist offering `modalities` and `deliveries` satisfy these constraints, the session
    /// date read in `zone` (the client's).
    public func accepts(_ slot: Slot, zone: IANATimeZone, modalities: Set<Modality>, deliveries: Set<Delivery>) -> Bool {
        guard modalities.contains(modality), deliveries.contains(delivery) else { return false }
        let date = zone.localDate(at: slot.start)
        if let earliest, date < earliest { return false }
        if let latest, date > latest { return false }
        return true
    }
}
