import Foundation

/// A calendar address: an email with an optional display name.
public struct CalendarAddress: Hashable, Sendable {
    /// The address.
    public let email: EmailAddress
    /// The display name (CN), if any.
    public let name: String?

    /// Creates an address.
    public init(email: EmailAddress, name: String? = nil) {
        self.email = email
        self.name = name
    }

    /// `;CN=…` with the name made safe for a parameter value (quoted when needed, DQUOTE and controls removed).
    var commonNameParameter: String {
        guard let name else { return "" }
        let cleaned = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0 != "\"" && $0.properties.generalCategory != .control }))
        guard !cleaned.isEmpty else { return "" }
        return cleaned.contains(where: { ";:,".contains($0) }) ? ";CN=\"\(cleaned)\"" : ";CN=\(cleaned)"
    }
}

/// A client's own booking, for the single-event file sent to them. Unlike a feed entry it may name the therapist,
/// since it goes only to the client; keep join links out of it all the same.
public struct BookingInvitation: Hashable, Sendable {
    /// The UID (the appointment id).
    public let uid: String
    /// When.
    public let slot: Slot
    /// The SEQUENCE.
    public let sequence: Int
    /// The DTSTAMP: with a METHOD, RFC 5545 §3.8.7.2 reads it as when this file was made.
    public let stamp: Date
    /// The SUMMARY ("Session with Alex Kim, LMFT").
    public let summary: String
    /// An optional DESCRIPTION.
    public let description: String?
    /// An optional LOCATION (an office address; "Telehealth" for video).
    public let location: String?
    /// Who sends it (the co-op's scheduling address or the therapist).
    public let organizer: CalendarAddress
    /// The client.
    public let attendee: CalendarAddress

    /// Creates the invitation for `appointment`, using its id, slot and sequence.
    public init(
        appointment: Appointment,
        stamp: Date,
        summary: String,
        description: String? = nil,
        location: String? = nil,
        organizer: CalendarAddress,
        attendee: CalendarAddress
    ) {
        self.uid = appointment.id.rawValue
        self.slot = appointment.slot
        self.sequence = appointment.sequence
        self.stamp = stamp
        self.summary = summary
        self.description = description
        self.location = location
        self.organizer = organizer
        self.attendee = attendee
    }
}
