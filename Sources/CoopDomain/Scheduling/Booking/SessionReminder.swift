import Foundation

/// The email reminder before a session. The lead times are a governed setting (``SessionReminderLeads``, 24 hours
/// until a decision sets others; see ``dueStage(start:leads:lastSent:at:)``).
/// A reminder says only the date, time and a link: never a diagnosis, note or other clinical detail.
public enum SessionReminder {
    /// The standard single lead time (24 hours).
    public static let defaultLead: TimeInterval = 24 * 3600

    /// Whether the reminder for `appointment` is due at `now`: it is still upcoming, and starts within `lead`.
    public static func isDue(_ appointment: Appointment, lead: TimeInterval = defaultLead, at now: Date) -> Bool {
        appointment.status.isUpcoming && now < appointment.slot.start && now >= appointment.slot.start.addingTimeInterval(-lead)
    }
}
