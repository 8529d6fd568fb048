import Foundation

/// An identifier for one kind of scheduling record: a random UUID in lower-case text, typed by `Owner` so an
/// appointment id can't be passed where a waitlist entry id is expected.
public struct EntityID<Owner>: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    /// The text form.
    public let rawValue: String

    /// Wraps an existing id; nil unless it is a UUID.
    public init?(rawValue: String) {
        guard let canonical = CanonicalUUID.canonical(rawValue) else { return nil }
        self.rawValue = canonical
    }

    /// Makes a new random id.
    public static func make() -> EntityID { EntityID(rawValue: UUID().uuidString)! }

    public var description: String { rawValue }
}

/// Identifies one appointment (one session with one client, or one occurrence of a series).
public typealias AppointmentID = EntityID<Appointment>
/// Identifies a recurring series of appointments.
public typealias SeriesID = EntityID<AppointmentSeries>
/// Identifies a waitlist entry.
public typealias WaitlistEntryID = EntityID<WaitlistEntry>
/// Identifies one group session or workshop.
public typealias GroupSessionID = EntityID<GroupSession>
/// Identifies one registration for a group session or workshop.
public typealias RegistrationID = EntityID<GroupRegistration>
