import Foundation

/// The email reminder before a session. The lead time is a bylaws-level default (24 hours) rather than a governed
/// setting for now: adding a governed setting touches every proposal form and the settings history.
/// A reminder says only the date, time and a link: never a diagnosis, note or other clinical detail.
public enum SessionReminder {
    /// How long before the start the reminder is due.
    public static let defaultLead: TimeInterval = 24 * 3600

    /// Whether the reminder for `appointment` is due at `now`: it is still upcoming, and starts within `lead`.
    public static func isDue(_ appointment: Appointment, lead: TimeInterval = defaultLead, at now: Date) -> Bool {
        appointment.status.isUpcoming && now < appointment.slot.start && now >= appointment.slot.start.addingTimeInterval(-lead)
    }
}
