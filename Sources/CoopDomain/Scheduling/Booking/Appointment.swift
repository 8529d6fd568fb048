import Foundation

/// One session between a therapist and a client (or one occurrence of a series), as the rules see it.
public struct Appointment: Hashable, Sendable, Identifiable {
    /// The appointment's id; also the calendar UID, so a reschedule updates the same calendar entry.
    public let id: AppointmentID
    /// The therapist.
    public let therapist: MemberID
    /// The client.
    public let client: MemberID
    /// When it takes place.
    public var slot: Slot
    /// Where it stands.
    public var status: AppointmentStatus
    /// The state the client declared they will be in, which the licence must cover.
    public var clientState: USState
    /// Telehealth or in person.
    public var delivery: Delivery
    /// The series it belongs to, if any, and its index there.
    public var series: SeriesID?
    /// Index of the occurrence in `series`.
    public var occurrence: Int?
    /// The iCalendar SEQUENCE: 0 when booked, one more on every change the client should see.
    public var sequence: Int
    /// How it was cancelled, once cancelled.
    public var cancellation: CancellationRecord?
    /// The fee charged for a no-show, once recorded.
    public var noShowFee: Money?

    /// Creates an appointment.
    public init(
        id: AppointmentID,
        therapist: MemberID,
        client: MemberID,
        slot: Slot,
        status: AppointmentStatus = .booked,
        clientState: USState,
        delivery: Delivery = .telehealth,
        series: SeriesID? = nil,
        occurrence: Int? = nil,
        sequence: Int = 0
    ) {
        self.id = id
        self.therapist = therapist
        self.client = client
        self.slot = slot
        self.status = status
        self.clientState = clientState
        self.delivery = delivery
        self.series = series
        self.occurrence = occurrence
        self.sequence = sequence
    }

    /// The busy time it puts in the therapist's calendar, or nil when it holds none.
    public var busyTime: BusyTime? {
        guard status.holdsTime else { return nil }
        return try? BusyTime(start: slot.start, end: slot.end, kind: .session, appointment: id)
    }
}
