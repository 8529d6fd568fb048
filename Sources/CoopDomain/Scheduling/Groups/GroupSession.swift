import Foundation

/// A group therapy session, workshop or peer-support meeting with a fixed number of seats and a waitlist.
/// Many people can register for one session (unlike Cal.com seated events, which closed after the first booking).
public struct GroupSession: Hashable, Sendable, Identifiable {
    /// The session id.
    public let id: GroupSessionID
    /// Therapy group, workshop or peer support.
    public let kind: GroupKind
    /// When it takes place.
    public let slot: Slot
    /// The clinician or peer facilitator leading it.
    public let facilitator: MemberID
    /// Seats available.
    public private(set) var seats: Int
    /// Whether it was called off.
    public private(set) var isCancelled: Bool
    /// Every registration, in the order made.
    public private(set) var registrations: [GroupRegistration]

    /// Creates a session, empty or (for stores loading one) with its registrations in the order made.
    /// Throws `.invalidSeatCount` for fewer than one seat.
    public init(
        id: GroupSessionID,
        kind: GroupKind,
        slot: Slot,
        facilitator: MemberID,
        seats: Int,
        isCancelled: Bool = false,
        registrations: [GroupRegistration] = []
    ) throws(SchedulingError) {
        guard seats >= 1 else { throw .invalidSeatCount(seats) }
        self.id = id
        self.kind = kind
        self.slot = slot
        self.facilitator = facilitator
        self.seats = seats
        self.isCancelled = isCancelled
        self.registrations = registrations
    }

    /// Whether attendance goes into the clinical record (therapy groups only).
    public var createsClinicalRecord: Bool { kind.isClinical }
    /// Confirmed registrations in the order made.
    public var confirmed: [GroupRegistration] { registrations.filter { $0.status == .confirmed } }
    /// Waiting registrations, next first.
    public var waitlist: [GroupRegistration] { registrations.filter { $0.status == .waitlisted } }
    /// Seats not yet taken.
    public var seatsLeft: Int { max(0, seats - confirmed.count) }

    /// Registers `participant` at `now` as `id`: confirmed if a seat is free, else waitlisted.
    /// Throws when registration has closed, the member already holds a live registration, or the kind refuses the
    /// participant (a chosen name outside peer support; a guest in a therapy group).
    public mutating func register(_ participant: Participant, id: RegistrationID, at now: Date) throws(SchedulingError) -> GroupEvent {
        guard !isCancelled, now < slot.start else { throw .registrationClosed(self.id) }
        if case .chosen = participant.name, !kind.allowsChosenNames { throw .chosenNameNotAllowed(kind) }
        if kind.requiresMember && participant.member == nil { throw .memberRequired(kind) }
        if let member = participant.member, registrations.contains(where: { $0.participant.member == member && $0.status != .cancelled }) {
            throw .alreadyRegistered(member)
        }
        let status: GroupRegistration.Status = seatsLeft > 0 ? .confirmed : .waitlisted
        registrations.append(GroupRegistration(id: id, participant: participant, registeredAt: now, status: status, attendance: .notRecorded))
        return status == .confirmed ? .confirmed(id) : .waitlisted(id, position: waitlist.count)
    }

    /// Cancels registration `id` at `now`; if it held a seat before the start, the first waiting registration is
    /// promoted. Cancelling twice does nothing.
    public mutating func cancel(_ id: RegistrationID, at now: Date) throws(SchedulingError) -> [GroupEvent] {
        guard let index = registrations.firstIndex(where: { $0.id == id }) else { throw .registrationNotFound(id) }
        guard registrations[index].status != .cancelled else { return [] }
        registrations[index].status = .cancelled
        return [.cancelled(id)] + (now < slot.start && !isCancelled ? promote() : [])
    }

    /// Changes the number of seats; more seats promote waiting registrations. Throws `.seatsBelowConfirmed` rather
    /// than drop someone who holds a seat, and `.invalidSeatCount` below one.
    public mutating func setSeats(_ newSeats: Int) throws(SchedulingError) -> [GroupEvent] {
        guard newSeats >= 1 else { throw .invalidSeatCount(newSeats) }
        guard newSeats >= confirmed.count else { throw .seatsBelowConfirmed(seats: newSeats, confirmed: confirmed.count) }
        seats = newSeats
        return promote()
    }

    /// Records whether confirmed registration `id` attended; allowed once the session has started.
    public mutating func recordAttendance(_ id: RegistrationID, attended: Bool, at now: Date) throws(SchedulingError) {
        guard now >= slot.start else { throw .attendanceBeforeStart(self.id) }
        guard let index = registrations.firstIndex(where: { $0.id == id }) else { throw .registrationNotFound(id) }
        guard registrations[index].status == .confirmed else { throw .registrationNotConfirmed(id) }
        registrations[index].attendance = attended ? .attended : .absent
    }

    /// Calls the session off and cancels every live registration.
    public mutating func cancelSession() -> [GroupEvent] {
        isCancelled = true
        var events: [GroupEvent] = []
        for index in registrations.indices where registrations[index].status != .cancelled {
            registrations[index].status = .cancelled
            events.append(.cancelled(registrations[index].id))
        }
        return events
    }

    /// Moves waiting registrations into free seats, first come first served.
    private mutating func promote() -> [GroupEvent] {
        var events: [GroupEvent] = []
        while seatsLeft > 0, let index = registrations.firstIndex(where: { $0.status == .waitlisted }) {
            registrations[index].status = .confirmed
            events.append(.promoted(registrations[index].id))
        }
        return events
    }
}
