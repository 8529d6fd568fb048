import Foundation

/// A request to book one slot with one therapist.
public struct BookingRequest: Hashable, Sendable {
    /// The client.
    public let client: MemberID
    /// The slot wanted.
    public let slot: Slot
    /// The state the client will be in during the session.
    public let clientState: USState
    /// The client's zone, to find the session date for the licence check; the therapist's zone when nil.
    public let clientZone: IANATimeZone?
    /// Telehealth or in person.
    public let delivery: Delivery

    /// Creates a request.
    public init(client: MemberID, slot: Slot, clientState: USState, clientZone: IANATimeZone? = nil, delivery: Delivery = .telehealth) {
        self.client = client
        self.slot = slot
        self.clientState = clientState
        self.clientZone = clientZone
        self.delivery = delivery
    }
}

/// How strictly a booking must match the therapist's hours.
public enum SlotAlignment: Hashable, Sendable {
    /// Exactly one of the offered slots: on the start grid and one session long (client self-booking).
    case offeredSlot
    /// Anywhere inside the working hours, any length (staff booking an off-grid or double session).
    case insideHours
}
