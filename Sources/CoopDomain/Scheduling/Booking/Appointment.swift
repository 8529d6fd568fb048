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
    /// Who waived the late-cancellation or no-show fee, and when; nil while it stands (or there is none).
    public var feeWaiver: FeeWaiver?

    /// The fee the session carries: its no-show fee, or its late-cancellation fee (zero when none).
    public var fee: Money { noShowFee ?? cancellation?.fee ?? .zero }
    /// What the client owes for it: the fee unless it was waived.
    public var feeOwed: Money { feeWaiver == nil ? fee : .zero }

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

    /// The appointment with its fee waived by `by` at `at`. Throws `.noFeeToWaive` when it carries no fee and
    /// `.feeAlreadyWaived` the second time.
    public func waivingFee(by: MemberID?, at: Date) throws(SchedulingError) -> Appointment {
        guard fee > .zero else { throw .noFeeToWaive(id) }
        guard feeWaiver == nil else { throw .feeAlreadyWaived(id) }
        var copy = self
        copy.feeWaiver = FeeWaiver(at: at, by: by)
        return copy
    }

    /// The busy time it puts in the therapist's calendar, or nil when it holds none.
    public var busyTime: BusyTime? {
        guard status.holdsTime else { return nil }
        return try? BusyTime(start: slot.start, end: slot.end, kind: .session, appointment: id)
    }
}

/// A late-cancellation or no-show fee waived by the session's therapist or a coordinator (an emergency, a first
/// time, a client who cannot pay: the co-op's people decide, and the audit log keeps who did).
public struct FeeWaiver: Hashable, Sendable, Codable {
    /// When.
    public let at: Date
    /// By whom (nil from the terminal).
    public let by: MemberID?

    /// Creates a waiver record.
    public init(at: Date, by: MemberID?) {
        self.at = at
        self.by = by
    }
}
