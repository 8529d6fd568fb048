import Foundation

/// Time already taken in the therapist's calendar.
public struct BusyTime: Hashable, Sendable, Codable {
    /// What kind of busy time it is.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A session with a client: surrounded by the buffers, and counted toward the daily and weekly caps.
        case session
        /// Anything else (a meeting, an imported busy block): blocks only its own span.
        case blocked
    }

    /// When it starts.
    public let start: Date
    /// When it ends.
    public let end: Date
    /// Session or other.
    public let kind: Kind
    /// The appointment it comes from, if any.
    public let appointment: AppointmentID?

    /// Creates a busy time; throws `SchedulingError.invalidSlot` unless `end` is after `start`.
    public init(start: Date, end: Date, kind: Kind = .session, appointment: AppointmentID? = nil) throws(SchedulingError) {
        guard end > start else { throw .invalidSlot(start: start, end: end) }
        self.start = start
        self.end = end
        self.kind = kind
        self.appointment = appointment
    }

    /// The span as a slot.
    public var span: Slot { Slot(uncheckedStart: start, end: end) }
}
