import Foundation

/// Where an appointment stands, with FHIR R4 `Appointment.status` codes (DOMAIN.md §7) so exports map one to one.
public enum AppointmentStatus: String, Sendable, Codable, CaseIterable {
    case proposed
    case pending
    case booked
    case arrived
    case fulfilled
    case cancelled
    case noshow
    case enteredInError = "entered-in-error"
    case checkedIn = "checked-in"
    case waitlist

    /// Whether the appointment holds its time in the therapist's calendar.
    public var holdsTime: Bool {
        switch self {
        case .proposed, .pending, .booked, .arrived, .checkedIn, .fulfilled: true
        case .cancelled, .noshow, .enteredInError, .waitlist: false
        }
    }

    /// Whether it can still be cancelled, rescheduled or marked as a no-show.
    public var isUpcoming: Bool {
        switch self {
        case .proposed, .pending, .booked: true
        default: false
        }
    }

    /// The iCalendar STATUS for calendar copies, or nil when it should not appear at all.
    /// A no-show keeps CONFIRMED: the time was reserved. Entered-in-error becomes CANCELLED so copies disappear.
    public var calendarStatus: ICalendar.EventStatus? {
        switch self {
        case .proposed, .pending: .tentative
        case .booked, .arrived, .checkedIn, .fulfilled, .noshow: .confirmed
        case .cancelled, .enteredInError: .cancelled
        case .waitlist: nil
        }
    }
}
