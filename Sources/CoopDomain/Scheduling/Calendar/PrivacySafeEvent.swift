import Foundation

/// A calendar entry for a clinician's feed that cannot carry client information: it holds only an opaque id, the
/// times, a status and a sequence, and its summary is always "Session" (DOMAIN.md §7: no PHI, no client name,
/// no join link in feeds). There is deliberately no initialiser taking free text.
public struct PrivacySafeEvent: Hashable, Sendable {
    /// The only summary a feed entry has.
    public static let summary = "Session"

    /// The UID: the record's random UUID, so it reveals nothing and stays stable across changes.
    public let uid: String
    /// When.
    public let slot: Slot
    /// TENTATIVE, CONFIRMED or CANCELLED.
    public let status: ICalendar.EventStatus
    /// The SEQUENCE, raised on every change.
    public let sequence: Int
    /// The DTSTAMP: in a feed (no METHOD) RFC 5545 §3.8.7.2 reads it as when the record was last changed.
    public let stamp: Date

    /// An entry for any scheduling record (appointment, group session) by its id.
    public init<Owner>(id: EntityID<Owner>, slot: Slot, status: ICalendar.EventStatus, sequence: Int, stamp: Date) {
        self.uid = id.rawValue
        self.slot = slot
        self.status = status
        self.sequence = max(0, sequence)
        self.stamp = stamp
    }

    /// The entry for an appointment last changed at `stamp`; nil when its status keeps it off calendars (waitlist).
    public init?(_ appointment: Appointment, stamp: Date) {
        guard let status = appointment.status.calendarStatus else { return nil }
        self.init(id: appointment.id, slot: appointment.slot, status: status, sequence: appointment.sequence, stamp: stamp)
    }
}
