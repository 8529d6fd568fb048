import CoopDomain
import Foundation

/// A therapist as stored: the profile the matcher reads, plus what the directory and the calendar need.
public struct TherapistRecord: Sendable, Equatable {
    /// The profile with credentials, languages, specialties, modalities, deliveries and sliding-scale places.
    public var profile: TherapistProfile
    /// The therapist's name as the directory shows it.
    public var displayName: String
    /// A short introduction in the therapist's own words.
    public var bio: String
    /// The zone the weekly hours are written in.
    public var zone: IANATimeZone
    /// Session length, buffers and notice.
    public var session: SessionSettings
    /// Weekly hours in `zone`.
    public var weekly: [WeeklyRule]
    /// Days off and extra hours.
    public var exceptions: [DateException]
    /// Offices where the therapist sees clients in person.
    public var offices: [OfficeLocation]

    /// Creates a record.
    public init(
        profile: TherapistProfile, displayName: String, bio: String, zone: IANATimeZone, session: SessionSettings,
        weekly: [WeeklyRule] = [], exceptions: [DateException] = [], offices: [OfficeLocation] = []
    ) {
        self.profile = profile
        self.displayName = displayName
        self.bio = bio
        self.zone = zone
        self.session = session
        self.weekly = weekly
        self.exceptions = exceptions
        self.offices = offices
    }

    /// The therapist's id.
    public var id: MemberID { profile.id }

    /// The availability rules (validated again on load; a stored rule set was valid when saved).
    public func rules() throws(SchedulingError) -> AvailabilityRules {
        try AvailabilityRules(zone: zone, weekly: weekly, session: session)
    }
}
