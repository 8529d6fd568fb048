import Foundation

/// One registration for a group session.
public struct GroupRegistration: Hashable, Sendable, Identifiable {
    /// Where the registration stands.
    public enum Status: String, Hashable, Sendable, Codable {
        case confirmed
        case waitlisted
        case cancelled
    }

    /// Whether the participant came.
    public enum Attendance: String, Hashable, Sendable, Codable {
        case notRecorded = "not-recorded"
        case attended
        case absent
    }

    /// The registration id.
    public let id: RegistrationID
    /// Who.
    public let participant: Participant
    /// When they registered; the waitlist is promoted in this order.
    public let registeredAt: Date
    /// Confirmed, waitlisted or cancelled.
    public internal(set) var status: Status
    /// Attendance, once recorded.
    public internal(set) var attendance: Attendance

    /// Creates a registration (normally made by `GroupSession.register`; public so stores can load one).
    public init(id: RegistrationID, participant: Participant, registeredAt: Date, status: Status, attendance: Attendance = .notRecorded) {
        self.id = id
        self.participant = participant
        self.registeredAt = registeredAt
        self.status = status
        self.attendance = attendance
    }
}

/// What a change to a group session did, for notifications.
public enum GroupEvent: Hashable, Sendable {
    /// A seat was given.
    case confirmed(RegistrationID)
    /// No seat was free; the registration waits at this position (1 = next).
    case waitlisted(RegistrationID, position: Int)
    /// The registration was cancelled.
    case cancelled(RegistrationID)
    /// A seat came free and this waiting registration got it.
    case promoted(RegistrationID)
}
